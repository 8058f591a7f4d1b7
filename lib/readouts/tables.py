"""The tables the library returns: one row per document, one row per sentence.

Column names are stable and documented in the README; later layers add columns to the
sentence table, which stays the one place where annotations meet.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from .errors import ReadoutsError
from .paths import check_writable_outside_inputs, remove_stale_temporaries, write_atomically
from .read.words import count_words  # noqa: F401  (the tables' word count, re-exported)
from .read.language import text_language

DOCUMENT_COLUMNS = ["doc_id", "path", "date", "headline", "outlet", "place", "caption", "photo_credit",
                    "n_paragraphs", "n_sentences", "n_words", "sha256"]
SENTENCE_COLUMNS = ["doc_id", "para", "sent", "section", "start", "end", "text", "n_words"]
SPAN_COLUMNS = ["doc_id", "sent", "layer", "label", "start", "end", "text"]


@dataclass
class Tables:
    """The annotated corpus: one row per document, per sentence and per span."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    spans: pd.DataFrame


def speaker_or_role(speaker: str, role: str) -> str:
    """One sentence's speaker label: the speaker's name, or the role when there is none
    ("narrator", "questioner"). The quote spans, charts and document pages all use it.

    >>> speaker_or_role("", "narrator"), speaker_or_role("Xi Jinping", "person")
    ('narrator', 'Xi Jinping')
    """
    return speaker or role


def speaker_label(sentences: pd.DataFrame) -> pd.Series:
    """:func:`speaker_or_role` for every row of a sentence table."""
    speakers = sentences.speaker.fillna("")
    return pd.Series([speaker_or_role(s, r) for s, r in zip(speakers, sentences.speaker_role)],
                     index=sentences.index, dtype=object).where(speakers != "", sentences.speaker_role)


def value_type(values: list) -> str | None:
    """The pandas type of a column of undeclared type, read off its values."""
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "Int64"              # a sentence without a value stays empty, not 0
    if kinds <= {str}:
        return "str"
    return None




# what the reader finds besides DOCUMENT_COLUMNS, before any metadata of the user's
READ_COLUMNS = ("dateline", "source_format", "language")


def documents_table(documents: Iterable) -> pd.DataFrame:
    """One row per document: ``DOCUMENT_COLUMNS`` then ``dateline``, ``source_format``, ``language``
    (``en``, ``zh``, ... see :func:`readouts.read.language.text_language`) and any further metadata (from file names or CSV/JSONL columns), sorted by name."""
    rows = []
    for doc in documents:
        sentences = doc.sentences
        rows.append({
            "doc_id": doc.doc_id, "path": doc.path, "date": doc.date, "headline": doc.headline,
            "outlet": doc.outlet, "place": doc.place, "caption": doc.caption, "photo_credit": doc.photo_credit,
            "n_paragraphs": len(doc.paragraphs), "n_sentences": len(sentences),
            "n_words": sum(doc.word_counts),
            "sha256": doc.sha256, "dateline": doc.dateline, "source_format": doc.source_format,
            "language": text_language(doc.text), **doc.meta,
        })
    extra = sorted({k for row in rows for k in row} - set(DOCUMENT_COLUMNS) - set(READ_COLUMNS))
    columns = DOCUMENT_COLUMNS + list(READ_COLUMNS) + extra
    table = pd.DataFrame(rows, columns=columns)
    for col in ("n_paragraphs", "n_sentences", "n_words"):
        table[col] = table[col].astype("int64")
    for col in ("date", "headline", "outlet", "place", "caption", "photo_credit", "dateline"):
        table[col] = table[col].astype("str")      # text even when no document has one (read back alike)
    return table


def sentences_table(documents: Iterable) -> pd.DataFrame:
    """One row per sentence, ``SENTENCE_COLUMNS``; ``text == document.text[start:end]``."""
    cols: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
    for doc in documents:
        sentences, text = doc.sentences, doc.text
        cols["doc_id"].extend([doc.doc_id] * len(sentences))
        cols["para"].extend(s.para for s in sentences)
        cols["sent"].extend(s.sent for s in sentences)
        cols["section"].extend(s.section for s in sentences)
        cols["start"].extend(s.start for s in sentences)
        cols["end"].extend(s.end for s in sentences)
        cols["text"].extend(text[s.start:s.end] for s in sentences)
        cols["n_words"].extend(doc.word_counts)
    table = pd.DataFrame(cols)
    for col in ("para", "sent", "start", "end", "n_words"):
        table[col] = table[col].astype("int64")
    return table


