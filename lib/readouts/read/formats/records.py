"""Readers: one per file format, each turning a file into records (text + metadata).

A record is one document before parsing. ``.txt`` gives one record per file; ``.csv`` and
``.jsonl`` give one per row. Which reader runs is decided by the file's extension only.
"""
from __future__ import annotations

import csv
import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ...errors import InputError
from . import patterns  # noqa: F401  (the doctest of metadata_from_name)
from .encoding import decode, read_bytes, text_stream

# Column names, in order of preference, for the text and for each metadata field.
TEXT_COLUMNS = ("text", "body", "content", "speech", "transcript")
META_COLUMNS = {
    "doc_id": ("doc_id", "id"),
    "date": ("date",),
    "headline": ("headline", "title"),
    "outlet": ("outlet", "source", "publisher"),
    "place": ("place", "location", "dateline_place"),
    "caption": ("caption",),
    "photo_credit": ("photo_credit", "credit"),
}


# Columns the library computes: a CSV/JSONL column of the same name is kept as meta_<name>.
RESERVED_COLUMNS = frozenset({"path", "n_paragraphs", "n_sentences", "n_words", "sha256", "dateline",
                              "source_format", "text", "para", "sent", "section", "start", "end"})


@dataclass
class Record:
    text: str
    path: str
    name: str                      # the doc_id the record asks for (file stem, or row id)
    sha256: str
    source_format: str             # "text", "csv" or "jsonl"
    meta: dict[str, str] = field(default_factory=dict)


def metadata_from_name(stem: str, name_patterns: dict[str, re.Pattern[str]]) -> dict[str, str]:
    """Metadata from a file name by the first pattern that matches it.

    >>> metadata_from_name("CHN_74_2019", patterns.FILENAME_PATTERNS)
    {'country': 'CHN', 'session': '74', 'year': '2019', 'date': '2019'}
    """
    for pattern in name_patterns.values():
        m = pattern.match(stem)
        if m:
            meta = {k: v for k, v in m.groupdict().items() if v}
            if "date" not in meta and "year" in meta:
                meta["date"] = meta["year"]          # a year is a date at year precision
            return meta
    return {}


def read_text_file(path: Path, name_patterns, max_mb: float | None = None) -> Iterator[Record]:
    if max_mb is not None and (size := path.stat().st_size) > max_mb * 1e6:
        raise InputError(path, too_big(size, max_mb, "the file"))       # refused before reading
    data = read_bytes(path)
    text = decode(data, str(path))
    yield Record(text=text, path=str(path), name=path.stem, sha256=hashlib.sha256(data).hexdigest(),
                 source_format="text", meta=metadata_from_name(path.stem, name_patterns))


# A CSV or JSONL file is read twice as a stream, never held whole: the first pass checks every row (a file
# with a bad row is refused whole, before any of its rows becomes a document) and finds the columns; the
# second yields one record at a time. 200,000 rows take the memory of one.
def read_csv_file(path: Path, name_patterns, text_column: str | None = None,
                  max_mb: float | None = None) -> Iterator[Record]:
    # a cell may be as long as the file (Python's default stops at 131,072 characters); the limit on
    # one document's size (--max-mb) applies to the text once read
    csv.field_size_limit(max(csv.field_size_limit(), path.stat().st_size + 1))
    rows = _csv_rows(path)
    first = next(rows, None)
    header = first[0] if first else []
    if not header:
        raise InputError(path, "empty CSV file: no header row")
    text_col = _text_column(path, header, text_column, itertools.chain([first], rows), "row", max_mb)
    yield from _table_records(path, header, text_col, (row for _, row in _csv_rows(path)), "csv", "row")


def _csv_rows(path: Path) -> Iterator[tuple[list[str], tuple[int, dict]]]:
    """The header and each row with data as ``(number, {column: cell})``; a malformed file is an InputError."""
    with text_stream(path) as stream:
        try:
            reader = csv.reader(stream, strict=True)
            header = [h.strip() for h in next(reader, None) or []]
            n = 0
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise InputError(path, f"row {n + 1} (line {reader.line_num}): {len(row)} fields, "
                                           f"the header has {len(header)}")
                n += 1
                yield header, (n, dict(zip(header, row)))
            if not n:
                yield header, None          # the header alone: no row with data
        except csv.Error as err:
            raise InputError(path, f"not a well-formed CSV file ({err})") from None


