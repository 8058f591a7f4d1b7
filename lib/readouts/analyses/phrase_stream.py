"""A whole corpus streamed through the phrase counts, for ``readouts phrases``: :func:`iter_documents`
reads the documents one at a time, :func:`count_corpus` runs the formulations layer on them (on several
cores, through the annotation cache) and adds their words to a
:class:`~readouts.analyses.phrase_counts.PhraseCounts`, and :func:`write_csv` writes the tables fast.
Callers import these names from :mod:`readouts.analyses.recurring_phrases`.
"""
from __future__ import annotations

import os
import warnings
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

from ..errors import ReadoutsError, ReadoutsWarning
from .phrase_counts import CSV_OPTIONS, PhraseCounts
from .phrase_words import _changed_by_lowering, tokenize

CHUNK_DOCUMENTS = 64          # documents per unit of work in count_corpus (as the annotation engine's)


def iter_documents(paths, *, name_patterns: dict | None = None, on_error: str = "raise",
                   max_mb: float | None = None, skipped: list | None = None) -> Iterator:
    """The documents :func:`readouts.load_corpus` would read, one at a time, none kept: the same files,
    ids, metadata and warnings. Every file is tried; a bad one raises as ``load_corpus`` raises it, after
    the last document (``on_error="skip"``: it goes to ``skipped``).

    >>> from readouts.paths import SEEDS_DIR
    >>> [d.doc_id for d in iter_documents(SEEDS_DIR)] == [d.doc_id for d in __import__("readouts").load_corpus(SEEDS_DIR)]
    True
    """
    from ..read import corpus as reading

    return reading.iter_documents(paths, name_patterns=name_patterns, on_error=on_error, skipped=skipped,
                                  max_mb=reading.MAX_DOCUMENT_MB if max_mb is None else max_mb)


@dataclass
class CorpusPhrases:
    """What :func:`count_corpus` gathered: the word counts (:class:`PhraseCounts`), the documents table,
    the formulation spans, and the sentence table when asked for."""

    counts: PhraseCounts
    documents: pd.DataFrame
    spans: pd.DataFrame
    sentences: pd.DataFrame | None = None


def _chunk_work(batch: list) -> tuple:
    """A worker's unit: the missing layer groups of each document (the engine's own work, sentences
    included), then the words of its sentences."""
    from ..engine.groups import work

    results, said = work(batch)
    tokens = tokenize((doc.text, [(s.start, s.end) for s in doc.sentences]) for doc, _ in batch)
    return results, said, tokens


