"""What a cached result depends on: the document, the code, a group's data files and libraries.

A document's results are keyed by its text and structure (SHA-256), the group's data files (SHA-256
of their content), the package's version and source, and the versions of the libraries the group's
layers declare (TextBlob, VADER), so a stale result can never be read.

>>> len(sha("a", "b"))
64
"""
from __future__ import annotations

import hashlib
import importlib.metadata
from functools import lru_cache
from pathlib import Path

from ..layers.base import group_data_files, group_packages
from ..lexicons import data_path
from ..paths import PACKAGE_DIR, VERSION
from ..read.corpus import Document

def sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package's version and a digest of its source: a changed layer invalidates its results."""
    sources = sorted(PACKAGE_DIR.rglob("*.py"))
    return sha(VERSION, *(p.read_bytes() for p in sources))


def group_version(group: str) -> str:
    """What a group's results depend on besides the document: code, data files, libraries."""
    files = [data_path(name) for name in group_data_files(group)]
    return _group_version(group, tuple((str(p), p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=64)
def _group_version(group: str, files: tuple) -> str:
    packages = [f"{p}=={importlib.metadata.version(p)}" for p in group_packages(group)]
    return sha(code_version(), group, *packages, *(Path(path).read_bytes() for path, _ in files))


def document_digest(doc: Document) -> str:
    """Everything of a document the layers read: text, paragraphs and sections, headline, and the metadata
    that decides who speaks (``speaker``, ``form``, the ``country`` and ``session`` of a UN speech) and the
    policy ``scheme`` it is coded with."""
    meta = [str(doc.meta.get(k, "")) for k in ("speaker", "form", "country", "session")]
    if doc.meta.get("scheme"):                  # only when chosen: the keys of every cached document stay as they were
        meta.append("scheme=" + str(doc.meta["scheme"]))
    return sha(doc.text, repr(doc.paragraphs), doc.headline or "", *meta)
