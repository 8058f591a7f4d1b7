"""Run every notebook on a corpus with papermill and render the HTML report.

Each notebook runs with its own folder as working directory and gets two parameters,
``corpus_path`` and ``out_dir`` (absolute paths). Executed copies go to
``build/notebooks/``, the data behind charts to ``build/data/<notebook>/``, and the
pages to ``build/html/`` (reader view, code hidden) and ``build/html/code/`` (with code).
Images are embedded, so ``build/html/`` can be zipped and sent.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import html
import json
import os
import re
import shlex
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .corpus import MAX_DOCUMENT_MB
from .errors import ReadoutsError
from .paths import (BUILD_DIR, NOTEBOOKS_DIR, PROJ_ROOT, SEEDS_DIR, check_writable_outside_inputs,
                    write_text_atomically)

_H1 = re.compile(r"^#\s+(.+)$", re.M)
_QUESTION = re.compile(r"^\*\*Question[.:]?\*\*[.:]?\s*(.+)$", re.M)


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

    @property
    def failed(self) -> list[Page]:
        return [p for p in self.pages if not p.ok]


def notebook_intro(nb: dict) -> tuple[str, str]:
    """A notebook's title (its first ``#`` heading) and its question (the ``**Question:**`` line)."""
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    title = _H1.search(text)
    question = _QUESTION.search(text)
    return (title.group(1).strip() if title else "", question.group(1).strip() if question else "")


def list_notebooks(names: list[str] | None = None) -> list[Path]:
    """The notebooks in ``notebooks/``, or those ``names`` picks: a name such as ``02_tone``, or
    the path of a notebook elsewhere (your own analysis, run on the corpus like the others)."""
    notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    if not names:
        return notebooks
    chosen, missing = [], []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            chosen.append(path.resolve())
            continue
        found = [p for p in notebooks if p.stem == path.stem]
        (chosen if found else missing).extend(found or [name])
    if missing:
        raise ReadoutsError(f"{NOTEBOOKS_DIR}: no notebook named {', '.join(sorted(map(str, missing)))}")
    return list(dict.fromkeys(chosen))


def execute(notebook: Path, output: Path, parameters: dict, timeout: int = 1800) -> None:
    """Execute one notebook with papermill in its own folder; raise on a failing cell."""
    import papermill as pm

    output.parent.mkdir(parents=True, exist_ok=True)
    with _quiet_kernels():
        _execute(pm, notebook, output, parameters, timeout)


@contextlib.contextmanager
def _quiet_kernels():
    """Kernels started inside inherit READOUTS_QUIET=1: no progress line in the report."""
    with _QUIET_LOCK:
        before = os.environ.get("READOUTS_QUIET")
        os.environ["READOUTS_QUIET"] = "1"
    try:
        yield
    finally:
        with _QUIET_LOCK:
            if before is None:
                os.environ.pop("READOUTS_QUIET", None)
            else:
                os.environ["READOUTS_QUIET"] = before


_QUIET_LOCK = threading.Lock()


def _execute(pm, notebook: Path, output: Path, parameters: dict, timeout: int) -> None:
    pm.execute_notebook(
        str(notebook), str(output), parameters=parameters, cwd=str(notebook.parent),
        kernel_name="python3", progress_bar=False, log_output=False, execution_timeout=timeout,
        # a graceful kernel shutdown sometimes hangs ~3.5 s; nothing is lost by skipping it
        shutdown_kernel="immediate",
        # the kernel's loopback-TCP notice says nothing a reader of the report can act on
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        request_save_on_cell_execute=False,     # the notebook is written once, at the end
    )


def render_html(executed: Path, *, code: bool) -> str:
    """The cells of an executed notebook as an HTML fragment, images embedded; with
    ``code=False`` the code is removed (nbconvert's ``exclude_input``, not just collapsed).

    The "basic" template: no styles or scripts from a CDN; the site shell adds its own.
    """
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic", exclude_input=not code, exclude_input_prompt=not code,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    return body


DATA_FILES = ("actors.csv", "reporting_verbs.csv", "policy_areas.yaml", "formulations.yaml",
              "diplomatic_register.csv", "stopwords.txt")
MAX_DOCUMENT_PAGES = 200      # annotated pages for at most this many documents (the first by date)