# -- writing ----------------------------------------------------------------------------
WRITERS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
SAFE_CSV_ENV = "READOUTS_SAFE_CSV"         # "1" (what --safe-csv sets): CSV cells cannot start a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """With ``READOUTS_SAFE_CSV=1``, ``table`` with every text cell and column name that a spreadsheet would
    read as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) prefixed with ``'``;
    otherwise ``table`` itself. Numbers are left alone (``-0.5`` is a number, not a formula).

    >>> import os; os.environ[SAFE_CSV_ENV] = "1"
    >>> spreadsheet_safe(pd.DataFrame({"text": ["=HYPERLINK(1)", "fine"], "n": [-1, 2]})).text.tolist()
    ["'=HYPERLINK(1)", 'fine']
    >>> del os.environ[SAFE_CSV_ENV]
    """
    if os.environ.get(SAFE_CSV_ENV) != "1":
        return table

    def safe(value):
        return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value

    out = table.rename(columns=lambda c: safe(c) if isinstance(c, str) else c)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe)
    return out


def check_table_outputs(outputs: list[Path], inputs: list[str]) -> None:
    """Check every output table's path before any work, not after the first table is written: a known
    format, not a folder, and outside the inputs (``readouts annotate --out``, ``readouts kwic --out``)."""
    for out in outputs:
        if out.suffix.lower() not in WRITERS:
            raise ReadoutsError(f"{out}: unknown table format '{out.suffix}'; use .csv or .parquet")
        if out.is_dir():
            raise ReadoutsError(f"{out}: is a folder; give a file name ending in .csv or .parquet")
        check_writable_outside_inputs(out, inputs)


def write_table(table: pd.DataFrame, path: str | Path) -> Path:
    """Write ``table`` as CSV or Parquet, chosen by the file's extension.

    The table goes to a temporary file beside ``path`` and is moved into place, so an
    interrupted run never leaves a half-written table.
    """
    path = Path(path)
    kind = WRITERS.get(path.suffix.lower())
    if kind is None:
        raise ReadoutsError(f"{path}: unknown table format '{path.suffix}'; use .csv or .parquet")
    if kind == "csv":
        table = spreadsheet_safe(table)
        return write_atomically(path, lambda tmp: table.to_csv(tmp, index=False, lineterminator="\n"), "the table")
    return write_atomically(path, lambda tmp: table.to_parquet(tmp, index=False), "the table")


# rows per Parquet row group: a row group per chunk of 64 documents left thousands of them in a big run, and
# the writer holds every row group's statistics until it closes (about 200 MB at 200,000 documents)
PARQUET_ROW_GROUP = 50_000


class TableWriter:
    """Write a table chunk by chunk (CSV or Parquet, by extension), for corpora too big to hold.

    Chunks go to a temporary file beside ``path``, moved into place by :meth:`close`; a run that
    fails calls :meth:`abort` and leaves the previous table as it was. The chunks' columns and
    types must agree (the engine fixes them). Written CSV is byte-identical to
    :func:`write_table` of the chunks concatenated.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.kind = WRITERS.get(self.path.suffix.lower())
        if self.kind is None:
            raise ReadoutsError(f"{self.path}: unknown table format '{self.path.suffix}'; use .csv or .parquet")
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        remove_stale_temporaries(self.path.parent)     # a killed run's half-written table
        self.rows = 0
        self._parquet = None
        self._pending: list = []          # chunks of Parquet not yet written: one row group per ~50,000 rows
        self._columns = None

    def write(self, table: pd.DataFrame) -> None:
        try:
            if self._columns is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._columns = list(table.columns)
            elif list(table.columns) != self._columns:
                raise ReadoutsError(f"{self.path}: a chunk's columns differ from the first chunk's")
            if self.kind == "csv":
                spreadsheet_safe(table).to_csv(self.tmp, index=False, lineterminator="\n", header=self.rows == 0,
                             mode="w" if self.rows == 0 else "a")
            else:
                import pyarrow as pa
                import pyarrow.parquet as pq
                arrow = pa.Table.from_pandas(table, preserve_index=False)
                if self._parquet is None:
                    self._parquet = pq.ParquetWriter(self.tmp, arrow.schema)
                self._pending.append(arrow.cast(self._parquet.schema))
                if sum(len(t) for t in self._pending) >= PARQUET_ROW_GROUP:
                    self._flush()
        except OSError as err:
            self.abort()
            raise ReadoutsError(f"{self.path}: cannot write the table ({err.strerror or err})") from None
        self.rows += len(table)

    def _flush(self) -> None:
        import pyarrow as pa

        if self._pending:
            self._parquet.write_table(pa.concat_tables(self._pending))
            self._pending = []

    def close(self) -> Path:
        if self._parquet is not None:
            try:
                self._flush()
            except OSError as err:
                self.abort()
                raise ReadoutsError(f"{self.path}: cannot write the table ({err.strerror or err})") from None
            self._parquet.close()
        if self._columns is None:
            raise ReadoutsError(f"{self.path}: nothing was written")
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        if self._parquet is not None:
            try:
                self._parquet.close()
            except Exception:
                pass
            self._parquet = None
        self.tmp.unlink(missing_ok=True)
