"""Provenance of a report: the data files and their versions, every input file with its SHA-256,
and the footer that says how to reproduce a page.

The data files are those the registered layers declare, then those the analyses read, so a new
layer's lexicon is listed without editing this module.

>>> [name for name, _ in data_file_versions()][:2]
['actors.csv', 'reporting_verbs.csv']
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import html
import re
import shlex
from pathlib import Path

from ..analyses.compare import DATA_FILES as COMPARE_DATA_FILES
from ..analyses.recurring_phrases import DATA_FILES as PHRASES_DATA_FILES
from ..errors import ReadoutsError
from ..layers import data_files
from ..lexicons import data_path
from ..paths import PROJ_ROOT, SEEDS_DIR, VERSION
from ..read.corpus import find_files
from ..tables import write_table


def report_data_files() -> tuple:
    """Every lexicon and scheme a report reads: the layers' declared data files, then the analyses'."""
    return tuple(dict.fromkeys((*data_files(), *PHRASES_DATA_FILES, *COMPARE_DATA_FILES)))


def data_file_versions() -> list[tuple[str, str]]:
    """``(file, version)`` of every lexicon and scheme the annotations used."""

    out = []
    for name in report_data_files():
        text = data_path(name).read_text(encoding="utf-8")
        m = re.search(r"^#?\s*version:\s*\"?([^\"\n]+)", text, re.M)
        out.append((Path(name).name, m.group(1).strip() if m else "?"))
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_files(corpus_path: Path) -> list[Path]:
    try:
        return find_files([corpus_path])[0]
    except ReadoutsError:
        return []


SHOWN_INPUTS = 10      # the footer names this many input files; inputs.csv lists them all


def write_inputs(corpus_path: Path, html_dir: Path) -> list[tuple[str, str]]:
    """Every input file with its SHA-256, as ``inputs.csv`` beside the pages."""
    import pandas as pd


    inputs = [(display_path(p, corpus_path), sha256(p)) for p in input_files(corpus_path)]
    write_table(pd.DataFrame(inputs, columns=["path", "sha256"]), html_dir / "inputs.csv")
    return inputs


def footer(corpus_path: Path, inputs: list[tuple[str, str]], prefix: str = "") -> str:
    rows = "".join(f"<li><code>{html.escape(path)}</code> sha256 <code>{digest}</code></li>"
                   for path, digest in inputs[:SHOWN_INPUTS])
    more = (f'<li>… and {len(inputs) - SHOWN_INPUTS} more: <a href="{prefix}inputs.csv">inputs.csv</a> '
            f"lists every file</li>" if len(inputs) > SHOWN_INPUTS else "")
    today = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = ("make report" if corpus_path == SEEDS_DIR.resolve()
               else f"make report CORPUS={shlex.quote(display_path(corpus_path))}")
    versions = ", ".join(f"{html.escape(name)} {html.escape(v)}" for name, v in data_file_versions())
    return (f'<footer class="readouts-footer">Rendered {today} by readouts {VERSION} with '
            f"<code>{html.escape(command)}</code>. Data files: {versions}. "
            f"From {len(inputs)} input file(s):<ul>{rows}{more}</ul></footer>")


def display_path(path: Path, corpus: Path | None = None) -> str:
    """A path as a report shows it: relative to the project, or to the corpus folder (named by its
    own name); never the absolute path of the machine that built the report.

    >>> display_path(PROJ_ROOT / "seeds" / "a.txt")
    'seeds/a.txt'
    >>> display_path(Path("/home/me/texts/2024/b.txt"), corpus=Path("/home/me/texts"))
    'texts/2024/b.txt'
    """
    path = Path(path).resolve()
    try:
        return path.relative_to(PROJ_ROOT).as_posix()
    except ValueError:
        pass
    if corpus is not None:
        corpus = Path(corpus).resolve()
        root = corpus if corpus.is_dir() or not corpus.suffix else corpus.parent
        try:
            return (Path(root.name) / path.relative_to(root)).as_posix()
        except ValueError:
            pass
    return path.name


def relative_paths(text: str, corpus: Path, build: Path) -> str:
    """``text`` with the absolute paths of the build folder, the corpus, the project and the home
    folder replaced by what a reader of the sent report can place: ``build``, the corpus's own
    name, ``.`` and ``~``.

    >>> relative_paths("read /tmp/x/corpus/a.txt into /tmp/y/out/data", Path("/tmp/x/corpus"), Path("/tmp/y/out"))
    'read corpus/a.txt into build/data'
    """
    corpus, build = Path(corpus).resolve(), Path(build).resolve()
    corpus_root = corpus if corpus.is_dir() or not corpus.suffix else corpus.parent
    replacements = {str(build): "build", str(corpus_root): display_path(corpus_root), str(PROJ_ROOT): ".",
                    str(Path.home()): "~"}
    for absolute in sorted(replacements, key=len, reverse=True):     # the longest, most specific first
        if len(absolute) > 1:
            text = text.replace(absolute, replacements[absolute])
    return text
