"""Paths anchored to the package, never to the caller's working directory.

The project root is the folder that holds ``lib/``; it exists when the package is
installed in editable mode (``pip install -e .``), which is how Readouts is set up.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

VERSION = "0.1.0"                          # the package's version (readouts.__version__): in cache keys and report footers
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"            # lexicons and schemes shipped with the package

PROJ_ROOT = PACKAGE_DIR.parents[1]         # lib/readouts -> lib -> project root
SEEDS_DIR = PROJ_ROOT / "seeds"            # the input texts (read-only for the library)
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
BUILD_DIR = PROJ_ROOT / "build"            # everything the report writes
VALIDATION_DIR = PROJ_ROOT / "validation"  # hand-coded gold, the coding guide, agreement figures


def check_writable_outside_inputs(out: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """``out`` resolved, or an error if it lies in (or is) an input: the seeds or a corpus.

    Writing there would change a researcher's texts, and the next run would read our
    tables as texts. Used for every output folder and file the library writes.
    """
    from .errors import ReadoutsError

    target = Path(out).resolve()
    for given in [SEEDS_DIR, *inputs]:
        src = Path(given).resolve()
        if target == src or (src.is_dir() and src in target.parents):
            kind = "folder" if src.is_dir() else "file"
            raise ReadoutsError(f"{out}: refusing to write into the input {kind} {given}")
    return target


def write_atomically(path: str | Path, write: Callable[[Path], object], what: str = "the file") -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place.

    An interrupted run (Ctrl-C, a full disk, a killed kernel) never leaves a half-written
    output: ``path`` holds the old content or the new, nothing between. A disk error becomes
    a one-line :class:`ReadoutsError` naming ``path``.
    """
    from .errors import ReadoutsError

    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")   # same folder: the move is atomic
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise ReadoutsError(f"{path}: cannot write {what} ({err.strerror or err})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_text_atomically(path: str | Path, text: str, what: str = "the page") -> Path:
    """:func:`write_atomically` for text, as UTF-8."""
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), what)
