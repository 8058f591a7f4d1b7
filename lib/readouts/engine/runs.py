"""Whole-run cache: a rerun of ``readouts annotate`` on files that have not changed copies the
tables it wrote last time: no loading, no segmenting, no reading of per-document results.

>>> len(run_key([], [], {"jobs": 1}))
64
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import warnings
from pathlib import Path

from ..errors import ReadoutsWarning
from ..paths import write_atomically
from .cache import Cache
from .groups import group_names
from .keys import code_version, group_version

RUNS_KEPT = 4


def run_key(files: list[Path], ignored: list[Path], options: dict) -> str:
    """What a run's tables depend on: every input's name and bytes, the options, all versions."""
    h = hashlib.sha256()
    h.update(json.dumps({"options": options, "code": code_version(),
                         "groups": [group_version(g) for g in group_names()],
                         "ignored": [str(p) for p in ignored]}, sort_keys=True).encode())
    for path in files:
        h.update(str(path).encode("utf-8", "surrogatepass") + b"\x1f")
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            h.update(b"unreadable")          # the run itself will say why
    return h.hexdigest()


def find_run(cache: Cache, key: str, outputs: dict[str, Path]) -> dict | None:
    """The summary of a stored run whose tables cover ``outputs`` (name -> path), or None."""
    folder = cache.folder / "runs" / key
    try:
        summary = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    stored = {name: folder / f"{name}{path.suffix.lower()}" for name, path in outputs.items()}
    if not all(p.exists() for p in stored.values()):
        return None
    digests = summary.get("digests", {})
    for name, p in stored.items():
        # a stored table is used only if it is the one written: a truncated or swapped file is a miss
        if digests.get(p.name) != _file_digest(p):
            if p.name in digests:
                warnings.warn(f"the cache: the stored {name} table of this run is not the one written (its digest "
                              "differs); the run is computed again", ReadoutsWarning, stacklevel=2)
            return None
    return summary


def restore_run(cache: Cache, key: str, outputs: dict[str, Path]) -> None:
    folder = cache.folder / "runs" / key
    for name, path in outputs.items():
        source = folder / f"{name}{path.suffix.lower()}"
        write_atomically(path, lambda tmp, source=source: shutil.copyfile(source, tmp), "the table")
    os.utime(folder / "run.json")            # recently used: kept longest


def store_run(cache: Cache, key: str, outputs: dict[str, Path], summary: dict) -> None:
    folder = cache.claim() / "runs" / key
    for name, path in outputs.items():
        write_atomically(folder / f"{name}{path.suffix.lower()}",
                         lambda tmp, path=path: shutil.copyfile(path, tmp), "the cache")
    # by file: a run stored as CSV and again as Parquet (the same key) keeps both tables' digests
    try:
        earlier = json.loads((folder / "run.json").read_text(encoding="utf-8")).get("digests", {})
    except (OSError, ValueError):
        earlier = {}
    stored = [folder / f"{name}{path.suffix.lower()}" for name, path in outputs.items()]
    summary = {**summary, "digests": {**earlier, **{p.name: _file_digest(p) for p in stored}}}
    write_atomically(folder / "run.json", lambda tmp: tmp.write_text(json.dumps(summary), encoding="utf-8"),
                     "the cache")
    runs = sorted((cache.folder / "runs").glob("*/run.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in runs[RUNS_KEPT:]:
        shutil.rmtree(old.parent, ignore_errors=True)


def file_hash(path) -> str:
    """A file's SHA-256 (what a run's key holds of a file option such as ``--policy-model``); else the value."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path and Path(path).is_file() else str(path or "")


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# -- a corpus's tables, for annotate(corpus, cache=True) ----------------------------------------
# The report annotates the corpus once; each of its notebooks then asks for the same tables. Put together
# from every document's cached results, that costs about a millisecond a document in each notebook (20 s
# at 20,000 small files); read whole, one Parquet file a table.
CORPORA_KEPT = 4
TABLE_NAMES = ("documents", "sentences", "spans")


def corpus_key(documents) -> str:
    """What a corpus's tables depend on: each document (its id, path, fields, metadata and everything the
    layers read, in order) and every version of code, data files and libraries."""
    from .keys import document_digest

    h = hashlib.sha256(json.dumps({"code": code_version(), "groups": [group_version(g) for g in group_names()]},
                                  sort_keys=True).encode())
    for doc in documents:
        fields = [doc.doc_id, doc.path, doc.sha256, doc.source_format, doc.date, doc.headline, doc.outlet,
                  doc.place, doc.caption, doc.photo_credit, doc.dateline, sorted(doc.meta.items())]
        h.update(document_digest(doc).encode())
        h.update(json.dumps(fields, default=str).encode("utf-8", "surrogatepass") + b"\x1f")
    return h.hexdigest()


def find_tables(cache: Cache, key: str):
    """The stored tables of a corpus (:func:`corpus_key`), checked against the digest and row count of
    each as written; None when they are not stored, and None with a warning when they are damaged."""
    import pandas as pd

    from ..tables import Tables

    folder = cache.folder / "corpora" / key
    try:
        summary = json.loads((folder / "tables.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    tables = {}
    for name in TABLE_NAMES:
        path = folder / f"{name}.parquet"
        try:
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != summary["digests"][name]:
                raise ValueError("its digest differs")
            tables[name] = pd.read_parquet(io.BytesIO(data))
            if len(tables[name]) != summary["rows"][name]:
                raise ValueError(f"{len(tables[name])} rows where {summary['rows'][name]} were written")
        except (OSError, ValueError, KeyError, TypeError) as err:
            warnings.warn(f"the cache: the stored {name} table of this corpus is not the one written ({err}); "
                          "it is put together again", ReadoutsWarning, stacklevel=3)
            shutil.rmtree(folder, ignore_errors=True)
            return None
    os.utime(folder / "tables.json")            # recently used: kept longest
    return Tables(**tables)


def store_tables(cache: Cache, key: str, tables) -> None:
    """Keep a corpus's tables (the :data:`CORPORA_KEPT` most recently used corpora are kept)."""
    folder = cache.claim() / "corpora" / key
    digests, rows = {}, {}
    for name in TABLE_NAMES:
        table = getattr(tables, name)
        data = table.to_parquet(index=False)
        digests[name], rows[name] = hashlib.sha256(data).hexdigest(), len(table)
        write_atomically(folder / f"{name}.parquet", lambda tmp, data=data: tmp.write_bytes(data), "the cache")
    write_atomically(folder / "tables.json",            # last: tables without it are never read
                     lambda tmp: tmp.write_text(json.dumps({"digests": digests, "rows": rows}), encoding="utf-8"),
                     "the cache")
    kept = sorted((cache.folder / "corpora").glob("*/tables.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[CORPORA_KEPT:]:
        shutil.rmtree(old.parent, ignore_errors=True)
