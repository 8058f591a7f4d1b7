"""The annotation cache: each document's results per layer group, as Parquet.

Layout: ``<cache>/<group>/<shard>.{sentences,spans,index}.parquet``. A shard holds the results of
many documents, each under its key (see :mod:`readouts.engine.keys`: the document's SHA-256 and the
group's code, data files and library versions). The index file is written last, so a shard that
an interrupted run left half-written is never read. Results whose key no longer matches are
simply not found; ``readouts cache clear`` removes everything.

>>> import tempfile
>>> cache = Cache(tempfile.mkdtemp())
>>> cache.has("tone", "k1")
False
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import time
from collections import OrderedDict, defaultdict
from pathlib import Path

import pandas as pd

from ..errors import ReadoutsError
from ..layers import column_types
from ..paths import BUILD_DIR, OWNED_MARKER, claim_folder, write_atomically
from .groups import GroupResult, group_names

DEFAULT_CACHE_DIR = BUILD_DIR / "cache"
FLUSH_DOCUMENTS = 256         # documents per shard: small enough to read back without a memory peak
SHARDS_IN_MEMORY = 1          # per group: results are read back in corpus order, shard after shard
SPAN_FIELDS = ("sent", "layer", "label", "start", "end")
SEGMENT = "segment"           # the sentences of each document, cached beside the layer groups' results


def cached_groups() -> tuple[str, ...]:
    return (SEGMENT, *group_names())


def column_type(name: str) -> str:
    """A cached column's type: the sentence fields, then what the layers declare (else text)."""
    if name in ("para", "sent", "start", "end", "n_words"):
        return "int64"
    return column_types().get(name, "str")


def cache_dir() -> Path:
    """``$READOUTS_CACHE`` if set, else ``build/cache`` in the project."""
    return Path(os.environ.get("READOUTS_CACHE") or DEFAULT_CACHE_DIR)


def open_cache(cache) -> "Cache | None":
    """``True`` -> the default cache, a path -> that folder, ``None``/``False`` -> no cache."""
    if cache is None or cache is False:
        return None
    if isinstance(cache, Cache):
        return cache
    return Cache(cache_dir() if cache is True else cache)


