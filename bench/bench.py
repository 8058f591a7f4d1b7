"""`make bench`: speed and memory of every stage, against floors measured in the same run.

Each stage runs in a fresh process, so its peak RSS (that process and its workers) is its own:

  floor (a)     read every file and split it into words with one regular expression
  floor (b)     TextBlob's PatternAnalyzer alone over the same sentences (time of that loop only);
                Readouts' own TextBlob compared with it on every sentence (not timed)
  VADER         vaderSentiment's compound alone (timed), and Readouts' own VADER compared with it
  floor (c)     papermill executing as many empty notebooks as the report has (seed table only)
  load          load_corpus: decode, header, paragraphs, datelines
  segment       load + every sentence (the ratio to floor (a) is on segmentation's own time)
  annotate ×1   `readouts annotate --jobs 1 --no-cache`: every layer, tables streamed to Parquet,
                with each annotator group's own seconds (anatomy = speakers, verbs, quotes, points)
  annotate ×2   the same with two worker processes and an empty cache (the cold run)
  rerun         the same again: every result read from the cache
  phrases       `readouts phrases` on the whole corpus, cold cache: n-grams, collocations, keyness
                (DuckDB, out of core) and the formulation tables
  report        `readouts report` on the seed: notebook execution and HTML conversion
  report ×40    `readouts report` on 40 documents of the corpus, one notebook at a time: each
                notebook's seconds beyond an empty notebook's
  helpers       every notebook helper on a synthetic 100,000-sentence table (bench/helpers_scale.py)
  report many   `readouts report` on 20,000 small files (paragraphs of the corpus, one a file), cold cache:
                the whole report against its annotation

READOUTS_BENCH_CORPUS=path/to/texts measures your own corpus instead of the UN's.

on the seed (repeated to be measurable) and on the UN General Debate corpus in ../shared/corpora
(unpacked to a temporary folder), or, when it is absent, a synthetic corpus of the same size
built from the seed. Writes BENCHMARKS.md. Figures, never assertions.
"""
from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import warnings
from pathlib import Path

from readouts.paths import NOTEBOOKS_DIR, PROJ_ROOT, SEEDS_DIR

UN_ARCHIVE = PROJ_ROOT.parent / "shared" / "corpora" / "ungdc-1946-2019.tar.xz"
UN_WORDS = 29_970_000           # the size a synthetic stand-in copies
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _quiet_load(paths):
    from readouts import load_corpus
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(paths, max_mb=1000)


def _annotate(paths: list[str], out: str, jobs: int, cache: str | None) -> dict:
    from readouts import cli
    from readouts.engine import groups as engine
    args = ["annotate", *paths, "--out", f"{out}/s.parquet", "--spans", f"{out}/spans.parquet",
            "--documents", f"{out}/d.csv", "--jobs", str(jobs), "--quiet", "--max-mb", "1000"]
    args += ["--cache-dir", cache] if cache else ["--no-cache"]
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = cli.main(args)
    seconds = time.perf_counter() - started
    assert code == 0
    return {"seconds": seconds, "groups": dict(engine.GROUP_SECONDS)}


