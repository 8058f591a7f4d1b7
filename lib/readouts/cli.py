"""The command line: ``readouts annotate`` and ``readouts report``.

Errors a user can cause (a bad file, a bad path) end with exit status 2 and one line on
stderr naming the file and the problem, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

from .read.corpus import MAX_DOCUMENT_MB
from .read.files import FOLLOW_LINKS_ENV, printable
from .errors import ReadoutsError, ReadoutsWarning

EXIT_USAGE = 2
NAME_PATTERN_HELP = ("metadata from file names: a regex with named groups matched against the file stem, "
                     "e.g. '(?P<date>\\d{4}-\\d{2}-\\d{2})_(?P<outlet>\\w+)' (default: built-in patterns)")


def _one_line_warnings(message, category, filename, lineno, file=None, line=None):
    print(f"readouts: warning: {printable(str(message))}", file=sys.stderr)


def cmd_annotate(args: argparse.Namespace) -> int:
    from .engine.files import annotate_files
    from .read.corpus import find_files
    from .tables import check_table_outputs

    outputs = {"sentences": Path(args.out), "documents": args.documents and Path(args.documents),
               "spans": args.spans and Path(args.spans)}
    outputs = {name: path for name, path in outputs.items() if path}
    check_table_outputs(list(outputs.values()), args.paths)
    cache = _cache(args)
    if cache is None:
        summary = annotate_files(args, outputs, processes=_jobs(args))
    else:
        from .engine import runs as caching

        files, ignored = find_files(args.paths)
        options = {"on_error": "skip" if args.skip_bad else "raise", "text_column": args.text_column, "form": args.form,
                   "max_mb": args.max_mb, "name_pattern": args.name_pattern, "scheme": args.scheme,
                   "policy_model": caching.file_hash(args.policy_model)}
        key = caching.run_key(files, ignored, options)
        summary = caching.find_run(cache, key, outputs)
        if summary is not None:                   # the same files, options and versions as last time
            caching.restore_run(cache, key, outputs)
            for message in summary["warnings"]:
                warnings.warn(message, ReadoutsWarning, stacklevel=1)
        else:
            with warnings.catch_warnings(record=True) as said:
                warnings.simplefilter("always", ReadoutsWarning)
                summary = annotate_files(args, outputs, cache, processes=_jobs(args))
            summary["warnings"] = [str(w.message) for w in said if issubclass(w.category, ReadoutsWarning)]
            for message in summary["warnings"]:
                warnings.warn(message, ReadoutsWarning, stacklevel=1)
            caching.store_run(cache, key, outputs, summary)
    for line in summary["skipped"]:
        print(f"readouts: skipped {printable(line)}", file=sys.stderr)
    also = [f"{summary['spans']} spans -> {outputs['spans']}"] if "spans" in outputs else []
    also += [f"{summary['documents']} documents -> {outputs['documents']}"] if "documents" in outputs else []
    print(f"{summary['documents']} documents, {summary['sentences']} sentences -> {args.out}"
          + (f" ({'; '.join(also)})" if also else "")
          + (f"; skipped {len(summary['skipped'])} file(s)" if summary["skipped"] else ""))
    return 0


def _jobs(args) -> int:
    return args.jobs if args.jobs and args.jobs > 0 else (os.cpu_count() or 1)


def _cache(args):                       # never inside the corpus (nor the corpus inside it)
    from .engine.cache import Cache, cache_dir
    from .paths import check_apart
    return None if args.no_cache else Cache(check_apart(args.cache_dir or cache_dir(), args.paths, "the annotation cache"))


def cmd_cache(args: argparse.Namespace) -> int:
    from .engine.cache import Cache, cache_dir

    cache = Cache(args.cache_dir or cache_dir())
    if args.action == "clear":
        print(f"removed {cache.clear():,} file(s) from {cache.folder}")
    else:
        info = cache.info()
        print(f"{info['folder']}: {info['files']:,} file(s), {info['bytes'] / 1e6:,.1f} MB; documents cached per "
              "layer group: " + ", ".join(f"{g} {n:,}" for g, n in info["documents"].items())
              + f"; {info['runs']} whole run(s)")
    return 0


def _load(args):
    from .read.corpus import load_corpus

    corpus = load_corpus(args.paths, on_error="skip" if getattr(args, "skip_bad", False) else "raise",
                         max_mb=args.max_mb,
                         name_patterns={"custom": args.name_pattern} if getattr(args, "name_pattern", None) else None)
    for err in corpus.skipped:
        print(f"readouts: skipped {err}", file=sys.stderr)
    return corpus


def cmd_kwic(args: argparse.Namespace) -> int:
    from .analyses.kwic import kwic, kwic_text
    from .tables import check_table_outputs, write_table

    if args.out:
        check_table_outputs([Path(args.out)], args.paths)
    table = kwic(_load(args), args.query, window=args.window, regex=args.regex)
    if args.out:
        write_table(table, args.out)
    print(kwic_text(table, width=args.width) if len(table) else f"no match for {args.query!r}")
    print(f"{len(table)} line(s)", file=sys.stderr)
    return 0


def cmd_phrases(args: argparse.Namespace) -> int:
    from .analyses import recurring_phrases as phrases
    from .paths import check_writable_outside_inputs

    out = check_writable_outside_inputs(args.out, args.paths)
    # the documents stream through: read, segmented, annotated with the formulations layer only (the
    # other layers' columns are not used here), their words counted by DuckDB; none stays in memory
    skipped: list = []
    documents = phrases.iter_documents(args.paths, on_error="skip" if args.skip_bad else "raise", max_mb=args.max_mb,
                                       name_patterns={"custom": args.name_pattern} if args.name_pattern else None,
                                       skipped=skipped)
    run = phrases.count_corpus(documents, cache=_cache(args), processes=_jobs(args), keep_sentences=args.discover)
    for err in skipped:
        print(f"readouts: skipped {err}", file=sys.stderr)
    counts, spans, docs = run.counts, run.spans, run.documents
    names = ["ngrams.csv", "collocations.csv", "keyness.csv", "formulations.csv", "formulation_presence.csv",
             "formulation_first_last.csv", "formulation_counts_by_year.csv"]
    try:
        # the two tables of millions of rows go from DuckDB to their files, never a DataFrame; each
        # document's keyness first: it is the one that can fail (a corpus whose words are all in one document)
        if docs.doc_id.nunique() > 1:
            names.append("keyness_by_document.csv")
            counts.write_keyness_by_document(out / "keyness_by_document.csv", min_count=args.min_count)
        counts.write_ngrams(out / "ngrams.csv", min_count=args.min_count)
        written = {
            "collocations.csv": counts.collocations(min_count=args.min_count),
            "keyness.csv": counts.keyness(reference="general", min_count=args.min_count),
            "formulations.csv": phrases.formulations_found(spans),
            "formulation_presence.csv": phrases.presence_matrix(spans, docs).reset_index(),
            "formulation_first_last.csv": phrases.first_last_seen(spans, docs),
            "formulation_counts_by_year.csv": phrases.counts_over_time(spans, docs),
        }
    finally:
        counts.close()
    if args.discover:
        from .analyses import discovery

        found = discovery.discover(run.sentences, docs, min_documents=args.min_documents,
                                   min_sources=args.min_sources)
        written["discovered.csv"] = found
        names.append("discovered.csv")
    for name, table in written.items():
        phrases.write_csv(table, out / name)          # as write_table writes it, faster on many rows
    if args.discover:
        from .paths import write_atomically

        where = ", ".join(str(p) for p in args.paths)
        write_atomically(out / "discovered_registry.yaml",
                         lambda tmp: tmp.write_text(discovery.as_registry_entries(found, corpus=where), encoding="utf-8"),
                         "the discovered formulations")
        print(f"{len(found)} candidate formulations not in the registry -> {out / 'discovered.csv'}, "
              f"and as registry entries to review -> {out / 'discovered_registry.yaml'}")
    print(f"{len(names)} tables -> {out}: " + ", ".join(names))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    import shlex

    from .report.build import build_report
    from .report.notebooks import list_notebooks, settings

    pairs = list(args.param or []) + [p for text in args.params or [] for p in shlex.split(text)]
    # an unknown or mistyped setting is an error before any work
    params = settings(pairs, list_notebooks(args.notebook or None))

    def say(line: str) -> None:          # which notebook runs, how far annotation has got
        print(f"readouts: {line}", file=sys.stderr, flush=True)
    result = build_report(corpus=args.corpus, build_dir=args.build, notebooks=args.notebook or None,
                          on_error="skip" if args.skip_bad else "raise", name_pattern=args.name_pattern or "",
                          max_mb=args.max_mb, jobs=args.jobs, params=params, say=None if args.quiet else say)
    if result.language_warning:
        warnings.warn(ReadoutsWarning(result.language_warning))
    for page in result.pages:
        print(f"{'ok    ' if page.ok else 'FAILED'} {page.name}  ({page.seconds:.1f} s)")
    print(f"report: {result.index}")
    if result.failed:
        print(f"readouts: {len(result.failed)} notebook(s) failed: "
              + ", ".join(f"{p.name} ({p.error})" for p in result.failed), file=sys.stderr)
        return 1
    return 0


def cmd_learn(args: argparse.Namespace) -> int:
    from .analyses.learned_policy import learn_from_coding

    table, path = learn_from_coding(args.coded, args.texts, args.out, scheme=args.scheme, folds=args.folds)
    micro = table[table.area == "micro"].set_index("coder")
    print(table.to_string(index=False))
    print(f"learned coder ({args.folds}-fold cross-validated) micro-F1 {micro.f1.iloc[0]:.2f}, dictionary "
          f"{micro.f1.iloc[-1]:.2f} on the same {int(micro.support.iloc[0])} coded areas; model -> {path}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .analyses.validation.run import OUT_DIR, headline_table, validate

    own = list(zip(args.coded or [], args.texts or []))
    if len(args.coded or []) != len(args.texts or []):
        raise ReadoutsError("give one --texts PATH for each --coded FILE (the texts that file codes)")
    figures = validate(args.data, out_dir=args.out or OUT_DIR, write_md=not args.no_md, own=own,
                       polnear_limit=args.polnear_limit, command="readouts validate" if args.out else "make validate",
                       progress=lambda line: print(line, file=sys.stderr))
    if len(figures):
        table = headline_table(figures)
        with_values = table.assign(Readouts=table.Readouts.map(lambda v: f"{v:.2f}" if v == v else ""))
        print(with_values.to_string(index=False))
    print(f"validation: {args.out or OUT_DIR}" + ("" if args.no_md else " and VALIDATION.md"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="readouts", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    a = sub.add_parser("annotate", help="write the annotated sentence table (and the documents and spans tables)")
    a.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    a.add_argument("--out", required=True, metavar="FILE", help="sentence table, .csv or .parquet")
    a.add_argument("--documents", metavar="FILE", help="documents table, .csv or .parquet")
    a.add_argument("--spans", metavar="FILE", help="spans table (quotes, actor mentions, verbs), .csv or .parquet")
    a.add_argument("--skip-bad", action="store_true", help="write the readable files and list the skipped ones")
    a.add_argument("--text-column", metavar="NAME", help="text column of CSV/JSONL files (default: text, body, ...)")
    a.add_argument("--name-pattern", metavar="REGEX", help=NAME_PATTERN_HELP)
    a.add_argument("--scheme", choices=["diplomatic", "cap"], default="diplomatic", help="policy scheme: the diplomatic areas (default) or CAP's 21 major topics")
    a.add_argument("--policy-model", metavar="FILE", help="a coder made by `readouts learn`: adds the columns "
                                                         "policy_areas_learned and policy_learned_probability")
    a.add_argument("--form", choices=["reported", "first person", "transcript", "joint", "fact sheet"],
                   help="read every document as this form instead of detecting it (a `form` column in CSV/JSONL "
                        "sets it per document)")
    a.set_defaults(func=cmd_annotate)

    k = sub.add_parser("kwic", help="keyword in context: every occurrence of a word, phrase or /regex/")
    k.add_argument("query", help="a word, a phrase, or a regular expression between slashes: '/call(ed)? for/'")
    k.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    k.add_argument("--window", type=int, default=6, help="words of context on each side (default 6)")
    k.add_argument("--width", type=int, default=45, help="characters of context shown on each side")
    k.add_argument("--regex", action="store_true", help="treat QUERY as a regular expression")
    k.add_argument("--out", metavar="FILE", help="also write the table, .csv or .parquet")
    k.add_argument("--skip-bad", action="store_true", help="leave out files that cannot be read")
    k.set_defaults(func=cmd_kwic)

    ph = sub.add_parser("phrases", help="write n-grams, collocations, keyness and formulations as CSV")
    ph.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    ph.add_argument("--out", required=True, metavar="DIR", help="folder for the CSV tables")
    ph.add_argument("--min-count", type=int, default=2, help="least count of a phrase or word (default 2)")
    ph.add_argument("--skip-bad", action="store_true", help="leave out files that cannot be read")
    ph.add_argument("--name-pattern", metavar="REGEX", help=NAME_PATTERN_HELP)
    ph.add_argument("--discover", action="store_true",
                    help="also list candidate formulations the registry lacks (discovered.csv, discovered_registry.yaml)")
    ph.add_argument("--min-documents", type=int, default=3, help="with --discover: least documents a candidate is in (default 3)")
    ph.add_argument("--min-sources", type=int, default=2, help="with --discover: least sources it comes from (default 2)")
    ph.set_defaults(func=cmd_phrases)

    c = sub.add_parser("cache", help="the annotation cache: 'clear' empties it, 'info' says what it holds")
    c.add_argument("action", choices=["clear", "info"])
    c.add_argument("--cache-dir", metavar="DIR", help="the cache folder (default: $READOUTS_CACHE or build/cache)")
    c.set_defaults(func=cmd_cache)

    r = sub.add_parser("report", help="run every notebook on a corpus and render the HTML report")
    r.add_argument("--corpus", default=None, metavar="PATH", help="texts to analyse (default: seeds/)")
    r.add_argument("--build", default=None, metavar="DIR", help="output folder (default: build/)")
    r.add_argument("--notebook", action="append", metavar="NAME", help="run only this notebook: a name in notebooks/ or the path of your own .ipynb (repeatable)")
    r.add_argument("--skip-bad", action="store_true", help="leave out files that cannot be read (listed in each notebook)")
    r.add_argument("--name-pattern", metavar="REGEX", help=NAME_PATTERN_HELP)
    r.add_argument("--jobs", type=int, default=0, metavar="N", help="notebooks run at a time (default 0: one per core)")
    r.add_argument("--param", action="append", metavar="NAME=VALUE",
                   help="a notebook setting, e.g. kwic_terms='Taiwan; history' or top_n=10, given to every notebook "
                        "that has it (repeatable; an unknown NAME is an error listing the known ones)")
    r.add_argument("--params", action="append", metavar="'NAME=VALUE ...'",
                   help="several settings in one string, quoted as in a shell (what `make report PARAMS=...` passes)")
    r.add_argument("--quiet", action="store_true", help="say nothing while it runs (which notebook, how far)")
    r.set_defaults(func=cmd_report)
    le = sub.add_parser("learn", help="fit a policy coder on your own coding; print its cross-validated figures")
    le.add_argument("--coded", required=True, metavar="FILE", help="your coded file (validation/CODING_GUIDE.md format)")
    le.add_argument("--texts", required=True, metavar="PATH", help="the texts it codes")
    le.add_argument("--out", required=True, metavar="FILE", help="the model file to write (JSON)")
    le.add_argument("--scheme", choices=["diplomatic", "cap"], default="diplomatic", help="the scheme of its codes")
    le.add_argument("--folds", type=int, default=5, metavar="K", help="cross-validation folds (default 5)")
    le.set_defaults(func=cmd_learn)

    v = sub.add_parser("validate", help="score every layer on the validation sets present; write VALIDATION.md")
    v.add_argument("--data", metavar="DIR", help="the validation data (default: ../shared/validation-data beside "
                                               "the project); a set not there is skipped with a note")
    v.add_argument("--coded", action="append", metavar="FILE", help="your own coded file (validation/CODING_GUIDE.md "
                                                                     "format; repeatable, each with a --texts)")
    v.add_argument("--texts", action="append", metavar="PATH", help="the texts a --coded file codes")
    v.add_argument("--out", metavar="DIR", help="folder for the CSV tables (default build/validation)")
    v.add_argument("--no-md", action="store_true", help="do not rewrite VALIDATION.md")
    v.add_argument("--polnear-limit", type=int, metavar="N", help="score PolNeAR on its first N articles only")
    v.set_defaults(func=cmd_validate)
    for command in (a, ph):
        command.add_argument("--jobs", type=int, default=0, metavar="N",
                             help="worker processes (default 0: one per core)")
        command.add_argument("--no-cache", action="store_true", help="neither read nor write the annotation cache")
        command.add_argument("--cache-dir", metavar="DIR", help="the cache folder (default: $READOUTS_CACHE or "
                                                                "build/cache)")
    a.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="where the work runs: this machine, or a Dask cluster (pip install -e '.[dask]')")
    a.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                                                         "(default: a local cluster)")
    a.add_argument("--quiet", action="store_true", help="no progress line")
    for command in (a, k, ph, r):
        command.add_argument("--max-mb", type=float, default=MAX_DOCUMENT_MB, metavar="MB",
                             help=f"refuse a document larger than this (default {MAX_DOCUMENT_MB:g} MB)")
        command.add_argument("--follow-links", action="store_true",
                             help="also read symbolic links that lead outside the corpus folder (skipped by default)")
        command.add_argument("--safe-csv", action="store_true", help="prefix with ' every CSV cell a spreadsheet "
                                                                     "would run as a formula (=, +, -, @)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for flag, env in (("follow_links", FOLLOW_LINKS_ENV), ("safe_csv", "READOUTS_SAFE_CSV")):
        os.environ.update({env: "1"} if getattr(args, flag, False) else {})   # the notebooks' kernels inherit it
    warnings.showwarning = _one_line_warnings
    warnings.simplefilter("default", ReadoutsWarning)
    try:
        return args.func(args)
    except ReadoutsError as err:
        print(f"readouts: error: {printable(str(err))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("readouts: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
