"""Build the report: annotate the corpus once, run every notebook on it, render the site.

The corpus is annotated once, before any notebook runs: the documents, sentences and spans tables go
to ``build/data/tables/`` (the one place the report reads them from) and into the annotation cache,
through which every notebook then gets the same tables without annotating again. Each notebook runs
in its own folder with the parameters it declares (``corpus_path``, ``out_dir``, ``tables_dir``, ...);
executed copies go to ``build/notebooks/``, the data behind charts to ``build/data/<notebook>/``,
and the pages to ``build/html/`` (reader view, code hidden) and ``build/html/code/`` (with code).
Images are embedded, so ``build/html/`` can be zipped and sent.
"""
from __future__ import annotations

import html
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..analyses.documents import annotated_html, corpus_speaker_colours, unique_page_names
from ..read.language import language_warning, text_language
from ..errors import ReadoutsError
from ..engine.cache import cache_dir
from ..paths import BUILD_DIR, SEEDS_DIR, check_apart, claim_folder, process_running, write_text_atomically
from ..read.corpus import MAX_DOCUMENT_MB, load_corpus
from . import site
from .notebooks import execute, list_notebooks, notebook_intro, parameters, render_html
from .provenance import display_path, footer, relative_paths, write_inputs

MAX_DOCUMENT_PAGES = 200      # annotated pages for at most this many documents (the first by date)
TABLES = ("documents", "sentences", "spans")


@dataclass
class Page:
    name: str                  # notebook stem
    title: str
    question: str
    ok: bool = True
    error: str = ""
    seconds: float = 0.0
    html: Path | None = None
    thumbnail: str = ""


@dataclass
class Report:
    index: Path
    pages: list[Page] = field(default_factory=list)
    execution_seconds: float = 0.0      # wall time of running the notebooks (side by side)
    tables_dir: Path | None = None      # where the annotated tables are (None: the corpus could not be read)
    language_warning: str = ""          # the documents mostly not in English, and the layers that cannot read them

    @property
    def failed(self) -> list[Page]:
        return [p for p in self.pages if not p.ok]


# what Readouts writes into a build folder (a report, the cache, `make validate`): accepted without the marker
BUILD_WRITTEN = ("html", "data", "notebooks", "cache", "validation")


def tables_folder(build: Path) -> Path:
    """Where a report keeps the annotated documents, sentences and spans tables."""
    return build / "data" / "tables"


def annotate_once(corpus_path: Path, build: Path, *, on_error: str, name_pattern: str, max_mb: float,
                  say: Callable[[str], None] | None = None) -> Path | None:
    """Annotate the corpus through the cache and write its three tables to ``build/data/tables``.

    The notebooks then read the same results from the cache. A corpus that cannot be read writes
    nothing here: each notebook says why in the cell that reads it, as when run alone.
    """
    from ..annotate import annotate
    from ..tables import write_table

    folder = tables_folder(build)
    shutil.rmtree(folder, ignore_errors=True)      # never leave the last corpus's tables looking current
    try:
        corpus = load_corpus(corpus_path, on_error=on_error, max_mb=max_mb,
                             name_patterns={"custom": name_pattern} if name_pattern else None)
        tables = annotate(corpus, cache=True, progress=annotation_progress(corpus.documents, say))
    except ReadoutsError:
        return None
    for name in TABLES:
        write_table(getattr(tables, name), folder / f"{name}.csv")
    return folder


def annotation_progress(documents: list, say: Callable[[str], None] | None, after: float = 3.0):
    """How far annotation has got, said through ``say`` every few seconds once it has taken
    ``after`` seconds (a small corpus says nothing); ``False`` without ``say``."""
    if say is None:
        return False
    from ..engine.progress import Progress

    started = time.perf_counter()

    def write(line: str, final: bool) -> None:
        if time.perf_counter() - started >= after:
            say(f"annotating: {line}")

    sizes = [0]
    for doc in documents:
        sizes.append(sizes[-1] + len(doc.text))
    return Progress(len(documents), sizes[-1], write, chars_of=lambda a, b: sizes[b] - sizes[a], every=5.0)


def _thumbnail(data_dir: Path) -> str:
    """The notebook's first chart as an embedded image, or nothing."""
    import base64

    pngs = sorted(data_dir.glob("*.png"), key=lambda p: p.stat().st_mtime) if data_dir.is_dir() else []
    if not pngs:
        return ""
    data = base64.b64encode(pngs[0].read_bytes()).decode("ascii")
    return f"<img src='data:image/png;base64,{data}' alt='{html.escape(pngs[0].stem.replace('_', ' '))}'>"