def count_corpus(documents: Iterable, *, cache=None, processes: int = 1, max_n: int = 5,
                 keep_sentences: bool = False, groups: tuple[str, ...] = ("formulations",)) -> CorpusPhrases:
    """Stream ``documents`` (a list, or :func:`iter_documents`) through the layer ``groups`` the phrase
    tables need (the formulations) and into a :class:`PhraseCounts`, ``CHUNK_DOCUMENTS`` at a time on
    ``processes`` cores; nothing per word stays in Python, no document once its chunk is done (unless
    ``keep_sentences``: then ``result.sentences`` is the sentence table, as :func:`discovery.discover` needs).

    ``cache`` (a :class:`readouts.engine.cache.Cache`) is read and written as ``readouts annotate`` does:
    a document whose formulations are cached is not annotated again. The documents table has the
    columns of :func:`readouts.tables.documents_table` but ``language`` (not needed here, and costly).
    Close ``result.counts`` when done.

    >>> from readouts import load_corpus
    >>> from readouts.paths import SEEDS_DIR
    >>> found = count_corpus(load_corpus(SEEDS_DIR))
    >>> found.counts.words, found.documents.n_words.tolist(), set(found.spans.layer)
    (560, [560], {'formulation'})
    >>> found.counts.close()
    """
    from ..engine.assemble import concat_documents
    from ..engine.groups import restore_sentences, segment_result
    from ..engine.keys import code_version, document_digest, group_version, sha
    from ..tables import SPAN_COLUMNS, sentences_table

    stream = iter(documents)
    first = _take(stream, CHUNK_DOCUMENTS)
    _changed_by_lowering()                    # once, before the workers are forked: they inherit it
    pool = None
    window = 1
    if processes > 1 and len(first) == CHUNK_DOCUMENTS:
        import multiprocessing

        # fork before this process touches pyarrow's or DuckDB's threads (as the annotation engine does)
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        pool = context.Pool(processes)
        window = 2 * processes            # chunks in flight: the workers never wait, memory stays bounded
    counts = PhraseCounts(max_n)
    versions = {g: group_version(g) for g in groups}
    segment_version = code_version()
    spans: list[tuple] = []
    rows: list[dict] = []                     # the documents table's, one small dict per document
    sentences: list[pd.DataFrame] = []

    def plan(chunk):
        out = []
        for doc in chunk:
            digest = document_digest(doc)
            keys = {g: sha(digest, versions[g]) for g in groups}
            keys["segment"] = sha(digest, "segment", segment_version)
            missing = tuple(g for g in groups if cache is None or not cache.has(g, keys[g]))
            if cache is not None and "sentences" not in doc.__dict__ and cache.has("segment", keys["segment"]):
                restore_sentences(doc, cache.get("segment", keys["segment"]))
            out.append((doc, keys, missing))
        return out

    def finish(planned, done):
        results, said, tokens = done
        for message in said:
            warnings.warn(message, ReadoutsWarning, stacklevel=3)
        chunk, sizes = [doc for doc, _, _ in planned], []
        for (doc, keys, missing), found in zip(planned, results):
            segment = found.get("segment")        # a worker segmented its own copy of doc
            if segment is None:
                segment = segment_result(doc)
                if cache is not None and not cache.has("segment", keys["segment"]):
                    found["segment"] = segment
            elif keep_sentences:
                restore_sentences(doc, segment)
            if cache is not None:
                cache.put({g: (keys[g], found[g]) for g in (*missing, "segment") if g in found})
            text, doc_spans = doc.text, []
            for g in groups:
                result = found[g] if g in found else cache.get(g, keys[g])
                doc_spans.extend((doc.doc_id, sent, layer, label, start, end, text[start:end])
                                 for sent, layer, label, start, end in result.spans)
            doc_spans.sort(key=lambda s: (s[4], s[2], s[5]))          # by start, layer, end (as annotate)
            spans.extend(doc_spans)
            sizes.append(len(segment.columns["sent"]))
            rows.append(_document_row(doc, sizes[-1], sum(segment.columns["n_words"])))
        if cache is not None:
            cache.flush()
        if keep_sentences:
            sentences.append(sentences_table(chunk))
        counts.add([doc.doc_id for doc in chunk], np.repeat(np.arange(len(chunk), dtype=np.int32), sizes), tokens)

    try:
        pending: deque = deque()
        chunk = first
        while chunk:
            planned = plan(chunk)
            batch = [(doc, missing) for doc, _, missing in planned]
            if pool is None:
                finish(planned, _chunk_work(batch))
            else:
                pending.append((planned, pool.apply_async(_chunk_work, (batch,))))
                while len(pending) >= window:
                    done = pending.popleft()
                    finish(done[0], done[1].get())
            del chunk, planned, batch         # the documents go with their chunk
            chunk = _take(stream, CHUNK_DOCUMENTS)
        while pending:
            done = pending.popleft()
            finish(done[0], done[1].get())
        if pool is not None:
            pool.close()
    except BaseException:
        counts.close()
        raise
    finally:
        if pool is not None:
            pool.terminate()          # at once when something failed; the workers have finished otherwise
            pool.join()
        if cache is not None:
            cache.close()
    if not rows:
        counts.close()
        raise ReadoutsError("nothing to count: no documents")
    span_table = pd.DataFrame(spans, columns=SPAN_COLUMNS).astype(
        {"doc_id": "str", "sent": "int64", "layer": "str", "label": "str", "start": "int64", "end": "int64",
         "text": "str"})
    return CorpusPhrases(counts, concat_documents([_documents_frame(rows)]), span_table,
                         pd.concat(sentences, ignore_index=True) if keep_sentences else None)


def _document_row(doc, n_sentences: int, n_words: int) -> dict:
    """A row of :func:`readouts.tables.documents_table` without ``language`` (a pass over the text)."""
    return {"doc_id": doc.doc_id, "path": doc.path, "date": doc.date, "headline": doc.headline, "outlet": doc.outlet,
            "place": doc.place, "caption": doc.caption, "photo_credit": doc.photo_credit,
            "n_paragraphs": len(doc.paragraphs), "n_sentences": n_sentences, "n_words": n_words, "sha256": doc.sha256,
            "dateline": doc.dateline, "source_format": doc.source_format, **doc.meta}


def _documents_frame(rows: list[dict]) -> pd.DataFrame:
    from ..tables import DOCUMENT_COLUMNS, READ_COLUMNS

    usual = DOCUMENT_COLUMNS + [c for c in READ_COLUMNS if c != "language"]
    extra = sorted({k for row in rows for k in row} - set(usual))
    table = pd.DataFrame(rows, columns=usual + extra)
    return table.astype({"n_paragraphs": "int64", "n_sentences": "int64", "n_words": "int64"})


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write ``table`` as :func:`readouts.tables.write_table` writes a ``.csv``, byte for byte, but with
    DuckDB's writer when the table is large (a few times faster on millions of rows).

    >>> import tempfile
    >>> path = write_csv(pd.DataFrame({"word": ["a,b"], "g2": [1.5]}), Path(tempfile.mkdtemp()) / "t.csv")
    >>> path.read_text()
    'word,g2\\n"a,b",1.5\\n'
    """
    from ..paths import write_atomically
    from ..tables import write_table

    texts = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    # DuckDB quotes an empty string ("") where pandas writes nothing: those tables go to pandas
    if len(table) < 100_000 or any((table[c] == "").any() for c in texts):
        return write_table(table, path)
    import duckdb

    def write(tmp: Path) -> None:
        con = duckdb.connect()
        try:
            con.register("rows", table)
            where = str(tmp).replace("'", "''")
            con.execute(f"COPY rows TO '{where}' ({CSV_OPTIONS})")
        finally:
            con.close()
    return write_atomically(path, write, "the table")


def _take(stream: Iterator, n: int) -> list:
    out = []
    for item in stream:
        out.append(item)
        if len(out) == n:
            break
    return out
