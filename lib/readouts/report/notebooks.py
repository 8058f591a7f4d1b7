"""The notebooks of a report: which ones, their title and question, their parameters, running one
with papermill in its own folder, and rendering an executed one as HTML.

>>> [p.stem for p in list_notebooks()][:2]
['00_corpus_overview', '01_readout_anatomy']
"""
from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path

from ..errors import ReadoutsError
from ..paths import NOTEBOOKS_DIR

_H1 = re.compile(r"^#\s+(.+)$", re.M)
_QUESTION = re.compile(r"^\*\*Question[.:]?\*\*[.:]?\s*(.+)$", re.M)


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


def parameters(notebook: Path) -> set[str]:
    """Names in the notebook's ``parameters`` cell: a notebook gets only the ones it declares."""
    import papermill as pm

    return set(pm.inspect_notebook(str(notebook)))


# set by the report itself, from its own options: not a --param
REPORT_PARAMETERS = {"corpus_path": "--corpus", "out_dir": "--build", "tables_dir": "--build",
                     "on_error": "--skip-bad", "name_pattern": "--name-pattern", "max_mb": "--max-mb"}
_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


def parameter_defaults(notebook: Path) -> dict[str, object]:
    """Each parameter of the notebook with its default value (a plain Python value)."""
    import ast

    import papermill as pm

    import warnings

    out = {}
    with warnings.catch_warnings():        # nbformat's notes on a user's notebook are not the user's error
        warnings.simplefilter("ignore")
        inspected = pm.inspect_notebook(str(notebook))
    for name, info in inspected.items():
        try:
            out[name] = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            out[name] = info["default"]
    return out


def settings(pairs: list[str], notebooks: list[Path]) -> dict[str, object]:
    """``NAME=VALUE`` strings as values for the notebooks' parameters, each of its default's type.

    An unknown name, a name the report sets itself, or a value of the wrong type is a
    :class:`ReadoutsError` of one line that lists what is known.

    >>> settings(["top_n=5", "kwic_terms=history; Taiwan"], list_notebooks(["03_recurring_phrases"]))
    {'top_n': 5, 'kwic_terms': 'history; Taiwan'}
    """
    if not pairs:
        return {}
    defaults: dict[str, object] = {}
    for nb in notebooks:
        for name, value in parameter_defaults(nb).items():
            defaults.setdefault(name, value)
    known = sorted(n for n in defaults if n not in REPORT_PARAMETERS)
    out: dict[str, object] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ReadoutsError(f"--param {pair!r}: write NAME=VALUE, e.g. top_n=10 (known: {', '.join(known)})")
        if name in REPORT_PARAMETERS:
            raise ReadoutsError(f"--param {name}: the report sets it itself; use {REPORT_PARAMETERS[name]}")
        if name not in defaults:
            raise ReadoutsError(f"--param {name}: no notebook has this parameter (known: {', '.join(known)})")
        out[name] = _typed(name, text, defaults[name])
    return out


def _typed(name: str, text: str, default: object) -> object:
    kind = type(default)
    try:
        if kind is bool:
            if text.strip().lower() not in _TRUE | _FALSE:
                raise ValueError
            return text.strip().lower() in _TRUE
        if kind in (int, float):
            return kind(text)
    except ValueError:
        what = {bool: "true or false", int: "a whole number", float: "a number"}[kind]
        raise ReadoutsError(f"--param {name}={text}: {name} is {what} (default {default!r})") from None
    return text


def execute(notebook: Path, output: Path, parameters: dict, timeout: int = 1800) -> None:
    """Execute one notebook with papermill in its own folder; raise on a failing cell."""
    import papermill as pm

    output.parent.mkdir(parents=True, exist_ok=True)
    with quiet_kernels():
        _execute(pm, notebook, output, parameters, timeout)


@contextlib.contextmanager
def quiet_kernels():
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
