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
            for root, real, dirs, files in _walk(path, top):
                if real in seen:
                    dirs[:] = []
                    continue
                seen.add(real)
                kept = []
                for d, d_real in sorted((d, r) for d, r in dirs if not d.startswith(".")):
                    if not follow and not _inside(d_real, top):
                        skipped.append(Path(root) / d)     # a link to a folder elsewhere
                    else:
                        kept.append((d, d_real))
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


def _walk(top, top_real: str):
    """``os.walk(top, followlinks=True)``, top-down (the caller prunes ``dirs``), without recursion: Python
    3.11's recurses once per level, and 1,100 nested folders ended in a RecursionError. Each folder comes with
    its real path, and ``dirs`` are ``(name, real path)``: a folder's real path is its parent's and its name
    unless it is a link, so no path is resolved component by component at every level (quadratic in depth:
    40 s at 1,100 levels)."""
    stack = [(str(top), top_real)]
    while stack:
        root, real = stack.pop()
        try:
            entries = list(os.scandir(root))
        except OSError:
            continue                                  # as os.walk: an unreadable folder is passed over
        dirs, files = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()               # after links, as followlinks=True
                is_link = entry.is_symlink()
            except OSError:
                is_dir = False
            if is_dir:
                dirs.append((entry.name, os.path.realpath(entry.path) if is_link else os.path.join(real, entry.name)))
            else:
                files.append(entry.name)
        yield root, real, dirs, files
        stack.extend((os.path.join(root, d), r) for d, r in reversed(dirs))


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


