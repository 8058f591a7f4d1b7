"""Annotate a corpus at scale: in chunks of documents, cached, on one core, several, or a Dask cluster.

The layers fall into groups that read nothing but the text and their own data files, so each
group is cached on its own: an edited ``policy_areas.yaml`` recomputes the policy areas and
nothing else. A document's results are keyed by its text and structure (SHA-256), the group's
data files (SHA-256 of their content), the package's version and source, and the versions of
TextBlob and VADER, so a stale result can never be read. Chunks stream through: the command line
writes each one and forgets it, so memory stays flat however big the corpus.

>>> from readouts import load_corpus
>>> from readouts.paths import SEEDS_DIR
>>> tables = annotate_corpus(load_corpus(SEEDS_DIR))
>>> tables.sentences.loc[2, ["speaker", "verb"]].tolist()
['Xi Jinping', 'say']
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
import time
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from .annotate import SPAN_COLUMNS, DocState, Tables, _dtype
from .corpus import Document, Sentence
from .errors import ReadoutsError, ReadoutsWarning
from .lexicons import data_path
from .paths import PACKAGE_DIR
from .tables import DOCUMENT_COLUMNS, documents_table, sentences_table

# Layer groups, in the order their columns appear. Each reads only the document and its data files.
GROUPS: dict[str, tuple[str, ...]] = {
    "anatomy": ("actors_layer", "speakers_layer", "quotes_layer", "points_layer"),
    "policy": ("policy_layer",),
    "formulations": ("formulations_layer",),
    "tone": ("tone_layer",),
}
GROUP_DATA: dict[str, tuple[str, ...]] = {
    "anatomy": ("actors.csv", "reporting_verbs.csv"),
    "policy": ("policy_areas.yaml",),
    "formulations": ("formulations.yaml",),
    "tone": ("diplomatic_register.csv",),
}
GROUP_PACKAGES: dict[str, tuple[str, ...]] = {"tone": ("textblob", "vaderSentiment")}
# Column types fixed in advance, so every chunk (and every engine) writes the same schema.
SENTENCE_TYPES = {"verb_tier": "Int64", "verb_negated": "boolean", "verb_hedged": "boolean", "point": "Int64",
                  "polarity": "float64", "subjectivity": "float64", "vader": "float64", "warmth": "float64",
                  "firmness": "float64"}
CHUNK_DOCUMENTS = 64         # documents per unit of work: big enough to amortise, small enough to stream


# -- running the layers -----------------------------------------------------------------
@dataclass
class GroupResult:
    """What one group of layers found in one document."""

    columns: dict[str, list]               # sentence-table columns, one value per sentence
    spans: list[tuple]                     # (sent, layer, label, start, end)
    document: dict[str, float]             # document-level results


@lru_cache(maxsize=None)
def group_layers(group: str) -> tuple:
    from .layers import LAYERS
    return tuple(layer for layer in LAYERS if layer.__name__ in GROUPS[group])


# seconds spent in each group by this process (what `make bench` reports per annotator)
GROUP_SECONDS: dict[str, float] = dict.fromkeys(GROUPS, 0.0)


def run_groups(doc: Document, groups: Iterable[str]) -> dict[str, GroupResult]:
    """Run the layers of ``groups`` over one document (its tokens computed once for all)."""
    out, tokens = {}, None
    for group in groups:
        started = time.perf_counter()
        state = DocState(doc=doc, sentences=doc.sentences, _tokens=tokens)
        for layer in group_layers(group):
            layer(state)
        tokens = state._tokens
        out[group] = GroupResult(state.columns, [s[1:6] for s in state.spans], state.document)
        GROUP_SECONDS[group] += time.perf_counter() - started
    return out


def work(batch: list[tuple[Document, tuple[str, ...]]]) -> tuple[list[dict[str, GroupResult]], list[str]]:
    """The unit of work an engine runs: results for each ``(document, groups)``, and the warnings said."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadoutsWarning)
        results = []
        for doc, groups in batch:
            unsegmented = "sentences" not in doc.__dict__          # segmenting is part of the work
            found = run_groups(doc, groups)
            if unsegmented:
                found["segment"] = segment_result(doc)
            results.append(found)
    return results, [str(w.message) for w in caught if issubclass(w.category, ReadoutsWarning)]


