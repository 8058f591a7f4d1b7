"""Formulations: the fixed phrases (tifa) of ``data/formulations.yaml``, found through variation.

A formulation (or any of its variants) is found through inflection ("take"/"taking"),
hyphens and punctuation ("mutually-beneficial", "strategic, mutually beneficial"), and up to
three inserted qualifiers in all ("the strategic, mutually beneficial China-Japan relationship");
a two-word formulation ("new era") must be word for word.
Adds the sentence column ``formulations`` (ids joined by ``;`` in order of appearance) and a span
per match (``layer`` = ``formulation``, ``label`` = the id). A longer formulation does not hide a
shorter one inside it: "comprehensively advancing the strategic, mutually beneficial
relationship" is both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ReadoutsError
from ..lexicons import file_key, read_yaml_file
from .base import Layer

FORMULATIONS_FILE = "formulations.yaml"
MAX_INSERTED = 3        # words allowed between a formulation's words, in all
_TOKEN = re.compile(r"[^\W_]+")          # hyphens, apostrophes and punctuation separate words
# words that never count as an inserted qualifier (their stems)
_NOT_INSERTED = frozenset("a an the in of to on for at by with from into and or but not".split())


@dataclass(frozen=True)
class Formulation:
    id: str
    canonical: str
    chinese: str
    category: str
    variants: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Registry:
    path: Path
    version: str
    source: str
    categories: dict
    formulations: tuple[Formulation, ...]

    def get(self, fid: str) -> Formulation:
        return next(f for f in self.formulations if f.id == fid)


def stem(word: str) -> str:
    """A crude stem, the same for a word's inflections ("taking", "take" -> "tak").

    >>> [stem(w) for w in ["taking", "take", "documents", "differences", "reserving", "opened"]]
    ['tak', 'tak', 'document', 'differenc', 'reserv', 'open']
    """
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def stems(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """``(stem, start, end)`` of each word of ``text[start:end]``."""
    return [(stem(m.group()), m.start(), m.end())
            for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


def load_registry(path: str | Path = FORMULATIONS_FILE) -> Registry:
    """Read and check the registry; a mistake in it is an error naming the file and the entry."""
    return _load(*file_key(path))


@lru_cache(maxsize=4)
def _load(p: Path, mtime: int) -> Registry:
    data = read_yaml_file(p, "formulation registry", ("version", "source", "formulations"))
    categories = data.get("categories") or {}
    if not isinstance(data["formulations"], list) or not data["formulations"]:
        raise ReadoutsError(f"{p}: 'formulations' must be a non-empty list of entries")
    items, seen = [], set()
    for n, f in enumerate(data["formulations"], start=1):
        if not isinstance(f, dict):
            raise ReadoutsError(f"{p}: formulation number {n} is not an entry with id, canonical, category, ...")
        variants = f.get("variants") or []
        if isinstance(variants, str):
            variants = [variants]             # one variant written without brackets
        if not isinstance(variants, list):
            raise ReadoutsError(f"{p}: formulation {f.get('id', n)}: variants must be a list")
        missing = [k for k in ("id", "canonical", "category", "source") if not f.get(k)]
        if missing:
            raise ReadoutsError(f"{p}: formulation {f.get('id', f'number {n}')} has no {', '.join(missing)}")
        if f["id"] in seen:
            raise ReadoutsError(f"{p}: formulation id {f['id']} is used twice")
        if categories and f["category"] not in categories:
            raise ReadoutsError(f"{p}: formulation {f['id']} has category {f['category']!r}, not one of "
                                f"{', '.join(categories)}")
        seen.add(f["id"])
        items.append(Formulation(str(f["id"]), str(f["canonical"]), str(f.get("chinese") or ""), str(f["category"]),
                                 tuple(str(v) for v in variants), str(f["source"])))
    return Registry(p, str(data["version"]), str(data["source"]), dict(categories), tuple(items))


@lru_cache(maxsize=4)
def _patterns(path: Path, mtime: int) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First stem -> [(stems of a form, formulation id)], longest forms first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for f in _load(path, mtime).formulations:
        for form in dict.fromkeys((f.canonical, *f.variants)):
            words = tuple(s for s, _, _ in stems(form))
            if words:
                index.setdefault(words[0], []).append((words, f.id))
    for forms in index.values():
        forms.sort(key=lambda x: -len(x[0]))
    return index


def find_formulations(text: str, start: int = 0, end: int | None = None,
                      path: str | Path = FORMULATIONS_FILE) -> list[tuple[str, int, int]]:
    """``(id, start, end)`` of each formulation in ``text[start:end]``, in order.

    >>> [(fid, start) for fid, start, _ in find_formulations(
    ...     "We will advance the strategic, mutually beneficial China-Japan relationship.")]
    [('strategic_mutually_beneficial_relationship', 20)]
    """
    index = _patterns(*file_key(path))
    words = stems(text, start, end)
    seq = [w for w, _, _ in words]
    found: dict[str, list[tuple[int, int]]] = {}
    for i, w in enumerate(seq):
        for form, fid in index.get(w, ()):
            j = _match(form, seq, i)
            if j is None:
                continue
            span = (words[i][1], words[j][2])
            spans = found.setdefault(fid, [])
            # one match per place: a variant inside one already found adds nothing
            if not any(s <= span[0] and span[1] <= e for s, e in spans):
                spans[:] = [(s, e) for s, e in spans if not (span[0] <= s and e <= span[1])] + [span]
    out = [(fid, s, e) for fid, spans in found.items() for s, e in spans]
    return sorted(out, key=lambda x: (x[1], -x[2], x[0]))


def _match(form: tuple[str, ...], seq: list[str], i: int) -> int | None:
    """Index of the last word of ``form`` matched from ``seq[i]``, allowing inserted words:
    qualifiers, never function words ("a new chapter in an era" is not "new era"), and none
    inside a two-word formulation."""
    k, inserted = i, 0
    allowed = MAX_INSERTED if len(form) > 2 else 0
    for w in form[1:]:
        k += 1
        while k < len(seq) and seq[k] != w:
            inserted += 1
            if inserted > allowed or seq[k] in _NOT_INSERTED:
                return None
            k += 1
        if k >= len(seq):
            return None
    return k


def formulations_layer(state) -> None:
    column = state.column("formulations")
    for i, s in enumerate(state.sentences):
        found = find_formulations(state.doc.text, s.start, s.end)
        column[i] = ";".join(dict.fromkeys(fid for fid, _, _ in found))
        for fid, start, end in found:
            state.add_span(i, "formulation", fid, start, end)


LAYER = Layer("formulations", formulations_layer, group="formulations", data_files=(FORMULATIONS_FILE,),
              columns={"formulations": "str"}, spans=("formulation",))
