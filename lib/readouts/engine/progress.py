"""A progress line for long runs: documents done, words per second, time left.

In a terminal it redraws one line on stderr; in JupyterLab it updates one output line. It stays
quiet when nobody watches: output piped to a file, a notebook run by ``make report``
(``READOUTS_QUIET=1``), or ``--quiet``.

>>> line = Progress(total_documents=10, total_chars=1000, write=None)
>>> line.update(documents=5, words=100, chars=500, elapsed=2.0)
'[#########.........] 5/10 documents · 50 words/s · 2 s left'
"""
from __future__ import annotations

import os
import sys
import time
from typing import Callable

BAR = 18


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """Call it with each chunk's ``(documents, words)``; ``close()`` at the end."""

    def __init__(self, total_documents: int, total_chars: int, write: Callable[[str, bool], None] | None,
                 chars_of: Callable[[int, int], int] | None = None, every: float = 0.25):
        self.total_documents, self.total_chars = total_documents, max(total_chars, 1)
        self.write, self.every, self.chars_of = write, every, chars_of
        self.documents = self.words = self.chars = 0
        self.started = time.perf_counter()
        self._shown = 0.0

    def update(self, documents: int, words: int, chars: int, elapsed: float) -> str:
        """The line for this state (documents, words and characters done; seconds elapsed)."""
        share = min(chars / self.total_chars, 1.0)
        filled = int(round(share * BAR))
        rate = words / elapsed if elapsed > 0 else 0.0
        left = elapsed * (1 - share) / share if share > 0 else 0.0
        return (f"[{'#' * filled}{'.' * (BAR - filled)}] {documents:,}/{self.total_documents:,} documents"
                f" · {rate:,.0f} words/s · {_duration(left)} left")

    def __call__(self, documents: int, words: int) -> None:
        start = self.documents
        self.documents += documents
        self.words += words
        self.chars += self.chars_of(start, self.documents) if self.chars_of else 0
        now = time.perf_counter()
        if self.write and (now - self._shown >= self.every or self.documents == self.total_documents):
            self._shown = now
            self.write(self.update(self.documents, self.words, self.chars, now - self.started), False)

    def close(self) -> None:
        if self.write and self.documents:
            elapsed = time.perf_counter() - self.started
            self.write(f"{self.documents:,} documents, {self.words:,} words in {_duration(elapsed)} "
                       f"({self.words / max(elapsed, 1e-9):,.0f} words/s)", True)


def _terminal_writer() -> Callable[[str, bool], None]:
    def write(line: str, final: bool) -> None:
        sys.stderr.write("\r\x1b[K" + line + ("\n" if final else ""))
        sys.stderr.flush()
    return write


def _notebook_writer() -> Callable[[str, bool], None]:
    from IPython.display import display
    handle = display({"text/plain": ""}, raw=True, display_id=True)

    def write(line: str, final: bool) -> None:
        handle.update({"text/plain": line}, raw=True)
    return write


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def make_progress(progress, documents: list, *, sizes: tuple[int, int, Callable] | None = None
                  ) -> Progress | Callable | None:
    """``progress``: ``None`` (shown when someone watches), ``True``, ``False`` or a callable. For a stream
    of documents, ``sizes`` gives ``(documents, characters, chars_of)`` in place of the list."""
    if progress is False or (progress is None and os.environ.get("READOUTS_QUIET")):
        return None
    if callable(progress) and not isinstance(progress, bool):
        return progress
    if _in_notebook():
        write = _notebook_writer()
    elif progress is True or sys.stderr.isatty():
        write = _terminal_writer()
    else:
        return None
    if sizes is not None:
        return Progress(sizes[0], sizes[1], write, chars_of=sizes[2])
    cumulative = [0]
    for doc in documents:
        cumulative.append(cumulative[-1] + len(doc.text))
    return Progress(len(documents), cumulative[-1], write, chars_of=lambda a, b: cumulative[b] - cumulative[a])
