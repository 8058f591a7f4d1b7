"""Data files a researcher can edit: lexicons and schemes as CSV with a version and sources.

Each file opens with comment lines ``# key: value`` (at least ``version`` and ``source``),
then a CSV header and rows. Files live in ``lib/readouts/data/``; a copy elsewhere can be
passed by path.
"""
from __future__ import annotations

import csv
import io
import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ReadoutsError
from .paths import DATA_DIR


@dataclass(frozen=True)
class DataFile:
    path: Path
    meta: dict[str, str]            # from the "# key: value" lines: version, source, ...
    rows: tuple[dict[str, str], ...]

    @property
    def version(self) -> str:
        return self.meta.get("version", "")


def split_list(value: str | None) -> list[str]:
    """``"a; b;c"`` -> ``["a", "b", "c"]``: the separator of list cells in every data file."""
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def read_data_file(name_or_path: str | Path, required: tuple[str, ...] = ()) -> DataFile:
    """Read a data file; a missing column, version or source is an error naming the file.

    >>> read_data_file("reporting_verbs.csv").meta["version"] != ""
    True
    """
    path, version = file_key(name_or_path)
    return _read(path, version, tuple(required))


def data_path(name_or_path: str | Path) -> Path:
    """A data file by name (in ``lib/readouts/data/``) or by path."""
    return _data_path(str(name_or_path), os.getcwd())


@lru_cache(maxsize=256)
def _data_path(name_or_path: str, cwd: str) -> Path:
    # layers ask for their data file once per sentence: resolving it once is a tenth of the tone layer
    path = Path(name_or_path)
    if not path.is_absolute() and not path.exists():
        path = DATA_DIR / path
    return path.resolve()


def file_key(name_or_path: str | Path) -> tuple[Path, int]:
    """``(path, modification time)``: what caches of a data file are keyed on, so an edit in a
    running notebook is read on the next call, without restarting the kernel (while
    :func:`pinned_files` is in force, the key read first is kept)."""
    if _PINNED is not None:
        key = _PINNED.get(name_or_path)
        if key is None:
            key = _PINNED[name_or_path] = _file_key(name_or_path)
        return key
    return _file_key(name_or_path)


def _file_key(name_or_path: str | Path) -> tuple[Path, int]:
    path = data_path(name_or_path)
    try:
        return path, path.stat().st_mtime_ns
    except OSError as err:
        raise ReadoutsError(f"{path}: cannot read this data file ({err.strerror or err})") from None


_PINNED: dict | None = None


@contextmanager
def pinned_files():
    """Data files read as they were when the block began: the layers ask for their files once per
    word or sentence, and a stat each time was a tenth of the annotation. The engine pins them
    for one document.

    >>> with pinned_files():
    ...     file_key("stopwords.txt") is file_key("stopwords.txt")
    True
    """
    global _PINNED
    outer = _PINNED
    _PINNED = {} if outer is None else outer
    try:
        yield
    finally:
        _PINNED = outer


@lru_cache(maxsize=32)
def _read(path: Path, mtime: int, required: tuple[str, ...]) -> DataFile:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise ReadoutsError(f"{path}: cannot read this data file ({err.strerror or err})") from None
    meta, body = {}, []
    lines = text.splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        key, sep, value = lines[i].lstrip("#").partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip()
        i += 1
    body = "\n".join(lines[i:])
    for key in ("version", "source"):
        if key not in meta:
            raise ReadoutsError(f"{path}: no '# {key}: ...' line at the top of this data file")
    reader = csv.DictReader(io.StringIO(body), strict=True)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise ReadoutsError(f"{path}: missing column(s) {', '.join(missing)}")
    rows = []
    try:
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                raise ReadoutsError(f"{path}: line {i + reader.line_num} has a different number of fields "
                                    f"than the header")
            rows.append({k: (v or "").strip() for k, v in row.items()})
    except csv.Error as err:
        raise ReadoutsError(f"{path}: line {i + reader.line_num} is not well-formed CSV ({err})") from None
    return DataFile(path=path, meta=meta, rows=tuple(rows))


def read_yaml_file(path: Path, what: str, required: tuple[str, ...]) -> dict:
    """A YAML data file as a dict with ``required`` keys; any problem is an error naming the file."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ReadoutsError(f"{path}: cannot read the {what} ({str(err).splitlines()[0]})") from None
    for key in required:
        if not isinstance(data, dict) or key not in data:
            raise ReadoutsError(f"{path}: the {what} has no '{key}'")
    return data


@lru_cache(maxsize=1)
def general_english_counts() -> dict[str, int]:
    """Word counts of general English that work offline: Peter Norvig's big.txt counts as TextBlob ships
    them (``textblob/en/en-spelling.txt``), lower-cased. Keyness compares with them; the speaker layer
    uses them to tell a capitalised sentence opener ("People may ask") from a name."""
    from collections import Counter

    import textblob

    path = Path(textblob.__file__).parent / "en" / "en-spelling.txt"
    counts: Counter = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(";;;") or not line.strip():
            continue
        word, _, count = line.rpartition(" ")
        if word and count.isdigit():
            counts[word.lower()] += int(count)
    return counts