def write_document_pages(corpus_path: Path, build: Path, html_dir: Path, pages, footer_for,
                         on_error: str = "raise", name_pattern: str = "",
                         max_mb: float = MAX_DOCUMENT_MB, write=write_text_atomically) -> int:
    """One annotated page per document (the first ``MAX_DOCUMENT_PAGES`` by date) and their index."""
    import pandas as pd

    source = tables_folder(build) if (tables_folder(build) / "spans.csv").exists() else None
    folder = html_dir / "documents"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    nav = site.nav(pages, "documents", root="../")
    if source is None:
        body = "<h1>Documents</h1><p>No annotated tables were written (the notebooks failed): nothing to show.</p>"
        write(folder / "index.html", site.page("Documents", body, nav=nav, footer=footer_for("../")))
        return 0
    sentences = pd.read_csv(source / "sentences.csv", keep_default_na=False,
                            dtype={"doc_id": str, "speaker": str, "verb": str})
    spans = pd.read_csv(source / "spans.csv", keep_default_na=False, dtype={"doc_id": str, "label": str})
    corpus = load_corpus(corpus_path, on_error=on_error, max_mb=max_mb,
                         name_patterns={"custom": name_pattern} if name_pattern else None)
    docs = sorted(corpus, key=lambda d: (str(d.date or ""), d.doc_id))
    shown = docs[:MAX_DOCUMENT_PAGES]
    names = unique_page_names(d.doc_id for d in shown)          # pages named by doc_id
    colours = corpus_speaker_colours(sentences)                 # a speaker's colour the same on every page
    # each document's rows, split once: a page never filters the whole tables
    sentences_of = dict(tuple(sentences.groupby("doc_id", sort=False)))
    spans_of = dict(tuple(spans.groupby("doc_id", sort=False)))
    links = []
    for doc in shown:
        name = names[doc.doc_id]
        warning = language_warning(pd.DataFrame({"doc_id": [doc.doc_id], "language": [text_language(doc.text)]}))
        body = ((f"<p class='ro-warning'><b>Warning:</b> {html.escape(warning)}</p>" if warning else "")
                + annotated_html(doc, sentences_of.get(doc.doc_id, sentences.iloc[:0]),
                                 spans_of.get(doc.doc_id, spans.iloc[:0]), speaker_colors=colours))
        write(folder / name, site.page(doc.headline or doc.doc_id, body, nav=nav, footer=footer_for("../")))
        links.append(f"<tr><td>{html.escape(str(doc.date or ''))}</td><td><a href='{name}'>"
                     f"{html.escape(doc.headline or doc.doc_id)}</a></td><td>{html.escape(doc.doc_id)}</td></tr>")
    more = (f"<p>The first {MAX_DOCUMENT_PAGES} of {len(docs)} documents by date have a page.</p>"
            if len(docs) > MAX_DOCUMENT_PAGES else "")
    body = ("<h1>Documents, annotated</h1><p>Each text with everything the library found: speakers (a bar in "
            "the speaker's colour), reporting verbs, formulations, policy terms, tone words, actors and "
            "quotations. Hover over any mark for its labels.</p>" + more +
            "<table><thead><tr><th>date</th><th>headline</th><th>doc_id</th></tr></thead><tbody>"
            + "".join(links) + "</tbody></table>")
    write(folder / "index.html", site.page("Documents", body, nav=nav, footer=footer_for("../")))
    return len(links)