class Cache:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._index: dict[str, dict[str, tuple]] = {}      # group -> key -> (shard, cols, doc, rows, span rows, digest)
        # per group (a layer registered later gets its own on first use)
        self._shards: defaultdict[str, OrderedDict] = defaultdict(OrderedDict)
        self._buffer: defaultdict[str, list[tuple[str, GroupResult]]] = defaultdict(list)
        self._buffered: defaultdict[str, set[str]] = defaultdict(set)
        self._claimed = False

    # -- reading ------------------------------------------------------------------------
    def _group_index(self, group: str) -> dict:
        if group not in self._index:
            index = {}
            for path in sorted((self.folder / group).glob("*.index.parquet")):
                shard = path.name.removesuffix(".index.parquet")
                try:
                    table = pd.read_parquet(path)
                except Exception:            # a damaged shard is a miss, recomputed, not an error
                    continue
                # the JSON is read when a result is taken, not for every document ever cached; the row
                # counts and the shard's digest are what a result is checked against when read
                n = len(table)
                checks = [table[c].tolist() if c in table else [None] * n for c in ("_rows", "_span_rows", "_digest")]
                index.update(zip(table["_key"].tolist(), zip([shard] * n, table["_columns"].tolist(),
                                                             table["_document"].tolist(), *checks)))
            self._index[group] = index
        return self._index[group]

    def has(self, group: str, key: str) -> bool:
        return key in self._group_index(group)

    def get(self, group: str, key: str) -> GroupResult:
        """A stored result, checked: its shard's digest and its row counts must be what was written, or
        :class:`DamagedCache` is raised (and the result forgotten, so that it is computed and stored again)."""
        shard, columns, document, rows, span_rows, digest = self._group_index(group)[key]
        try:
            if isinstance(columns, str):                 # as stored: JSON
                columns, document = json.loads(columns), json.loads(document)
            ranges, values, span_ranges, span_values = self._shard(group, shard, digest)
            lo, hi = ranges[key]
            s_lo, s_hi = span_ranges.get(key, (0, 0))
            if rows is not None and (hi - lo != rows or s_hi - s_lo != span_rows):
                raise DamagedCache(f"{group}/{shard}: {hi - lo} rows and {s_hi - s_lo} spans where "
                                   f"{rows} and {span_rows} were written")
            return GroupResult(columns={c: values[c][lo:hi] for c in columns},
                               spans=list(zip(*(v[s_lo:s_hi] for v in span_values))), document=document)
        except DamagedCache:
            self._group_index(group).pop(key, None)
            raise
        except (KeyError, ValueError, TypeError) as err:          # a shard swapped for another, bad JSON
            self._group_index(group).pop(key, None)
            raise DamagedCache(f"{group}/{shard}: the stored result does not match its index ({err!r})") from None

    def _shard(self, group: str, shard: str, digest: str | None = None):
        loaded = self._shards[group]
        if shard in loaded:
            loaded.move_to_end(shard)
            return loaded[shard]
        base = self.folder / group / shard
        try:
            data = [Path(f"{base}.sentences.parquet").read_bytes(), Path(f"{base}.spans.parquet").read_bytes()]
            if digest is not None and _digest(*data) != digest:
                raise DamagedCache(f"{group}/{shard}: its files are not those written (the digest differs)")
            rows, spans = (pd.read_parquet(io.BytesIO(b)) for b in data)
        except (OSError, ValueError) as err:
            raise DamagedCache(f"{group}/{shard}: cannot be read ({err})") from None
        loaded[shard] = (_ranges(rows["_key"].tolist()), {c: rows[c].tolist() for c in rows.columns if c != "_key"},
                         _ranges(spans["_key"].tolist()), tuple(spans[f].tolist() for f in SPAN_FIELDS))
        while len(loaded) > SHARDS_IN_MEMORY:
            loaded.popitem(last=False)
        return loaded[shard]

    # -- writing ------------------------------------------------------------------------
    def put(self, results: dict[str, tuple[str, GroupResult]]) -> None:
        for group, (key, result) in results.items():
            # two identical documents share a key: store it once, or a shard would hold its rows twice
            if key not in self._buffered[group] and not self.has(group, key):
                self._buffered[group].add(key)
                self._buffer[group].append((key, result))
        if max((len(b) for b in self._buffer.values()), default=0) >= FLUSH_DOCUMENTS:
            self.flush(force=True)

    def flush(self, force: bool = False) -> None:
        """Write what is buffered as new shards (at the latest when the run ends)."""
        for group, items in list(self._buffer.items()):
            if not items or (not force and len(items) < FLUSH_DOCUMENTS):
                continue
            self._write_shard(group, items)
            self._buffer[group], self._buffered[group] = [], set()

    def close(self) -> None:
        self.flush(force=True)

    def claim(self) -> Path:
        """The cache folder, made Readouts' own before the first write (:func:`readouts.paths.claim_folder`):
        a folder holding files of someone else's is refused, never written into or cleared."""
        if not self._claimed:
            claim_folder(self.folder, "the annotation cache", legacy=(*cached_groups(), "runs", "corpora"))
            self._claimed = True
        return self.folder

    def _write_shard(self, group: str, items: list[tuple[str, GroupResult]]) -> None:
        self.claim()
        shard = f"{time.time_ns():x}-{os.getpid()}"
        base = self.folder / group / shard
        columns: dict[str, list] = {"_key": []}
        names = list(dict.fromkeys(n for _, r in items for n in r.columns))
        for name in names:
            columns[name] = []
        spans: dict[str, list] = {"_key": [], **{f: [] for f in SPAN_FIELDS}}
        for key, r in items:
            n = len(next(iter(r.columns.values()))) if r.columns else 0
            columns["_key"].extend([key] * n)
            for name in names:
                columns[name].extend(r.columns.get(name, [None] * n))
            spans["_key"].extend([key] * len(r.spans))
            for i, field in enumerate(SPAN_FIELDS):
                spans[field].extend(s[i] for s in r.spans)
        sentences = pd.DataFrame({n: pd.Series(v, dtype=column_type(n)) for n, v in columns.items()})
        span_table = pd.DataFrame(spans).astype({"sent": "int64", "start": "int64", "end": "int64"})
        data = [sentences.to_parquet(index=False), span_table.to_parquet(index=False)]
        counts = [(len(next(iter(r.columns.values()))) if r.columns else 0, len(r.spans)) for _, r in items]
        digest = _digest(*data)
        index = pd.DataFrame({"_key": [k for k, _ in items],
                              "_columns": [json.dumps(list(r.columns)) for _, r in items],
                              "_document": [json.dumps(r.document) for _, r in items],
                              "_rows": [n for n, _ in counts], "_span_rows": [n for _, n in counts],
                              "_digest": [digest] * len(items)})
        write_atomically(f"{base}.sentences.parquet", lambda tmp: tmp.write_bytes(data[0]), "the cache")
        write_atomically(f"{base}.spans.parquet", lambda tmp: tmp.write_bytes(data[1]), "the cache")
        write_atomically(f"{base}.index.parquet", lambda tmp: index.to_parquet(tmp, index=False), "the cache")
        known = self._group_index(group)
        for (key, r), (n, n_spans) in zip(items, counts):
            known[key] = (shard, list(r.columns), r.document, n, n_spans, digest)

    # -- housekeeping -------------------------------------------------------------------
    def info(self) -> dict:
        files = [p for p in self.folder.rglob("*") if p.is_file() and p.name != OWNED_MARKER] \
            if self.folder.exists() else []
        return {"folder": str(self.folder), "files": len(files), "bytes": sum(p.stat().st_size for p in files),
                "documents": {g: len(self._group_index(g)) for g in cached_groups()},
                "runs": len(list((self.folder / "runs").glob("*/run.json")))}

    def clear(self) -> int:
        """Remove every cached result; the number of files removed."""
        if not self.folder.exists():
            return 0
        self.claim()                                  # refuses a folder that is not a cache
        n = sum(1 for p in self.folder.rglob("*") if p.is_file() and p.name != OWNED_MARKER)
        shutil.rmtree(self.folder)
        self._index.clear()
        self._claimed = False
        for loaded in self._shards.values():
            loaded.clear()
        return n


class DamagedCache(ReadoutsError):
    """A stored result that is not what was written (a truncated or swapped shard): computed again."""


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def _ranges(keys: list[str]) -> dict[str, tuple[int, int]]:
    """Where each key's rows are (they are contiguous): key -> (first, last + 1)."""
    out, start = {}, 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            out[keys[start]] = (start, i)
            start = i
    return out