def data_file_versions() -> list[tuple[str, str]]:
    """``(file, version)`` of every lexicon and scheme the annotations used."""
    from .lexicons import data_path

    out = []
    for name in DATA_FILES:
        text = data_path(name).read_text(encoding="utf-8")
        m = re.search(r"^#?\s*version:\s*\"?([^\"\n]+)", text, re.M)
        out.append((name, m.group(1).strip() if m else "?"))
    return out


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
                         max_mb: float = MAX_DOCUMENT_MB) -> int:
    """One annotated page per document (the first ``MAX_DOCUMENT_PAGES`` by date) and their index."""
    import pandas as pd

    from . import site
    from .corpus import load_corpus

    source = next((build / "data" / name for name in ("01_readout_anatomy", "02_tone", "04_policy_areas",
                                                      "03_recurring_phrases")
                   if (build / "data" / name / "spans.csv").exists()), None)
    folder = html_dir / "documents"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    nav = site.nav(pages, "documents", root="../")
    if source is None:
        body = "<h1>Documents</h1><p>No annotated tables were written (the notebooks failed): nothing to show.</p>"
        write_text_atomically(folder / "index.html", site.page("Documents", body, nav=nav, footer=footer_for("../")))
        return 0
    sentences = pd.read_csv(source / "sentences.csv", keep_default_na=False,
                            dtype={"doc_id": str, "speaker": str, "verb": str})
    spans = pd.read_csv(source / "spans.csv", keep_default_na=False, dtype={"doc_id": str, "label": str})
    corpus = load_corpus(corpus_path, on_error=on_error, max_mb=max_mb,
                         name_patterns={"custom": name_pattern} if name_pattern else None)
    docs = sorted(corpus, key=lambda d: (str(d.date or ""), d.doc_id))
    links = []
    for k, doc in enumerate(docs[:MAX_DOCUMENT_PAGES]):
        name = f"{k:04d}.html"
        body = site.annotated_document(doc, sentences, spans)
        write_text_atomically(folder / name, site.page(doc.headline or doc.doc_id, body, nav=nav,
                                                       footer=footer_for("../")))
        links.append(f"<tr><td>{html.escape(str(doc.date or ''))}</td><td><a href='{name}'>"
                     f"{html.escape(doc.headline or doc.doc_id)}</a></td><td>{html.escape(doc.doc_id)}</td></tr>")
    more = (f"<p>The first {MAX_DOCUMENT_PAGES} of {len(docs)} documents by date have a page.</p>"
            if len(docs) > MAX_DOCUMENT_PAGES else "")
    body = ("<h1>Documents, annotated</h1><p>Each text with everything the library found: speakers (a bar in "
            "the speaker's colour), reporting verbs, formulations, policy terms, tone words, actors and "
            "quotations. Hover over any mark for its labels.</p>" + more +
            "<table><thead><tr><th>date</th><th>headline</th><th>doc_id</th></tr></thead><tbody>"
            + "".join(links) + "</tbody></table>")
    write_text_atomically(folder / "index.html", site.page("Documents", body, nav=nav, footer=footer_for("../")))
    return len(links)


def _parameters(notebook: Path) -> set[str]:
    """Names in the notebook's ``parameters`` cell: a notebook gets only the ones it declares."""
    import papermill as pm

    return set(pm.inspect_notebook(str(notebook)))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_report(corpus: str | Path | None = None, build_dir: str | Path | None = None,
                 notebooks: list[str] | None = None, *, on_error: str = "raise",
                 name_pattern: str = "", max_mb: float = MAX_DOCUMENT_MB, jobs: int = 0) -> Report:
    """Execute the notebooks on ``corpus`` (default ``seeds/``) and write the site into ``build_dir``.

    ``on_error="skip"`` leaves out files that cannot be read (each notebook lists them);
    ``name_pattern`` is a regex with named groups for metadata in file names; a document
    over ``max_mb`` megabytes is refused. A notebook that fails does not stop the others; the
    report lists it. ``jobs`` notebooks run at a time (default: one per core); each has its
    own kernel, and the annotation cache lets the later ones reuse the first one's work.
    """
    from papermill.exceptions import PapermillExecutionError

    corpus_path = Path(corpus or SEEDS_DIR).resolve()
    if not corpus_path.exists():
        raise ReadoutsError(f"{corpus_path}: no such file or folder (the corpus to report on)")
    build = check_writable_outside_inputs(build_dir or BUILD_DIR, [corpus_path])
    html_dir = build / "html"
    (html_dir / "code").mkdir(parents=True, exist_ok=True)
    inputs = write_inputs(corpus_path, html_dir)

    def run(nb_path: Path) -> Page:
        title, question = notebook_intro(json.loads(nb_path.read_text(encoding="utf-8")))
        page = Page(name=nb_path.stem, title=title or nb_path.stem, question=question)
        executed = build / "notebooks" / nb_path.name
        data_dir = build / "data" / nb_path.stem
        # a failed run must not leave the last corpus's tables and pages looking current
        shutil.rmtree(data_dir, ignore_errors=True)
        executed.unlink(missing_ok=True)
        params = {"corpus_path": str(corpus_path), "out_dir": str(data_dir), "on_error": on_error,
                  "name_pattern": name_pattern, "max_mb": max_mb}
        started = time.perf_counter()
        try:
            execute(nb_path, executed, {k: v for k, v in params.items() if k in _parameters(nb_path)})
        except PapermillExecutionError as err:
            page.ok, page.error = False, f"{err.ename}: {err.evalue}".splitlines()[0][:300]
        except Exception as err:  # the kernel died, a timeout: still report the others
            page.ok, page.error = False, f"{type(err).__name__}: {err}".splitlines()[0][:300]
        page.seconds = time.perf_counter() - started
        page.html = html_dir / f"{nb_path.stem}.html" if executed.exists() else None
        page.thumbnail = _thumbnail(data_dir)
        return page

    from concurrent.futures import ThreadPoolExecutor

    chosen = list_notebooks(notebooks)
    started = time.perf_counter()
    with _quiet_kernels(), ThreadPoolExecutor(max(1, min(jobs or os.cpu_count() or 1, len(chosen)))) as pool:
        pages: list[Page] = list(pool.map(run, chosen))
    execution = time.perf_counter() - started
    from . import site

    def footer_for(prefix: str) -> str:
        return _footer(corpus_path, inputs, prefix)

    def render(job: tuple[Page, bool]) -> None:
        page, code = job
        folder, prefix = (html_dir / "code", "../") if code else (html_dir, "")
        view = " (with code)" if code else ""
        body = render_html(build / "notebooks" / f"{page.name}.ipynb", code=code)
        other = (f"<p style='font-size:85%'><a href='{'../' if code else 'code/'}{page.name}.html'>"
                 f"{'reader view, without code' if code else 'the same with the code'}</a></p>")
        write_text_atomically(
            folder / f"{page.name}.html",
            site.page(page.title + view, other + body, nav=site.nav(pages, page.name, root=prefix),
                      footer=footer_for(prefix)))

    jobs_html = [(page, code) for page in pages if (build / "notebooks" / f"{page.name}.ipynb").exists()
                 for code in (False, True)]
    for job in jobs_html:          # in threads it is no faster: nbconvert holds the GIL
        render(job)
    write_document_pages(corpus_path, build, html_dir, pages, footer_for, on_error, name_pattern, max_mb)
    index = html_dir / "index.html"
    write_text_atomically(index, _index_html(pages, corpus_path, build, inputs))
    return Report(index=index, pages=pages, execution_seconds=execution)