def run_stage(stage: str, paths: list[str], repeat: int, work: str) -> dict:
    out: dict = {"stage": stage}
    started = time.perf_counter()
    for _ in range(repeat):
        if stage == "floor_a":
            from readouts.read.corpus import find_files
            out["words"] = out.get("words", 0) + sum(
                len(WORD.findall(f.read_bytes().decode("utf-8", "replace"))) for f in find_files(paths)[0])
        elif stage in ("load", "segment"):
            corpus = _quiet_load(paths)
            loaded = time.perf_counter()
            if stage == "segment":
                out["sentences"] = out.get("sentences", 0) + sum(len(d.sentences) for d in corpus)
                out["words"] = out.get("words", 0) + sum(sum(d.word_counts) for d in corpus)
                out["segment_only"] = out.get("segment_only", 0.0) + time.perf_counter() - loaded
            out["docs"] = len(corpus)
        elif stage == "floor_b":
            from textblob.en.sentiments import PatternAnalyzer

            from readouts.layers.textblob_fast import FastPattern
            corpus = _quiet_load(paths)
            sentences = [d.text[s.start:s.end] for d in corpus for s in d.sentences]
            analyzer = PatternAnalyzer()
            t = time.perf_counter()
            theirs = [analyzer.analyze(s) for s in sentences]
            out["analysis_only"] = out.get("analysis_only", 0.0) + time.perf_counter() - t
            # Readouts' own TextBlob, compared with the package on every sentence (not timed)
            fast = FastPattern()
            out["textblob_mismatches"] = sum(fast.sentiment(s) != tuple(r) for s, r in zip(sentences, theirs))
            out["textblob_by_package"] = fast.tokenized_by_textblob
            out["sentences"] = len(sentences)
        elif stage == "floor_v":
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            from readouts.layers.vader_fast import FastVader
            corpus = _quiet_load(paths)
            sentences = [d.text[s.start:s.end] for d in corpus for s in d.sentences]
            analyzer = SentimentIntensityAnalyzer()
            t = time.perf_counter()
            theirs = [analyzer.polarity_scores(s)["compound"] for s in sentences]
            out["analysis_only"] = out.get("analysis_only", 0.0) + time.perf_counter() - t
            fast = FastVader()
            out["vader_mismatches"] = sum(fast.compound(s) != r for s, r in zip(sentences, theirs))
            out["vader_by_package"] = getattr(fast, "fallbacks", 0)
        elif stage == "floor_c":
            import nbformat
            from readouts.report.notebooks import execute
            folder = Path(work) / "empty"
            folder.mkdir(parents=True, exist_ok=True)
            n = len(list(NOTEBOOKS_DIR.glob("*.ipynb")))
            for i in range(n):
                nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
                nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
                nbformat.write(nb, folder / f"{i}.ipynb")
                execute(folder / f"{i}.ipynb", folder / f"{i}.out.ipynb", {})
            out["notebooks"] = n
        elif stage.startswith("annotate") or stage == "rerun":
            jobs = 1 if stage == "annotate_1" else 2
            cache = None if stage == "annotate_1" else str(Path(work) / "cache")
            if stage == "annotate_2":
                shutil.rmtree(cache, ignore_errors=True)          # the cold run starts empty
            out.update(_annotate(paths, work, jobs, cache))
        elif stage == "phrases":
            from readouts import cli
            from readouts.analyses import recurring_phrases as phrases
            counted = phrases.count_corpus

            def count_corpus(*args, **kwargs):       # the command's own run, its words noted for the table
                found = counted(*args, **kwargs)
                out["words"] = found.counts.words
                return found
            phrases.count_corpus = count_corpus
            cache = Path(work) / "phrases-cache"
            shutil.rmtree(cache, ignore_errors=True)         # cold: the formulations layer runs
            t = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                code = cli.main(["phrases", *paths, "--out", str(Path(work) / "phrases"), "--cache-dir", str(cache),
                                 "--max-mb", "1000"])
            assert code == 0
            out["phrases_only"] = out.get("phrases_only", 0.0) + time.perf_counter() - t
        elif stage in ("report", "report_1"):
            # report_1: one notebook at a time, so that each notebook's seconds are its own
            from readouts.report import build as report
            marks: dict = {}

            def say(line: str) -> None:
                marks.setdefault("first_notebook" if ": running" in line else line, time.perf_counter())
            t = time.perf_counter()
            result = report.build_report(corpus=paths[0], build_dir=Path(work) / stage, say=say,
                                         jobs=1 if stage == "report_1" else 0)
            out["annotation"] = marks.get("first_notebook", t) - t
            out["execution"] = result.execution_seconds          # notebooks run side by side
            out["notebooks"] = {p.name: round(p.seconds, 2) for p in result.pages}
            out["failed"] = [p.name for p in result.failed]
        elif stage == "report_many":
            # a scraped folder: 20,000 small files, one report (notebooks two at a time), cold cache
            from readouts.report import build as report
            os.environ["READOUTS_CACHE"] = str(Path(work) / "cache_many")
            marks = {}

            def say(line: str) -> None:
                marks.setdefault("first_notebook" if ": running" in line else line, time.perf_counter())
            t = time.perf_counter()
            result = report.build_report(corpus=paths[0], build_dir=Path(work) / stage, say=say, jobs=0)
            out["annotation"] = marks.get("first_notebook", t) - t
            out["notebooks"] = {p.name: round(p.seconds, 2) for p in result.pages}
            out["failed"] = [p.name for p in result.failed]
            out["documents"] = len(list(Path(paths[0]).iterdir()))
        elif stage == "helpers":
            sys.path.insert(0, str(Path(__file__).parent))
            from helpers_scale import measure_helpers
            out["helpers"] = measure_helpers(int(paths[0]))          # the table's size, in sentences
    out["seconds"] = time.perf_counter() - started
    out["peak_mb"] = _peak_mb()
    return out