def read_jsonl_file(path: Path, name_patterns, text_column: str | None = None,
                    max_mb: float | None = None) -> Iterator[Record]:
    columns = list(dict.fromkeys(k for _, row in _jsonl_rows(path) for k in row))
    text_col = _text_column(path, columns, text_column, ((None, r) for r in _jsonl_rows(path)), "line", max_mb)
    yield from _table_records(path, columns, text_col, _jsonl_rows(path), "jsonl", "line")


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict]]:
    with text_stream(path) as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(path, f"line {number} is not valid JSON ({err.msg})") from None
            if not isinstance(obj, dict):
                raise InputError(path, f"line {number} is not a JSON object")
            yield number, {str(k): "" if v is None else (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                           for k, v in obj.items()}


def _pick(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    lower = {c.lower(): c for c in columns}
    return next((lower[c] for c in candidates if c in lower), None)


def _text_column(path: Path, columns: list[str], text_column, rows, unit: str, max_mb: float | None) -> str:
    """The text column, after checking every row (``rows``: ``(_, (number, row))``, a ``None`` row for none)."""
    text_col = text_column if text_column in columns else None if text_column else _pick(columns, TEXT_COLUMNS)
    if text_col is None:
        wanted = text_column or ", ".join(TEXT_COLUMNS)
        raise InputError(path, f"no text column (looked for {wanted}; found {', '.join(columns) or 'none'})")
    n = 0
    for _, item in rows:
        if item is None:
            continue
        n += 1
        number, row = item
        text = row.get(text_col) or ""
        if not text.strip():
            raise InputError(path, f"{unit} {number}: the text column '{text_col}' is empty")
        if max_mb is not None and len(text) > max_mb * 1e6:
            name = _row_name(path, columns, row, number)
            raise InputError(path, too_big(len(text), max_mb, f"document {name!r}"))
    if not n:
        raise InputError(path, f"no {unit}s with data")
    return text_col


def _row_name(path: Path, columns: list[str], row: dict, number: int) -> str:
    id_col = _pick(columns, META_COLUMNS["doc_id"])
    return (row.get(id_col, "").strip() if id_col else "") or f"{path.stem}-{number}"


def _table_records(path: Path, columns: list[str], text_col: str, rows, fmt: str, unit: str) -> Iterator[Record]:
    meta_cols = {field_: _pick(columns, names) for field_, names in META_COLUMNS.items()}
    known = {c for c in meta_cols.values() if c} | {text_col}
    for item in rows:
        if item is None:
            continue
        number, row = item
        text = row.get(text_col) or ""
        meta = {f: row[c].strip() for f, c in meta_cols.items() if c and row.get(c, "").strip()}
        meta.update({(f"meta_{c}" if c in RESERVED_COLUMNS else c): str(row[c]).strip()
                     for c in columns if c not in known and str(row.get(c, "")).strip()})
        name = meta.pop("doc_id", None) or f"{path.stem}-{number}"
        yield Record(text=text, path=str(path), name=name, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                     source_format=fmt, meta=meta)


def check_not_empty(path: Path, head: int = 1 << 16) -> None:
    """An empty file, or one of only whitespace, is an InputError (a whitespace-only file is looked for in its
    first ``head`` bytes: a longer one fails later as a file without rows)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            start = f.read(head) if size <= head else b"x"
    except OSError as err:
        raise InputError(path, f"cannot be read ({err.strerror or err})") from None
    if not start.strip():
        raise InputError(path, "empty file" if not start else "no text (only whitespace)")


def too_big(size: float, max_mb: float, what: str) -> str:
    return (f"{what} is {size / 1e6:,.1f} MB, more than the {max_mb:g} MB one document may have: many "
            f"documents in one? Put one document per file (or one per CSV/JSONL row), or raise the "
            f"limit (max_mb=..., --max-mb)")


READERS = {".txt": read_text_file, ".csv": read_csv_file, ".jsonl": read_jsonl_file}