def build_report(corpus: str | Path | None = None, build_dir: str | Path | None = None,
                 notebooks: list[str] | None = None, *, on_error: str = "raise",
                 name_pattern: str = "", max_mb: float = MAX_DOCUMENT_MB, jobs: int = 0,
                 params: dict | None = None, say: Callable[[str], None] | None = None) -> Report:
    """Execute the notebooks on ``corpus`` (default ``seeds/``) and write the site into ``build_dir``.

    ``on_error="skip"`` leaves out files that cannot be read (each notebook lists them);
    ``name_pattern`` is a regex with named groups for metadata in file names; a document
    over ``max_mb`` megabytes is refused. A notebook that fails does not stop the others; the
    report lists it. ``jobs`` notebooks run at a time (default: one per core); each has its
    own kernel, and the annotation cache lets the later ones reuse the first one's work.
    ``params``: values for the notebooks' parameters (see :func:`readouts.report.notebooks.settings`),
    each given to every notebook that declares it. ``say``: where to tell which notebook is running
    and how far annotation has got (the CLI prints it on stderr).
    """
    from papermill.exceptions import PapermillExecutionError

    from .notebooks import quiet_kernels

    corpus_path = Path(corpus or SEEDS_DIR).resolve()
    if not corpus_path.exists():
        raise ReadoutsError(f"{corpus_path}: no such file or folder (the corpus to report on)")
    # apart from the corpus (neither inside the other), and Readouts' own: its cleanup deletes only there (a
    # folder an older Readouts wrote, report, cache or `make validate`'s tables, is accepted and marked)
    build = claim_folder(check_apart(build_dir or BUILD_DIR, [corpus_path], "the report's build folder"),
                         "the report's build folder", legacy=BUILD_WRITTEN)
    check_apart(cache_dir(), [corpus_path], "the annotation cache")
    # the report is built whole in a folder of its own inside the build folder and moved into place at the end:
    # a run that is killed leaves the previous report, never a mix of old and new pages
    final, build = build, staging_folder(build)
    html_dir = build / "html"
    (html_dir / "code").mkdir(parents=True, exist_ok=True)
    inputs = write_inputs(corpus_path, html_dir)
    chosen = list_notebooks(notebooks)
    params = dict(params or {})
    say = say or (lambda line: None)
    say(f"annotating {display_path(corpus_path)} ...")
    tables_dir = annotate_once(corpus_path, build, on_error=on_error, name_pattern=name_pattern, max_mb=max_mb,
                               say=say)
    order = {nb.stem: k for k, nb in enumerate(chosen, 1)}

    def run(nb_path: Path) -> Page:
        title, question = notebook_intro(json.loads(nb_path.read_text(encoding="utf-8")))
        page = Page(name=nb_path.stem, title=title or nb_path.stem, question=question)
        executed = build / "notebooks" / nb_path.name
        data_dir = build / "data" / nb_path.stem
        # a failed run must not leave the last corpus's tables and pages looking current
        shutil.rmtree(data_dir, ignore_errors=True)
        executed.unlink(missing_ok=True)
        given = {**params, "corpus_path": str(corpus_path), "out_dir": str(data_dir), "on_error": on_error,
                 "name_pattern": name_pattern, "max_mb": max_mb, "tables_dir": str(tables_dir or "")}
        started = time.perf_counter()
        step = f"[{order[nb_path.stem]}/{len(chosen)}] {nb_path.stem}"
        say(f"{step}: running")
        try:
            execute(nb_path, executed, {k: v for k, v in given.items() if k in parameters(nb_path)})
        except PapermillExecutionError as err:
            page.ok, page.error = False, f"{err.ename}: {err.evalue}".splitlines()[0][:300]
        except Exception as err:  # the kernel died, a timeout: still report the others
            page.ok, page.error = False, f"{type(err).__name__}: {err}".splitlines()[0][:300]
        page.seconds = time.perf_counter() - started
        say(f"{step}: {'done' if page.ok else 'FAILED'} in {page.seconds:.1f} s")
        page.html = html_dir / f"{nb_path.stem}.html" if executed.exists() else None
        page.thumbnail = _thumbnail(data_dir)
        return page

    started = time.perf_counter()
    with quiet_kernels(), ThreadPoolExecutor(max(1, min(jobs or os.cpu_count() or 1, len(chosen)))) as pool:
        pages: list[Page] = list(pool.map(run, chosen))
    execution = time.perf_counter() - started

    def footer_for(prefix: str) -> str:
        return footer(corpus_path, inputs, prefix)

    def write_page(path: Path, text: str) -> None:
        # a page is sent to others: no absolute path of this machine in it
        write_text_atomically(path, relative_paths(text, corpus_path, build))

    def render(job: tuple[Page, bool]) -> None:
        page, code = job
        folder, prefix = (html_dir / "code", "../") if code else (html_dir, "")
        view = " (with code)" if code else ""
        body = render_html(build / "notebooks" / f"{page.name}.ipynb", code=code)
        if code:          # links a notebook writes to the report's pages, from one folder down
            body = body.replace('href="documents/', 'href="../documents/')
        other = (f"<p style='font-size:85%'><a href='{'../' if code else 'code/'}{page.name}.html'>"
                 f"{'reader view, without code' if code else 'the same with the code'}</a></p>")
        write_page(
            folder / f"{page.name}.html",
            site.page(page.title + view, other + body, nav=site.nav(pages, page.name, root=prefix),
                      footer=footer_for(prefix)))

    jobs_html = [(page, code) for page in pages if (build / "notebooks" / f"{page.name}.ipynb").exists()
                 for code in (False, True)]
    for job in jobs_html:          # in threads it is no faster: nbconvert holds the GIL
        render(job)
    write_document_pages(corpus_path, build, html_dir, pages, footer_for, on_error, name_pattern, max_mb,
                         write=write_page)
    write_page(html_dir / "index.html", _index_html(pages, corpus_path, build, inputs))
    warning = _language_warning(build)
    publish(build, final)
    for page in pages:
        page.html = final / "html" / page.html.name if page.html else None
    return Report(index=final / "html" / "index.html", pages=pages, execution_seconds=execution,
                  tables_dir=tables_folder(final) if tables_dir else None, language_warning=warning)


