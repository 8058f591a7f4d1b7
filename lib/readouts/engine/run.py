"""Annotate a corpus at scale: in chunks of documents, cached, on one core, several, or a Dask cluster.

Chunks stream through: the command line writes each one and forgets it, so memory stays flat
however big the corpus. Each layer group is cached on its own (see :mod:`readouts.engine.keys`):
an edited ``policy_areas.yaml`` recomputes the policy areas and nothing else.

>>> from readouts import load_corpus
>>> from readouts.paths import SEEDS_DIR
>>> tables = annotate_corpus(load_corpus(SEEDS_DIR))
>>> tables.sentences.loc[2, ["speaker", "verb"]].tolist()
['Xi Jinping', 'say']
"""
from __future__ import annotations

import itertools
import warnings
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import ReadoutsWarning
from ..read.corpus import Document
from ..tables import Tables
from .assemble import assemble, concat
from .cache import DamagedCache, open_cache
from .executors import make_engine
from .groups import group_names, restore_sentences, run_groups, segment_result
from .keys import code_version, document_digest, group_version, sha
from .progress import make_progress
from .runs import corpus_key, find_tables, store_tables

CHUNK_DOCUMENTS = 64         # documents per unit of work: big enough to amortise, small enough to stream


def iter_annotated(documents: Iterable[Document], *, cache=None, engine: str = "local", processes: int = 1,
                   scheduler=None, progress=None, chunk: int = CHUNK_DOCUMENTS) -> Iterator[Tables]:
    """Annotate ``documents`` chunk by chunk, yielding each chunk's tables in corpus order.

    ``documents`` may be a stream (:func:`readouts.read.corpus.iter_documents`): it is read as the run
    goes, and only the chunks in flight are held, so memory stays flat however many documents come.
    ``cache`` is a :class:`readouts.cache.Cache` (or None); ``progress`` a callable
    ``(documents, words)`` called after each chunk.
    """
    chunks = _chunks(documents, chunk)
    head = list(itertools.islice(chunks, 2))        # one chunk, or more: are worker processes worth starting?
    groups = group_names()
    runner = make_engine(engine, processes, scheduler)
    versions = {g: group_version(g) for g in groups}
    runner.start(len(head))            # before the cache reads Parquet (see LocalEngine.start)
    plans: deque = deque()

    def batches():
        for c in itertools.chain(head, chunks):
            plan = _plan(c, groups, versions, cache)
            plans.append(plan)
            yield [(doc, missing) for doc, _, missing in plan if missing]   # empty: all in the cache, no work

    try:
        for results, said in runner.map(batches()):
            plan = plans.popleft()
            for message in said:
                warnings.warn(message, ReadoutsWarning, stacklevel=2)
            results = iter(results)
            merged = []
            for doc, keys, missing in plan:
                found = next(results) if missing else {}
                if "segment" in found:                 # segmented by a worker (another copy of doc)
                    restore_sentences(doc, found["segment"])
                elif cache is not None and not cache.has("segment", keys["segment"]):
                    found["segment"] = segment_result(doc)          # segmented here, or before the run
                if cache is not None:
                    cache.put({g: (keys[g], found[g]) for g in (*missing, "segment") if g in found})
                merged.append({g: found[g] if g in found else _stored(cache, doc, g, keys[g]) for g in groups})
            if cache is not None:
                cache.flush()
            tables = assemble([doc for doc, _, _ in plan], merged)
            if progress:
                progress(len(plan), int(tables.documents.n_words.sum()))
            yield tables
    finally:
        runner.close()
        if cache is not None:
            cache.close()


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _stored(cache, doc: Document, group: str, key: str):
    """A group's stored result for ``doc``; if it is damaged, computed again here (and stored again)."""
    try:
        return cache.get(group, key)
    except DamagedCache as err:
        warnings.warn(f"the cache: {err}; its documents are computed again", ReadoutsWarning, stacklevel=2)
        result = run_groups(doc, [group])[group]
        cache.put({group: (key, result)})
        return result


def _plan(chunk: list[Document], groups, versions, cache) -> list[tuple[Document, dict, tuple]]:
    """Each document with its cache keys and the groups that must be computed.

    Sentences come from the cache when it has them; otherwise the engine's workers segment the
    document (with its layers), or this process does, for a document all of whose results are cached.
    """
    plan = []
    for doc in chunk:
        digest = document_digest(doc)
        keys = {g: sha(digest, versions[g]) for g in groups}
        keys["segment"] = sha(digest, "segment", code_version())
        missing = tuple(g for g in groups if cache is None or not cache.has(g, keys[g]))
        if cache is not None and "sentences" not in doc.__dict__ and cache.has("segment", keys["segment"]):
            try:
                restore_sentences(doc, cache.get("segment", keys["segment"]))
            except DamagedCache as err:              # the document is segmented again
                warnings.warn(f"the cache: {err}; its documents are computed again", ReadoutsWarning, stacklevel=2)
        plan.append((doc, keys, missing))
    return plan


def annotate_corpus(documents: Iterable[Document], *, cache: bool | str | Path | None = None,
                    engine: str = "local", processes: int = 1, scheduler=None,
                    progress: bool | Callable | None = None) -> Tables:
    """The documents, sentences and spans tables, with every layer, through the cache.

    ``cache``: ``True`` for the project's cache (``build/cache``), a folder, or ``None``/``False``
    for none; through a cache, a corpus annotated before (the same documents, code and data) is read
    back as its three tables. ``engine="dask"`` runs on a Dask cluster (``scheduler`` = its address).
    """
    docs = list(documents)
    store = open_cache(cache)
    key = corpus_key(docs) if store is not None and docs else None
    tables = find_tables(store, key) if key else None
    if tables is not None:                  # the same corpus annotated before (a report's notebooks)
        return tables
    report = make_progress(progress, docs)
    try:
        tables = concat(iter_annotated(docs, cache=store, engine=engine, processes=processes,
                                       scheduler=scheduler, progress=report))
        if key:
            store_tables(store, key, tables)
        return tables
    finally:
        if hasattr(report, "close"):          # a function given as progress has nothing to close
            report.close()
