"""The three tables of a run, from each document's group results.

Columns declared by the layers get their declared type, so every chunk (and every engine) writes
the same schema; spans come in corpus order, then by place in the text.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from ..errors import ReadoutsError
from ..layers import column_types
from ..read.corpus import Document
from ..tables import DOCUMENT_COLUMNS, READ_COLUMNS, SPAN_COLUMNS, Tables, documents_table, sentences_table, value_type
from .groups import GroupResult

def assemble(docs: list[Document], results: list[dict[str, GroupResult]]) -> Tables:
    """The three tables of some documents from their groups' results."""
    columns: dict[str, list] = {}
    spans: list[tuple] = []
    doc_rows: list[dict] = []
    n_rows = 0
    for doc, by_group in zip(docs, results):
        n = len(doc.sentences)
        row: dict[str, float] = {}
        doc_spans = []
        for result in by_group.values():
            for name, values in result.columns.items():
                columns.setdefault(name, [None] * n_rows).extend(values)
            text, doc_id = doc.text, doc.doc_id
            doc_spans.extend((doc_id, sent, layer, label, start, end, text[start:end])
                             for sent, layer, label, start, end in result.spans)
            row.update(result.document)
        n_rows += n
        for values in columns.values():
            values.extend([None] * (n_rows - len(values)))
        doc_spans.sort(key=lambda s: (s[4], s[2], s[5]))          # by start, layer, end
        spans.extend(doc_spans)
        doc_rows.append(row)
    sentences = sentences_table(docs)
    types = column_types()
    for name, values in columns.items():
        # the standard columns' types are fixed (every chunk alike); others' are read off their values
        sentences[name] = pd.Series(values, index=sentences.index, dtype=types.get(name) or value_type(values))
    span_table = pd.DataFrame(spans, columns=SPAN_COLUMNS)
    span_table = span_table.astype({"doc_id": "str", "sent": "int64", "layer": "str", "label": "str",
                                    "start": "int64", "end": "int64", "text": "str"})
    documents = documents_table(docs)
    results = list(dict.fromkeys(k for row in doc_rows for k in row))
    for name in results:
        values = [row.get(name) for row in doc_rows]
        # numbers (tone averages) as nullable floats, words (the anatomy's form) as text
        kind = "Float64" if all(v is None or isinstance(v, (int, float)) for v in values) else "str"
        documents[name] = pd.Series(values, index=documents.index, dtype=kind)
    documents.attrs["results"] = results          # which columns are results, not metadata (see concat)
    return Tables(documents=documents, sentences=sentences, spans=span_table)


def concat(chunks: Iterable[Tables]) -> Tables:
    """One set of tables from a run's chunks."""
    parts = list(chunks)
    if not parts:
        raise ReadoutsError("nothing to annotate: no documents")
    return Tables(documents=concat_documents([p.documents for p in parts]),
                  sentences=pd.concat([p.sentences for p in parts], ignore_index=True),
                  spans=pd.concat([p.spans for p in parts], ignore_index=True))


def concat_documents(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Documents tables of several chunks as one, in the order one chunk would have: the usual
    columns, then metadata (sorted; a chunk may lack some), then the layers' results."""
    table = pd.concat(parts, ignore_index=True)
    results = list(dict.fromkeys(c for part in parts for c in part.attrs.get("results", [])))
    table = in_document_columns(table, *document_columns(table.columns, results))
    table.attrs = {}
    return table


def document_columns(columns, results: list[str]) -> tuple[list[str], list[str]]:
    """The documents table's columns in order (the usual ones, metadata sorted, the layers' results),
    and which of them are metadata."""
    usual = [c for c in DOCUMENT_COLUMNS + list(READ_COLUMNS) if c in columns]
    meta = sorted(c for c in columns if c not in usual and c not in results)
    return usual + meta + list(results), meta


def in_document_columns(part: pd.DataFrame, columns: list[str], meta: list[str]) -> pd.DataFrame:
    """A part of the documents table in the whole table's ``columns`` (:func:`document_columns`)."""
    part = part.reindex(columns=columns)
    for column in meta:
        part[column] = part[column].astype("str")   # missing in a chunk: empty, not None-or-NaN
    return part
