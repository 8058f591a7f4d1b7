"""Finding the files of a corpus: only regular files, never a link out of the corpus folder.

>>> from readouts.paths import SEEDS_DIR
>>> [f.suffix for f in find_files([SEEDS_DIR])[0]]
['.txt']
"""
from __future__ import annotations

import os
import re
import stat
import warnings
from pathlib import Path
from typing import Iterable

from ..errors import InputError, ReadoutsWarning
from .formats import READERS

FOLLOW_LINKS_ENV = "READOUTS_FOLLOW_LINKS"     # "1": read links that lead outside the corpus folder too


def find_files(paths: Iterable[str | Path], follow_links: bool | None = None) -> tuple[list[Path], list[Path]]:
    """Files to read under ``paths`` (folders searched recursively) and files ignored.

    Hidden files and folders (``.git``, ``.ipynb_checkpoints``) are skipped; files whose
    extension no reader knows are returned as ignored. Only regular files are read: FIFOs,
    devices, sockets and broken links are skipped, and so is a symbolic link whose target lies
    outside the folder searched (a link to ``/etc`` would put system files into a report meant to be
    shared) unless ``follow_links`` (default: the environment variable ``READOUTS_FOLLOW_LINKS=1``,
    which ``--follow-links`` sets); one warning counts them. Symbolic-link loops are followed once.
    """
    follow = os.environ.get(FOLLOW_LINKS_ENV) == "1" if follow_links is None else follow_links
    found: list[Path] = []
    ignored: list[Path] = []
    skipped: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            top = os.path.realpath(path)
            seen: set[str] = set()
            for root, dirs, files in _walk(path):
                real = os.path.realpath(root)
                if real in seen:
                    dirs[:] = []
                    continue
                seen.add(real)
                kept = []
                for d in sorted(d for d in dirs if not d.startswith(".")):
                    if not follow and not _inside(os.path.realpath(os.path.join(root, d)), top):
                        skipped.append(Path(root) / d)     # a link to a folder elsewhere
                    else:
                        kept.append(d)
                dirs[:] = kept
                for name in sorted(files):
                    if name.startswith("."):          # .DS_Store, editor and R history files
                        continue
                    f = Path(root) / name
                    if not _regular_inside(f, top, follow):
                        skipped.append(f)
                        continue
                    (found if f.suffix.lower() in READERS else ignored).append(f)
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                raise InputError(path, f"unknown file type '{path.suffix}'; Readouts reads "
                                       f"{', '.join(sorted(READERS))}")
            found.append(path)
        elif path.exists():
            raise InputError(path, "not a regular file or folder (a FIFO, a device or a socket is not read)")
        else:
            raise InputError(path, "no such file or folder")
    if skipped:
        names = ", ".join(printable(str(f)) for f in skipped[:3]) + (", ..." if len(skipped) > 3 else "")
        warnings.warn(f"skipped {len(skipped)} entr{'y' if len(skipped) == 1 else 'ies'} that Readouts does not read "
                      f"(not a regular file, or a link leading outside the corpus folder: {names}); "
                      "--follow-links reads such links", ReadoutsWarning, stacklevel=2)
    return found, ignored


def _walk(top):
    """``os.walk(top, followlinks=True)``, top-down (the caller prunes ``dirs``), without recursion: Python
    3.11's recurses once per level, and 1,100 nested folders ended in a RecursionError."""
    stack = [str(top)]
    while stack:
        root = stack.pop()
        try:
            entries = list(os.scandir(root))
        except OSError:
            continue                                  # as os.walk: an unreadable folder is passed over
        dirs, files = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()               # after links, as followlinks=True
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry.name)
        yield root, dirs, files
        stack.extend(os.path.join(root, d) for d in reversed(dirs))


def _inside(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _regular_inside(f: Path, top: str, follow: bool) -> bool:
    """A regular file (after links), and, unless ``follow``, not a link leading outside ``top``."""
    try:
        if not stat.S_ISREG(os.stat(f).st_mode):       # a FIFO would block the read; a device never ends
            return False
    except OSError:                                    # a broken link
        return False
    return follow or not f.is_symlink() or _inside(os.path.realpath(f), top)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")     # tabs and line breaks stay


def printable(text: str) -> str:
    """``text`` with control characters (terminal escape sequences among them) shown as ``?``: what Readouts
    prints of a file name, an id or a message, so that a name cannot drive the terminal.

    >>> printable("evil\x1b[2Jname")
    'evil?[2Jname'
    """
    return _CONTROL.sub("?", text)