def _inputs(corpus_path: Path) -> list[Path]:
    from .corpus import find_files
    try:
        return find_files([corpus_path])[0]
    except ReadoutsError:
        return []


SHOWN_INPUTS = 10      # the footer names this many input files; inputs.csv lists them all


def write_inputs(corpus_path: Path, html_dir: Path) -> list[tuple[str, str]]:
    """Every input file with its SHA-256, as ``inputs.csv`` beside the pages."""
    import pandas as pd
    from .tables import write_table

    inputs = [(_display(p), _sha256(p)) for p in _inputs(corpus_path)]
    write_table(pd.DataFrame(inputs, columns=["path", "sha256"]), html_dir / "inputs.csv")
    return inputs


def _footer(corpus_path: Path, inputs: list[tuple[str, str]], prefix: str = "") -> str:
    rows = "".join(f"<li><code>{html.escape(path)}</code> sha256 <code>{digest}</code></li>"
                   for path, digest in inputs[:SHOWN_INPUTS])
    more = (f'<li>… and {len(inputs) - SHOWN_INPUTS} more: <a href="{prefix}inputs.csv">inputs.csv</a> '
            f"lists every file</li>" if len(inputs) > SHOWN_INPUTS else "")
    today = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = ("make report" if corpus_path == SEEDS_DIR.resolve()
               else f"make report CORPUS={shlex.quote(_display(corpus_path))}")
    versions = ", ".join(f"{html.escape(name)} {html.escape(v)}" for name, v in data_file_versions())
    return (f'<footer class="readouts-footer">Rendered {today} by readouts {__version__} with '
            f"<code>{html.escape(command)}</code>. Data files: {versions}. "
            f"From {len(inputs)} input file(s):<ul>{rows}{more}</ul></footer>")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJ_ROOT))
    except ValueError:
        return str(path)


def _index_html(pages: list[Page], corpus_path: Path, build: Path, inputs: list[tuple[str, str]]) -> str:
    e = html.escape
    summary = ""
    docs_csv = build / "data" / "00_corpus_overview" / "documents.csv"
    if docs_csv.exists() and all(p.ok for p in pages if p.name == "00_corpus_overview"):
        import pandas as pd
        from .overview import summary as corpus_summary
        summary = f"<p>{e(corpus_summary(pd.read_csv(docs_csv)))}</p>"
    from . import site

    cards = []
    for p in pages:
        status = "" if p.ok else f"<p><b>This notebook failed</b>: {e(p.error)}</p>"
        link = f'<a href="{p.name}.html">{e(p.title)}</a>' if p.html else e(p.title)
        code = f' · <a href="code/{p.name}.html">with code</a>' if p.html else ""
        cards.append(f'<div class="card{"" if p.ok else " failed"}">{p.thumbnail}<div><h2>{link}</h2>'
                     f"<p>{e(p.question)}{code}</p>{status}</div></div>")
    body = (f"<h1>Readouts report</h1><p>Corpus: <code>{e(_display(corpus_path))}</code></p>{summary}"
            + "".join(cards)
            + "<p><a href='documents/index.html'>Every document, annotated</a>: speakers, verbs, formulations, "
              "policy areas and tone words marked in the text.</p>")
    return site.page("Readouts report", body, nav=site.nav(pages, "index"), footer=_footer(corpus_path, inputs))
