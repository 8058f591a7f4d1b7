"""Errors and warnings a user sees: each names the file and the problem in one line."""
from __future__ import annotations

from pathlib import Path


class ReadoutsError(Exception):
    """Base class of every error Readouts raises on purpose."""


class InputError(ReadoutsError):
    """An input file that cannot be read as a document.

    ``str(err)`` is one line: ``<path>: <problem>``.
    """

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ReadoutsWarning(UserWarning):
    """Something was read, but not quite as written (an encoding guessed, a file ignored)."""
