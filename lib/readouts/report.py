"""Run every notebook on a corpus with papermill and render the HTML report.

Each notebook runs with its own folder as working directory and gets two parameters,
``corpus_path`` and ``out_dir`` (absolute paths). Executed copies go to
``build/notebooks/``, the data behind charts to ``build/data/<notebook>/``, and the
pages to ``build/html/`` (reader view, code hidden) and ``build/html/code/`` (with code).
Images are embedded, so ``build/html/`` can be zipped and sent.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import html
import json
import re
import shlex
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import ReadoutsError
from .paths import BUILD_DIR, NOTEBOOKS_DIR, PROJ_ROOT, SEEDS_DIR, check_writable_outside_inputs

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


@dataclass
class Report:
    index: Path
    pages: list[Page] = field(default_factory=list)

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
    notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    if names:
        wanted = {Path(n).stem for n in names}
        notebooks = [p for p in notebooks if p.stem in wanted]
        missing = wanted - {p.stem for p in notebooks}
        if missing:
            raise ReadoutsError(f"{NOTEBOOKS_DIR}: no notebook named {', '.join(sorted(missing))}")
    return notebooks


def execute(notebook: Path, output: Path, parameters: dict, timeout: int = 1800) -> None:
    """Execute one notebook with papermill in its own folder; raise on a failing cell."""
    import papermill as pm

    output.parent.mkdir(parents=True, exist_ok=True)
    pm.execute_notebook(
        str(notebook), str(output), parameters=parameters, cwd=str(notebook.parent),
        kernel_name="python3", progress_bar=False, log_output=False, execution_timeout=timeout,
        # a graceful kernel shutdown sometimes hangs ~3.5 s; nothing is lost by skipping it
        shutdown_kernel="immediate",
        # the kernel's loopback-TCP notice says nothing a reader of the report can act on
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )


def render_html(executed: Path, *, code: bool) -> str:
    """HTML of an executed notebook, images embedded; with ``code=False`` inputs are removed."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=not code, exclude_input_prompt=not code,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    return body


def _parameters(notebook: Path) -> set[str]:
    """Names in the notebook's ``parameters`` cell: a notebook gets only the ones it declares."""
    import papermill as pm

    return set(pm.inspect_notebook(str(notebook)))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_report(corpus: str | Path | None = None, build_dir: str | Path | None = None,
                 notebooks: list[str] | None = None, *, on_error: str = "raise",
                 name_pattern: str = "") -> Report:
    """Execute the notebooks on ``corpus`` (default ``seeds/``) and write the site into ``build_dir``.

    ``on_error="skip"`` leaves out files that cannot be read (each notebook lists them);
    ``name_pattern`` is a regex with named groups for metadata in file names. A notebook
    that fails does not stop the others; the report lists it.
    """
    from papermill.exceptions import PapermillExecutionError

    corpus_path = Path(corpus or SEEDS_DIR).resolve()
    if not corpus_path.exists():
        raise ReadoutsError(f"{corpus_path}: no such file or folder (the corpus to report on)")
    build = check_writable_outside_inputs(build_dir or BUILD_DIR, [corpus_path])
    html_dir = build / "html"
    (html_dir / "code").mkdir(parents=True, exist_ok=True)
    inputs = write_inputs(corpus_path, html_dir)
    pages: list[Page] = []
    for nb_path in list_notebooks(notebooks):
        title, question = notebook_intro(json.loads(nb_path.read_text(encoding="utf-8")))
        page = Page(name=nb_path.stem, title=title or nb_path.stem, question=question)
        executed = build / "notebooks" / nb_path.name
        data_dir = build / "data" / nb_path.stem
        # a failed run must not leave the last corpus's tables and pages looking current
        shutil.rmtree(data_dir, ignore_errors=True)
        executed.unlink(missing_ok=True)
        params = {"corpus_path": str(corpus_path), "out_dir": str(data_dir), "on_error": on_error,
                  "name_pattern": name_pattern}
        started = time.perf_counter()
        try:
            execute(nb_path, executed, {k: v for k, v in params.items() if k in _parameters(nb_path)})
        except PapermillExecutionError as err:
            page.ok, page.error = False, f"{err.ename}: {err.evalue}".splitlines()[0][:300]
        except Exception as err:  # the kernel died, a timeout: still report the others
            page.ok, page.error = False, f"{type(err).__name__}: {err}".splitlines()[0][:300]
        page.seconds = time.perf_counter() - started
        if executed.exists():
            nav = _nav(page.title)
            for code, folder, prefix in ((False, html_dir, ""), (True, html_dir / "code", "../")):
                body = render_html(executed, code=code)
                body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav.format(root=prefix), body, count=1)
                body = body.replace("</head>", _STYLE + "</head>", 1)
                body = body.replace("</body>", _footer(corpus_path, inputs, prefix) + "</body>", 1)
                (folder / f"{nb_path.stem}.html").write_text(body, encoding="utf-8")
            page.html = html_dir / f"{nb_path.stem}.html"
        pages.append(page)
    index = html_dir / "index.html"
    index.write_text(_index_html(pages, corpus_path, build, inputs), encoding="utf-8")
    return Report(index=index, pages=pages)


_STYLE = """<style>
body.readouts{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60em;margin:2em auto;
padding:0 1em;color:#222;line-height:1.5}
.readouts-nav{font-family:system-ui,sans-serif;font-size:90%;padding:.6em 1em;border-bottom:1px solid #ddd}
.readouts-footer{font-family:system-ui,sans-serif;font-size:80%;color:#555;border-top:1px solid #ddd;
margin-top:3em;padding:1em}
.card{border:1px solid #ddd;border-radius:6px;padding:.8em 1.2em;margin:1em 0}
.failed{border-color:#D55E00;background:#fff4ee}
</style>"""


def _nav(title: str) -> str:
    return ('<div class="readouts-nav"><a href="{root}index.html">Readouts report</a> › '
            + html.escape(title) + "</div>")


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
    return (f'<div class="readouts-footer">Rendered {today} by readouts {__version__} with '
            f"<code>{html.escape(command)}</code> from {len(inputs)} input file(s):<ul>{rows}{more}</ul></div>")


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
    cards = []
    for p in pages:
        status = "" if p.ok else f"<p><b>This notebook failed</b>: {e(p.error)}</p>"
        link = f'<a href="{p.name}.html">{e(p.title)}</a>' if p.html else e(p.title)
        code = f' · <a href="code/{p.name}.html">with code</a>' if p.html else ""
        cards.append(f'<div class="card{"" if p.ok else " failed"}"><h2>{link}</h2>'
                     f"<p>{e(p.question)}{code}</p>{status}</div>")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Readouts report</title>"
            f"{_STYLE}</head><body class='readouts'><h1>Readouts report</h1>"
            f"<p>Corpus: <code>{e(_display(corpus_path))}</code></p>{summary}"
            + "".join(cards) + _footer(corpus_path, inputs) + "</body></html>")
