"""Readers: one per file format, each turning a file into records (text + metadata).

A record is one document before parsing. ``.txt`` gives one record per file; ``.csv`` and
``.jsonl`` give one per row. Which reader runs is decided by the file's extension only.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from . import patterns  # noqa: F401  (the doctest of metadata_from_name)
from .encoding import decode

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


def read_text_file(path: Path, data: bytes, name_patterns) -> list[Record]:
    text = decode(data, str(path))
    return [Record(text=text, path=str(path), name=path.stem, sha256=hashlib.sha256(data).hexdigest(),
                   source_format="text", meta=metadata_from_name(path.stem, name_patterns))]


def read_csv_file(path: Path, data: bytes, name_patterns, text_column: str | None = None) -> list[Record]:
    text = decode(data, str(path)).lstrip("\ufeff")
    if len(text) >= csv.field_size_limit():
        # a cell may be as long as the file (Python's default stops at 131,072 characters); the limit on
        # one document's size (--max-mb) applies to the text once read
        csv.field_size_limit(len(text) + 1)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(reader, None)
        if not header:
            raise InputError(path, "empty CSV file: no header row")
        header = [h.strip() for h in header]
        rows = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InputError(path, f"row {len(rows) + 1} (line {reader.line_num}): {len(row)} fields, "
                                       f"the header has {len(header)}")
            rows.append((len(rows) + 1, dict(zip(header, row))))
    except csv.Error as err:
        raise InputError(path, f"not a well-formed CSV file ({err})") from None
    return _table_records(path, header, rows, text_column, "csv", "row")


def read_jsonl_file(path: Path, data: bytes, name_patterns, text_column: str | None = None) -> list[Record]:
    text = decode(data, str(path)).lstrip("\ufeff")
    rows, columns = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(path, f"line {number} is not valid JSON ({err.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(path, f"line {number} is not a JSON object")
        row = {str(k): "" if v is None else (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
               for k, v in obj.items()}
        columns.update(dict.fromkeys(row))
        rows.append((number, row))
    return _table_records(path, list(columns), rows, text_column, "jsonl", "line")


def _pick(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    lower = {c.lower(): c for c in columns}
    return next((lower[c] for c in candidates if c in lower), None)


def _table_records(path: Path, columns: list[str], rows, text_column, fmt: str, unit: str) -> list[Record]:
    text_col = text_column if text_column in columns else None if text_column else _pick(columns, TEXT_COLUMNS)
    if text_col is None:
        wanted = text_column or ", ".join(TEXT_COLUMNS)
        raise InputError(path, f"no text column (looked for {wanted}; found {', '.join(columns) or 'none'})")
    if not rows:
        raise InputError(path, f"no {unit}s with data")
    meta_cols = {field_: _pick(columns, names) for field_, names in META_COLUMNS.items()}
    known = {c for c in meta_cols.values() if c} | {text_col}
    records = []
    for number, row in rows:
        text = row.get(text_col) or ""
        if not text.strip():
            raise InputError(path, f"{unit} {number}: the text column '{text_col}' is empty")
        meta = {f: row[c].strip() for f, c in meta_cols.items() if c and row.get(c, "").strip()}
        meta.update({(f"meta_{c}" if c in RESERVED_COLUMNS else c): str(row[c]).strip()
                     for c in columns if c not in known and str(row.get(c, "")).strip()})
        name = meta.pop("doc_id", None) or f"{path.stem}-{number}"
        records.append(Record(text=text, path=str(path), name=name,
                              sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                              source_format=fmt, meta=meta))
    return records


READERS = {".txt": read_text_file, ".csv": read_csv_file, ".jsonl": read_jsonl_file}