def measure(stage: str, paths: list[str], work: str, repeat: int = 1) -> dict:
    print(f"  {stage} ...", file=sys.stderr, flush=True)
    proc = subprocess.run([sys.executable, __file__, "--stage", stage, "--repeat", str(repeat), "--work", work,
                           *paths], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"stage {stage} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _row(name: str, seconds: float, words: int, floor_seconds: float, peak: float | None, note: str = "") -> str:
    peak_text = f"{peak:,.0f}" if peak is not None else ""
    return (f"| {name} | {seconds:,.2f} | {words / seconds:,.0f} | {seconds / floor_seconds:.2f} | "
            f"{peak_text} | {note} |")


def corpus_table(name: str, paths: list[str], repeat: int, work: str) -> tuple[list[str], dict]:
    Path(work).mkdir(parents=True, exist_ok=True)
    r = {s: measure(s, paths, work, repeat) for s in ("floor_a", "load", "segment", "floor_b", "floor_v")}
    r["annotate_1"] = measure("annotate_1", paths, work)
    r["annotate_2"] = measure("annotate_2", paths, work)
    r["rerun"] = measure("rerun", paths, work)
    r["phrases"] = measure("phrases", paths, work)
    words = r["segment"]["words"] // repeat
    a = r["floor_a"]["seconds"] / repeat
    b = r["floor_b"]["analysis_only"] / repeat
    load_s = r["load"]["seconds"] / repeat
    seg_s = r["segment"]["segment_only"] / repeat
    rows = [f"### {name}", "",
            f"{r['load']['docs']:,} documents, {r['segment']['sentences'] // repeat:,} sentences, {words:,} words"
            + (f"; floors, load and segment are the mean of {repeat} passes" if repeat > 1 else ""), "",
            "| stage | seconds | words/s | × floor (a) | peak RSS MB | note |", "|---|---:|---:|---:|---:|---|",
            _row("floor (a): read + one word regex", a, words, a, r["floor_a"]["peak_mb"]),
            _row("floor (b): TextBlob PatternAnalyzer alone", b, words, a, None,
                 f"the analysis loop only; Readouts' own TextBlob differs on {r['floor_b']['textblob_mismatches']:,} "
                 f"of {r['floor_b']['sentences']:,} sentences"),
            _row("VADER alone (compound)", r["floor_v"]["analysis_only"] / repeat, words, a, None,
                 f"{r['floor_v']['analysis_only'] / repeat / b:.2f} × floor (b); Readouts' own VADER differs on "
                 f"{r['floor_v']['vader_mismatches']:,} sentences"),
            _row("load", load_s, words, a, r["load"]["peak_mb"]),
            _row("segment (its own time)", seg_s, words, a, r["segment"]["peak_mb"],
                 f"{(words / seg_s) / (words / a):.0%} of floor (a)'s words/s")]
    g = r["annotate_1"]["groups"]
    for group, label in (("anatomy", "speakers, verbs, quotes, points"), ("policy", "policy areas"),
                         ("formulations", "formulations"), ("tone", "tone: TextBlob with its words, VADER, register")):
        rows.append(_row(f"annotator: {label}", g[group], words, a, None, f"{g[group] / b:.2f} × floor (b)"))
    one, two, rerun = r["annotate_1"]["seconds"], r["annotate_2"]["seconds"], r["rerun"]["seconds"]
    rows += [
        _row("annotate, 1 process (all layers, tables to Parquet)", one, words, a, r["annotate_1"]["peak_mb"],
             f"{one / b:.2f} × floor (b)"),
        _row("annotate, 2 processes, cold cache", two, words, a, r["annotate_2"]["peak_mb"],
             f"{one / two:.2f} × faster than 1 process"),
        _row("rerun, unchanged corpus (cache)", rerun, words, a, r["rerun"]["peak_mb"],
             f"{rerun / two:.1%} of the cold run"),
        _row("phrases: n-grams, collocations, keyness (whole corpus)", r["phrases"]["phrases_only"],
             r["phrases"]["words"], a * r["phrases"]["words"] / words, r["phrases"]["peak_mb"],
             "`readouts phrases`, cold cache: formulations layer included; counts by DuckDB"),
        ""]
    summary = {"one": one, "two": two, "rerun": rerun, "b": b, "a": a, "seg": seg_s, "words": words,
               "tone": g["tone"], "sentences": r["floor_b"]["sentences"],
               "textblob_mismatches": r["floor_b"]["textblob_mismatches"],
               "vader_mismatches": r["floor_v"]["vader_mismatches"],
               "phrases": r["phrases"], "phrases_words": r["phrases"]["words"],
               "peak": max(r["annotate_1"]["peak_mb"], r["annotate_2"]["peak_mb"], r["rerun"]["peak_mb"])}
    return rows, summary


def synthetic_corpus(folder: Path, words: int) -> list[str]:
    """Files of seed text, as many words as ``words`` (the UN corpus's size), 3,000 per file."""
    seed = next(SEEDS_DIR.glob("*.txt")).read_text(encoding="utf-8").split("\n", 1)[1]
    per_seed = len(WORD.findall(seed))
    copies = max(1, 3000 // per_seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(words // (per_seed * copies) + 1):
        (folder / f"doc{i:05d}.txt").write_text("\n\n".join([seed] * copies), encoding="utf-8")
    return [str(folder)]


def main() -> None:
    if "--stage" in sys.argv:
        i = sys.argv.index("--stage")
        stage, repeat, work = sys.argv[i + 1], int(sys.argv[i + 3]), sys.argv[i + 5]
        print(json.dumps(run_stage(stage, sys.argv[i + 6:], repeat, work)))
        return
    started = time.perf_counter()
    lines = ["# Benchmarks", "",
             f"`make bench` (`python bench/bench.py`) on {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. Each stage runs in its own process; "
             "peak RSS is the largest of that process and its workers.", ""]
    with tempfile.TemporaryDirectory() as work:
        floor_c = measure("floor_c", [], work)
        rep = measure("report", [str(SEEDS_DIR)], work)
        conversion = rep["seconds"] - rep["execution"]
        rows, seed = corpus_table("Seed (1 document)", [str(SEEDS_DIR)], 200, str(Path(work) / "seed"))
        lines += rows
        lines += ["On one document the annotation rows measure start-up (imports, one chunk: the second "
                  "process never starts); the large corpus below is where the ratios mean something.", ""]
        lines += ["| report on the seed | seconds | | | | note |", "|---|---:|---|---|---|---|",
                  f"| floor (c): papermill, {floor_c['notebooks']} empty notebooks | {floor_c['seconds']:.2f} | | | | |",
                  f"| `readouts report`: notebooks executed, {os.cpu_count()} at a time | {rep['execution']:.2f} | | | | "
                  f"{rep['execution'] / floor_c['seconds']:.2f} × floor (c) |",
                  f"| `readouts report`: HTML conversion, pages, documents | {conversion:.2f} | | | | |",
                  f"| `readouts report`: total | {rep['seconds']:.2f} | | | | "
                  f"{rep['seconds'] / (floor_c['seconds'] + conversion):.2f} × (floor (c) + conversion) |", ""]
        if os.environ.get("READOUTS_BENCH_CORPUS"):          # your own corpus instead of the UN's
            name, paths = os.environ["READOUTS_BENCH_CORPUS"], [os.environ["READOUTS_BENCH_CORPUS"]]
        elif UN_ARCHIVE.exists():
            t = time.perf_counter()
            with tarfile.open(UN_ARCHIVE) as tar:
                tar.extractall(work, filter="data")
            print(f"unpacked the UN corpus in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            name, paths = "UN General Debate corpus 1946–2019", [str(Path(work) / "ungdc-1946-2019")]
        else:
            name = f"Synthetic corpus ({UN_ARCHIVE.name} absent): seed text, {UN_WORDS:,} words"
            paths = synthetic_corpus(Path(work) / "synthetic", UN_WORDS)
        un_work = Path(work) / "un"
        rows, big = corpus_table(name, paths, 1, str(un_work))
        lines += rows
        forty = forty_documents(paths, Path(work) / "forty")
        rep40 = measure("report_1", [str(forty)], work)
        helpers = measure("helpers", [str(HELPER_SENTENCES)], work)
        many = measure("report_many", [str(small_files(paths, Path(work) / "many"))], work)
        lines += report_table(rep40, floor_c, name)
        lines += many_table(many, name)
        lines += helpers_table(helpers["helpers"])
        lines += targets(big, floor_c, rep, conversion, rep40, helpers["helpers"])
    lines += [f"The whole benchmark took {(time.perf_counter() - started) / 60:.0f} min.", ""]
    text = "\n".join(lines)
    print(text)
    (PROJ_ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")


def forty_documents(paths: list[str], folder: Path, n: int = 40) -> Path:
    """``n`` files of the corpus, evenly spread over it (in name order), copied to ``folder``."""
    from readouts.read.corpus import find_files
    files = sorted(find_files(paths)[0])
    folder.mkdir(parents=True, exist_ok=True)
    for f in files[:: max(1, len(files) // n)][:n]:
        shutil.copy(f, folder / f.name)
    return folder


MANY_FILES = 20_000


def small_files(paths: list[str], folder: Path, n: int = MANY_FILES) -> Path:
    """``n`` small files, as a scraped folder holds: the paragraphs of the corpus (over 200 characters, cut
    at 1,500), one a file, the first four of each text until there are ``n``."""
    from readouts.read.corpus import find_files
    folder.mkdir(parents=True, exist_ok=True)
    k = 0
    for f in sorted(find_files(paths)[0]):
        paragraphs = [p.strip() for p in f.read_text(encoding="utf-8", errors="replace").split("\n")
                      if len(p.strip()) > 200]
        for i, p in enumerate(paragraphs[:4]):
            (folder / f"{f.stem}_{i}.txt").write_text(p[:1500] + "\n", encoding="utf-8")
            k += 1
            if k == n:
                return folder
    return folder


def many_table(many: dict, corpus: str) -> list[str]:
    rest = many["seconds"] - many["annotation"]
    return [f"### A report on {many['documents']:,} small files (paragraphs of the {corpus}, one a file)", "",
            f"`readouts report`, notebooks two at a time, cold cache: {many['seconds']:.0f} s in all, "
            f"{many['annotation']:.0f} s of it annotation ({many['seconds'] / many['annotation']:.1f} × the "
            f"annotation); the notebooks and pages {rest:.0f} s"
            + (f"; failed: {', '.join(many['failed'])}" if many["failed"] else "") + ".", "",
            "| notebook | seconds |", "|---|---:|"] + \
        [f"| {name} | {seconds:.1f} |" for name, seconds in many["notebooks"].items()] + [""]


def beyond_floor(rep40: dict, floor_c: dict) -> dict[str, float]:
    """Each notebook's seconds beyond an empty notebook's (floor (c) per notebook): its own work, the
    annotation being done once before the notebooks run and read from the tables by all of them."""
    empty = floor_c["seconds"] / floor_c["notebooks"]
    return {name: seconds - empty for name, seconds in rep40["notebooks"].items()}


def report_table(rep40: dict, floor_c: dict, corpus: str) -> list[str]:
    beyond = beyond_floor(rep40, floor_c)
    rows = [f"### A report on 40 documents ({corpus}, evenly spread), one notebook at a time", "",
            f"Annotation of the 40 documents (once, shared by every notebook): {rep40['annotation']:.1f} s; "
            f"an empty notebook takes {floor_c['seconds'] / floor_c['notebooks']:.1f} s (floor (c)).", "",
            "| notebook | seconds | beyond an empty notebook |", "|---|---:|---:|"]
    rows += [f"| {name} | {seconds:.1f} | {beyond[name]:.1f} |" for name, seconds in rep40["notebooks"].items()]
    return rows + [f"| `readouts report`: total | {rep40['seconds']:.1f} | |", ""]


HELPER_SENTENCES = 100_000


def helpers_table(helpers: list[dict]) -> list[str]:
    slow = sorted(helpers, key=lambda r: -r["seconds"])[:10]
    return [f"### Notebook helpers on a synthetic table of {HELPER_SENTENCES:,} sentences (`bench/helpers_scale.py`)",
            "", f"Every helper the notebooks call, {len(helpers)} steps, {sum(r['seconds'] for r in helpers):.1f} s "
            "in all; the ten slowest (`python bench/helpers_scale.py 10000 100000` prints all, at both sizes):", "",
            "| helper | seconds | output rows |", "|---|---:|---:|"] + \
        [f"| {r['name']} | {r['seconds']:.2f} | {r['rows']:,} |" for r in slow] + [""]


def targets(big: dict, floor_c: dict, rep: dict, conversion: float, rep40: dict, helpers: list[dict]) -> list[str]:
    def met(ok: bool) -> str:
        return "met" if ok else "**not met**"
    worst = max(beyond_floor(rep40, floor_c).items(), key=lambda kv: kv[1])
    phrases = big["phrases"]
    rows = ["### Targets, on the large corpus", "",
            "| target | measured | |", "|---|---|---|",
            f"| annotation, every layer, 1 process ≤ 1.0 × floor (b) (issue 20) | {big['one'] / big['b']:.2f} × "
            f"| {met(big['one'] <= big['b'])} |",
            f"| tone layer ≤ 0.35 × floor (b) (issue 20) | {big['tone'] / big['b']:.2f} × | {met(big['tone'] <= 0.35 * big['b'])} |",
            f"| polarity and subjectivity identical to TextBlob on every sentence | {big['textblob_mismatches']:,} "
            f"mismatches in {big['sentences']:,} | {met(big['textblob_mismatches'] == 0)} |",
            f"| VADER's compound identical to vaderSentiment on every sentence | {big['vader_mismatches']:,} "
            f"mismatches in {big['sentences']:,} | {met(big['vader_mismatches'] == 0)} |",
            f"| 2 processes ≥ 1.8 × faster than 1 (issue 20) | {big['one'] / big['two']:.2f} × | {met(big['one'] / big['two'] >= 1.8)} |",
            f"| whole corpus, 2 processes < 5 min | {big['two'] / 60:.1f} min | {met(big['two'] < 300)} |",
            f"| peak memory < 2 GB | {big['peak']:,.0f} MB | {met(big['peak'] < 2048)} |",
            f"| segmentation ≥ ¼ of floor (a)'s words/s | {big['a'] / big['seg']:.0%} | {met(big['seg'] <= 4 * big['a'])} |",
            f"| rerun < 5% of the cold run | {big['rerun'] / big['two']:.1%} | {met(big['rerun'] < 0.05 * big['two'])} |",
            f"| `readouts phrases`, whole corpus ≤ 20 × floor (a) (issue 20) | {phrases['phrases_only'] / big['a']:.1f} × "
            f"| {met(phrases['phrases_only'] <= 20 * big['a'])} |",
            f"| `readouts phrases` peak memory < 2 GB (issue 20) | {phrases['peak_mb']:,.0f} MB "
            f"| {met(phrases['peak_mb'] < 2048)} |",
            f"| report on 40 documents: no notebook > 3 s beyond an empty one (issue 20) | {worst[0]}: "
            f"{worst[1]:.1f} s | {met(worst[1] <= 3)} |",
            f"| report on the seed ≤ 1.5 × floor (c) + HTML conversion | notebooks "
            f"{rep['execution'] / floor_c['seconds']:.2f} × floor (c), conversion {conversion:.1f} s "
            f"| {met(rep['seconds'] <= 1.5 * floor_c['seconds'] + conversion)} |", ""]
    return rows


if __name__ == "__main__":
    main()