# -- what a result depends on -----------------------------------------------------------
def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package's version and a digest of its source: a changed layer invalidates its results."""
    from . import __version__
    sources = sorted(PACKAGE_DIR.rglob("*.py"))
    return _sha(__version__, *(p.read_bytes() for p in sources))


def group_version(group: str) -> str:
    """What a group's results depend on besides the document: code, data files, libraries."""
    files = [data_path(name) for name in GROUP_DATA[group]]
    return _group_version(group, tuple((str(p), p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=64)
def _group_version(group: str, files: tuple) -> str:
    packages = [f"{p}=={importlib.metadata.version(p)}" for p in GROUP_PACKAGES.get(group, ())]
    return _sha(code_version(), group, *packages, *(Path(path).read_bytes() for path, _ in files))


def document_digest(doc: Document) -> str:
    """Everything of a document the layers read: text, paragraphs and sections, headline, speaker."""
    return _sha(doc.text, repr(doc.paragraphs), doc.headline or "", doc.meta.get("speaker", ""))


# -- engines ----------------------------------------------------------------------------
class LocalEngine:
    """Chunks run in this process, or in ``processes`` worker processes (forked: lexicons load once)."""

    def __init__(self, processes: int = 1):
        self.processes = max(1, int(processes))
        self._pool = None

    def start(self, n_chunks: int) -> None:
        if self.processes > 1 and n_chunks > 1:
            import multiprocessing
            # fork before this process touches pyarrow's threads: the workers start clean and
            # inherit the lexicons already loaded
            context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            self._pool = context.Pool(min(self.processes, n_chunks))

    def map(self, batches: Iterable[list]) -> Iterator[tuple]:
        if self._pool is None:
            return map(work, batches)
        return self._pool.imap(work, batches)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


class DaskEngine:
    """Chunks run on a Dask distributed cluster: ``scheduler`` is its address (``tcp://host:8786``),
    or a ``distributed.Client``; without one, a local cluster is started for the run."""

    def __init__(self, scheduler=None, window: int = 8):
        try:
            import distributed
        except ImportError:
            raise ReadoutsError("the Dask engine needs Dask: pip install -e '.[dask]'") from None
        self._distributed = distributed
        self.scheduler, self.window = scheduler, window
        self._client = self._cluster = None

    def start(self, n_chunks: int) -> None:
        d = self._distributed
        if isinstance(self.scheduler, d.Client):
            self._client = self.scheduler
        elif self.scheduler:
            try:
                self._client = d.Client(self.scheduler, timeout="20s")
            except (OSError, ValueError, TypeError) as err:     # unreachable, or not an address
                raise ReadoutsError(f"cannot reach the Dask scheduler at {self.scheduler} ({err})") from None
        else:
            self._cluster = d.LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
            self._client = d.Client(self._cluster)

    def map(self, batches: Iterable[list]) -> Iterator[tuple]:
        # a window of chunks in flight, results in order: memory stays bounded on the client
        pending = []
        for batch in batches:
            pending.append(self._client.submit(work, batch, pure=False))
            if len(pending) >= self.window:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()

    def close(self) -> None:
        if self._client is not None and self._client is not self.scheduler:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None


def make_engine(engine: str = "local", processes: int = 1, scheduler=None):
    if engine == "local":
        return LocalEngine(processes)
    if engine == "dask":
        return DaskEngine(scheduler)
    raise ReadoutsError(f"unknown engine {engine!r}: use 'local' or 'dask'")


# -- the run ----------------------------------------------------------------------------
def iter_annotated(documents: Iterable[Document], *, cache=None, engine: str = "local", processes: int = 1,
                   scheduler=None, progress=None, chunk: int = CHUNK_DOCUMENTS) -> Iterator[Tables]:
    """Annotate ``documents`` chunk by chunk, yielding each chunk's tables in corpus order.

    ``cache`` is a :class:`readouts.cache.Cache` (or None); ``progress`` a callable
    ``(documents, words)`` called after each chunk.
    """
    docs = list(documents)
    chunks = [docs[i:i + chunk] for i in range(0, len(docs), chunk)]
    groups = tuple(GROUPS)
    runner = make_engine(engine, processes, scheduler)
    versions = {g: group_version(g) for g in groups}
    runner.start(len(chunks))          # before the cache reads Parquet (see LocalEngine.start)
    try:
        plans = [_plan(c, groups, versions, cache) for c in chunks]
        batches = [[(doc, missing) for doc, _, missing in plan if missing] for plan in plans]
        computed = runner.map([b for b in batches if b])          # a chunk all in the cache costs nothing
        for plan, batch in zip(plans, batches):
            results, said = next(computed) if batch else ([], [])
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
                merged.append({g: found[g] if g in found else cache.get(g, keys[g]) for g in groups})
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


SENTENCE_FIELDS = ("para", "sent", "section", "start", "end", "n_words")


def _plan(chunk: list[Document], groups, versions, cache) -> list[tuple[Document, dict, tuple]]:
    """Each document with its cache keys and the groups that must be computed.

    Sentences come from the cache when it has them; otherwise the engine's workers segment the
    document (with its layers), or this process does, for a document all of whose results are cached.
    """
    plan = []
    for doc in chunk:
        digest = document_digest(doc)
        keys = {g: _sha(digest, versions[g]) for g in groups}
        keys["segment"] = _sha(digest, "segment", code_version())
        missing = tuple(g for g in groups if cache is None or not cache.has(g, keys[g]))
        if cache is not None and "sentences" not in doc.__dict__ and cache.has("segment", keys["segment"]):
            restore_sentences(doc, cache.get("segment", keys["segment"]))
        plan.append((doc, keys, missing))
    return plan


def segment_result(doc: Document) -> GroupResult:
    """A document's sentences as a cacheable result (and what a worker sends back)."""
    columns = {f: [getattr(s, f) for s in doc.sentences] for f in SENTENCE_FIELDS[:5]}
    return GroupResult({**columns, "n_words": list(doc.word_counts)}, [], {})


def restore_sentences(doc: Document, result: GroupResult) -> None:
    """Give ``doc`` the sentences in ``result``: no segmenting again."""
    cols = result.columns
    doc.__dict__["sentences"] = [Sentence(*row) for row in zip(*(cols[f] for f in SENTENCE_FIELDS[:5]))]
    doc.__dict__["word_counts"] = list(cols["n_words"])


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
    for name, values in columns.items():
        # the standard columns' types are fixed (every chunk alike); others' are read off their values
        sentences[name] = pd.Series(values, index=sentences.index, dtype=SENTENCE_TYPES.get(name) or _dtype(values))
    span_table = pd.DataFrame(spans, columns=SPAN_COLUMNS)
    span_table = span_table.astype({"doc_id": "str", "sent": "int64", "layer": "str", "label": "str",
                                    "start": "int64", "end": "int64", "text": "str"})
    documents = documents_table(docs)
    results = list(dict.fromkeys(k for row in doc_rows for k in row))
    for name in results:
        documents[name] = pd.Series([row.get(name) for row in doc_rows], index=documents.index, dtype="Float64")
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
    usual = [c for c in DOCUMENT_COLUMNS + ["dateline", "source_format"] if c in table.columns]
    meta = sorted(c for c in table.columns if c not in usual and c not in results)
    table = table[usual + meta + results]
    for column in meta:
        table[column] = table[column].astype("str")   # missing in a chunk: empty, not None-or-NaN
    table.attrs = {}
    return table


def annotate_corpus(documents: Iterable[Document], *, cache: bool | str | Path | None = None,
                    engine: str = "local", processes: int = 1, scheduler=None,
                    progress: bool | Callable | None = None) -> Tables:
    """The documents, sentences and spans tables, with every layer, through the cache.

    ``cache``: ``True`` for the project's cache (``build/cache``), a folder, or ``None``/``False``
    for none. ``engine="dask"`` runs on a Dask cluster (``scheduler`` = its address).
    """
    from .cache import open_cache
    from .progress import make_progress

    docs = list(documents)
    report = make_progress(progress, docs)
    try:
        return concat(iter_annotated(docs, cache=open_cache(cache), engine=engine, processes=processes,
                                     scheduler=scheduler, progress=report))
    finally:
        if hasattr(report, "close"):          # a function given as progress has nothing to close
            report.close()