REPORT_PARTS = ("notebooks", "data", "html")      # moved into place in this order: the site last


def staging_folder(build: Path) -> Path:
    """A new, empty folder inside ``build`` for this run to build the report in; before it is made, what
    a killed run left behind is put right: a report moved aside and not back is moved back, and the
    folders of runs no longer alive are removed."""
    for part in REPORT_PARTS:
        aside = sorted(build.glob(f".{part}.*.old"))
        if aside and not (build / part).exists() and not _alive(aside[-1]):
            os.replace(aside[-1], build / part)            # killed between the two moves of publish()
    for left in [*build.glob(".report-*.tmp"), *build.glob(".*.*.old")]:
        if not _alive(left):
            shutil.rmtree(left, ignore_errors=True)
    stage = build / f".report-{os.getpid()}.tmp"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    return stage


def publish(stage: Path, build: Path) -> None:
    """Move the report built in ``stage`` into ``build``: each part replaces the old one by two renames (the
    old one aside, the new one in), and only then are the old ones deleted."""
    aside = []
    for part in REPORT_PARTS:
        if not (stage / part).exists():
            continue
        if (build / part).exists():
            old = build / f".{part}.{os.getpid()}.old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(build / part, old)
            aside.append(old)
        os.replace(stage / part, build / part)
    for old in aside:
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(stage, ignore_errors=True)


def _alive(path: Path) -> bool:
    """Is the run that made ``path`` (its name holds the process id) still running (and not this one)?"""
    try:
        pid = int(path.name.split("-")[-1].split(".")[0] if path.name.startswith(".report-")
                  else path.name.split(".")[2])
    except (ValueError, IndexError):
        return False
    return pid != os.getpid() and process_running(pid)


def _language_warning(build: Path) -> str:
    import pandas as pd

    docs_csv = tables_folder(build) / "documents.csv"
    return language_warning(pd.read_csv(docs_csv, keep_default_na=False)) if docs_csv.exists() else ""


def _index_html(pages: list[Page], corpus_path: Path, build: Path, inputs: list[tuple[str, str]]) -> str:
    e = html.escape
    summary = ""
    docs_csv = tables_folder(build) / "documents.csv"
    if docs_csv.exists():
        import pandas as pd
        from ..analyses.corpus_overview import summary as corpus_summary
        summary = f"<p>{e(corpus_summary(pd.read_csv(docs_csv), markdown=False))}</p>"     # escaped once

    cards = []
    for p in pages:
        status = "" if p.ok else f"<p><b>This notebook failed</b>: {e(p.error)}</p>"
        link = f'<a href="{p.name}.html">{e(p.title)}</a>' if p.html else e(p.title)
        code = f' · <a href="code/{p.name}.html">with code</a>' if p.html else ""
        cards.append(f'<div class="card{"" if p.ok else " failed"}">{p.thumbnail}<div><h2>{link}</h2>'
                     f"<p>{e(p.question)}{code}</p>{status}</div></div>")
    body = (f"<h1>Readouts report</h1><p>Corpus: <code>{e(display_path(corpus_path))}</code></p>{summary}"
            + "".join(cards)
            + "<p><a href='documents/index.html'>Every document, annotated</a>: speakers, verbs, formulations, "
              "policy areas and tone words marked in the text.</p>")
    return site.page("Readouts report", body, nav=site.nav(pages, "index"), footer=footer(corpus_path, inputs))
