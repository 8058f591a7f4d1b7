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
        remove_stale_temporaries(path.parent)
        write(tmp)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise ReadoutsError(f"{path}: cannot write {what} ({err.strerror or err})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


_CLEANED: set[str] = set()          # folders this process has already rid of dead runs' temporaries


def remove_stale_temporaries(folder: str | Path) -> None:
    """Remove from ``folder`` the temporaries (``.<name>.<pid>.tmp``) of runs that were killed (their process is
    gone); once per folder and process, so that writing many files into one folder stays linear."""
    key = str(folder)
    if key in _CLEANED:
        return
    _CLEANED.add(key)
    try:
        entries = [e.name for e in os.scandir(folder) if e.name.startswith(".") and e.name.endswith(".tmp")]
    except OSError:
        return
    for name in entries:
        pid = name[:-4].rsplit(".", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not process_running(int(pid)):
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass


def process_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True                      # someone else's process (or not a pid): leave its file alone
    return True


def write_text_atomically(path: str | Path, text: str, what: str = "the page") -> Path:
    """:func:`write_atomically` for text, as UTF-8."""
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), what)


# -- folders Readouts owns: it deletes and overwrites only in these -------------------------------
OWNED_MARKER = ".readouts-folder"          # written into every output folder Readouts makes


def claim_folder(folder: str | Path, what: str, legacy: Iterable[str] = ()) -> Path:
    """``folder``, made Readouts' own: created with the marker file if new or empty; an existing folder
    holding other files and no marker is refused (Readouts would delete or overwrite someone else's files).
    ``legacy``: the names an older Readouts wrote there, accepted without the marker (and then marked)."""
    from .errors import ReadoutsError

    folder = Path(folder)
    marker = folder / OWNED_MARKER
    if folder.exists() and not folder.is_dir():
        raise ReadoutsError(f"{folder}: cannot use it as {what}: it is a file, not a folder")
    if folder.is_dir() and not marker.exists():
        foreign = sorted(p.name for p in folder.iterdir() if p.name not in set(legacy))
        if foreign:
            raise ReadoutsError(f"{folder}: refusing to use it as {what}: it holds {len(foreign)} entr"
                                f"{'y' if len(foreign) == 1 else 'ies'} Readouts did not make (e.g. {foreign[0]}) and no "
                                f"{OWNED_MARKER} marker; give a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    if not marker.exists():
        marker.write_text(f"Made by Readouts as {what}: Readouts may delete and rewrite what this folder holds.\n",
                          encoding="utf-8")
    return folder


def check_apart(output: str | Path, inputs: Iterable[str | Path], what: str) -> Path:
    """``output`` resolved, or an error if it lies inside an input or an input lies inside it (a corpus
    inside the build folder would be deleted by the next report's cleanup)."""
    from .errors import ReadoutsError

    target = check_writable_outside_inputs(output, inputs)
    for given in inputs:
        src = Path(given).resolve()
        if target in src.parents:
            raise ReadoutsError(f"{output}: refusing to use it as {what}: the input {given} lies inside it")
    return target
