"""Errors and warnings a user sees: each names the file and the problem in one line."""
from __future__ import annotations

from pathlib import Path


class ReadoutsError(Exception):
    """Base class of every error Readouts raises on purpose."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: in a notebook, one line a reader can act on
        return [f"\x1b[31m{type(self).__name__}\x1b[0m: {self}"]


class InputError(ReadoutsError):
    """An input file that cannot be read as a document.

    ``str(err)`` is one line: ``<path>: <problem>``.
    """

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class InputErrors(ReadoutsError):
    """Several input files that cannot be read: one line per file, after a summary line."""

    def __init__(self, errors: list[InputError]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} files cannot be read (leave them out with on_error='skip', "
                         "or --skip-bad):\n" + "\n".join(f"  {err}" for err in self.errors))


class ReadoutsWarning(UserWarning):
    """Something was read, but not quite as written (an encoding guessed, a file ignored)."""
