"""Formulations: the fixed phrases of ``data/formulations.yaml``, found by their wording, not their string.

A formulation (its canonical English or any variant) is found
- through inflection, regular ("take"/"taking") and irregular ("took", ``data/inflections.csv``),
  British and American spelling ("neighbourliness", "recognise"), hyphens and punctuation
  ("mutually-beneficial", "strategic, mutually beneficial");
- with up to three inserted qualifiers in all ("the strategic, mutually beneficial China-Japan
  relationship"); a two-word formulation ("new era") must be word for word;
- through declared slots: ``establish a correct {perception|understanding} of China``;
- as a coordinated list in any order and wording of its ``items`` ("respect each other, coexist in
  peace and pursue win-win cooperation"), all of them within a short stretch of one sentence;
- in the original language: a Chinese, Japanese, Korean or Russian text is matched against the
  entries' ``chinese``/``original``/``originals``, so a readout and its translation compare.
Adds the sentence column ``formulations`` (ids joined by ``;`` in order of appearance) and a span
per match (``layer`` = ``formulation``, ``label`` = the id). A longer formulation does not hide a
shorter one inside it: "comprehensively advancing the strategic, mutually beneficial
relationship" is both.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ReadoutsError
from ..lexicons import file_key, read_data_file, read_yaml_file
from .base import Layer

FORMULATIONS_FILE = "formulations.yaml"
INFLECTIONS_FILE = "inflections.csv"
MAX_INSERTED = 3        # words allowed between a formulation's words, in all
MAX_SLOT_FORMS = 64     # a form with more slot combinations than this is an error (a typo, most likely)
_TOKEN = re.compile(r"[^\W_]+")          # hyphens, apostrophes and punctuation separate words
_SLOT = re.compile(r"\{([^{}]*)\}")
# British and American spelling read alike: neighbour/neighbor, honour/honor, recognise/recognize
_OUR = re.compile(r"([bvlnmh])our")
_ISE = re.compile(r"(?<=\w{3})is(e|es|ed|ing|ation|ations)$")
# a text in one of the registry's original scripts (CJK ideographs, kana, Hangul, Cyrillic)
_ORIGINAL_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0400-\u04ff]")
# words that never count as an inserted qualifier (their stems)
_NOT_INSERTED = frozenset("a an the in of to on for at by with from into and or but not".split())
GOVERNMENTS = ("china", "japan", "united_states", "rok", "russia", "eu", "asean", "un")


@dataclass(frozen=True)
class Formulation:
    id: str
    canonical: str
    chinese: str
    category: str
    variants: tuple[str, ...]
    source: str
    government: str = "china"
    originals: tuple[str, ...] = ()     # wordings in the original language (the Chinese first, if any)
    items: tuple[str, ...] = ()         # the parts of a coordinated list, found in any order
    first_use: str = ""
    exclusions: tuple[str, ...] = ()    # wordings around it that make it something else ("new era of")

    @property
    def forms(self) -> tuple[str, ...]:
        """The canonical English and its variants, each slot spelt out."""
        return tuple(dict.fromkeys(f for form in (self.canonical, *self.variants) for f in expand_slots(form)))


@dataclass(frozen=True)
class Registry:
    path: Path
    version: str
    source: str
    categories: dict
    formulations: tuple[Formulation, ...]

    def get(self, fid: str) -> Formulation:
        return next(f for f in self.formulations if f.id == fid)


def expand_slots(form: str) -> list[str]:
    """Every wording of a form with slots ``{a|b}``.

    >>> expand_slots("establish a correct {perception|understanding} of China")
    ['establish a correct perception of China', 'establish a correct understanding of China']
    """
    parts = _SLOT.split(form)
    choices = [[p] if k % 2 == 0 else p.split("|") for k, p in enumerate(parts)]
    forms = ["".join(c) for c in itertools.product(*choices)]
    return [re.sub(r"\s+", " ", f).strip() for f in forms]


@lru_cache(maxsize=2)
def _inflections(path: Path, mtime: int) -> dict[str, str]:
    return {row["form"].lower(): row["lemma"].lower() for row in read_data_file(path, ("form", "lemma", "source")).rows}


def inflections() -> dict[str, str]:
    """Irregular form -> lemma (``data/inflections.csv``)."""
    return _inflections(*file_key(INFLECTIONS_FILE))


def stem(word: str) -> str:
    """A crude stem, the same for a word's inflections ("taking", "take", "took" -> "tak").

    >>> [stem(w) for w in ["taking", "take", "took", "documents", "differences", "sought", "opened"]]
    ['tak', 'tak', 'tak', 'document', 'differenc', 'seek', 'open']
    >>> stem("neighbourliness") == stem("neighborliness"), stem("recognised") == stem("recognized")
    (True, True)
    """
    return _stem_memo(*file_key(INFLECTIONS_FILE))(word)


@lru_cache(maxsize=2)
def _stem_memo(path: Path, mtime: int) -> "_Stems":
    """``stem`` remembered word by word for one version of the inflection table."""
    return _Stems(_inflections(path, mtime))


MAX_REMEMBERED_STEMS = 500_000


class _Stems(dict):
    """Word -> stem, each computed on first sight (``table[word]``; ``map`` runs it at C speed)."""

    def __init__(self, inflections: dict[str, str]):
        super().__init__()
        self.inflections = inflections

    def __missing__(self, word: str) -> str:
        if len(self) >= MAX_REMEMBERED_STEMS:     # a stream of new words (ids, numbers) cannot grow it forever
            self.clear()
        found = self[word] = _stem(word, self.inflections)
        return found

    def __call__(self, word: str) -> str:
        return self[word]


def _stem(word: str, inflections: dict[str, str]) -> str:
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    w = inflections.get(w, w)
    w = _ISE.sub(r"iz\1", _OUR.sub(r"\1or", w))
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
    stem_of = _stem_memo(*file_key(INFLECTIONS_FILE))
    return [(stem_of(m.group()), m.start(), m.end())
            for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


def load_registry(path: str | Path = FORMULATIONS_FILE) -> Registry:
    """Read and check the registry; a mistake in it is an error naming the file and the entry."""
    return _load(*file_key(path))


def _strings(p: Path, f: dict, key: str) -> list[str]:
    value = f.get(key) or []
    if isinstance(value, str):
        value = [value]                 # one variant written without brackets
    if not isinstance(value, list):
        raise ReadoutsError(f"{p}: formulation {f.get('id')}: {key} must be a list")
    for v in value:
        if len(expand_slots(str(v))) > MAX_SLOT_FORMS:
            raise ReadoutsError(f"{p}: formulation {f.get('id')}: {v!r} has more than {MAX_SLOT_FORMS} wordings")
    return [str(v) for v in value]


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
        missing = [k for k in ("id", "canonical", "category", "source") if not f.get(k)]
        if missing:
            raise ReadoutsError(f"{p}: formulation {f.get('id', f'number {n}')} has no {', '.join(missing)}")
        if f["id"] in seen:
            raise ReadoutsError(f"{p}: formulation id {f['id']} is used twice")
        if categories and f["category"] not in categories:
            raise ReadoutsError(f"{p}: formulation {f['id']} has category {f['category']!r}, not one of "
                                f"{', '.join(categories)}")
        government = str(f.get("government") or "china")
        if government not in GOVERNMENTS:
            raise ReadoutsError(f"{p}: formulation {f['id']} has government {government!r}, not one of {', '.join(GOVERNMENTS)}")
        list_items = _strings(p, f, "items")
        if len(list_items) == 1:
            raise ReadoutsError(f"{p}: formulation {f['id']}: a coordinated list needs two items or more")
        seen.add(f["id"])
        originals = [str(f.get("chinese") or ""), str(f.get("original") or ""), *_strings(p, f, "originals")]
        items.append(Formulation(str(f["id"]), str(f["canonical"]), str(f.get("chinese") or ""), str(f["category"]),
                                 tuple(_strings(p, f, "variants")), str(f["source"]), government,
                                 tuple(dict.fromkeys(o for o in originals if o)), tuple(list_items),
                                 str(f.get("first_use") or ""), tuple(_strings(p, f, "exclusions"))))
    return Registry(p, str(data["version"]), str(data["source"]), dict(categories), tuple(items))


@lru_cache(maxsize=4)
def _patterns(path: Path, mtime: int, inflections_key) -> dict[str, list[tuple[tuple[str, ...], frozenset, str]]]:
    """First stem -> [(stems of a form, the set of them, formulation id)], longest forms first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for f in _load(path, mtime).formulations:
        for form in f.forms:
            words = tuple(s for s, _, _ in stems(form))
            if words:
                index.setdefault(words[0], []).append((words, frozenset(words), f.id))
    for forms in index.values():
        forms.sort(key=lambda x: -len(x[0]))
    return index


@lru_cache(maxsize=4)
def _pattern_starts(path: Path, mtime: int, inflections_key) -> frozenset[str]:
    """The stems a form starts with (a set, so that intersecting with a sentence's runs over the sentence)."""
    return frozenset(_patterns(path, mtime, inflections_key))


@lru_cache(maxsize=4)
def _exclusions(path: Path, mtime: int, inflections_key) -> dict[str, list[tuple[str, ...]]]:
    """id -> the stem sequences of its exclusions."""
    return {f.id: [tuple(s for s, _, _ in stems(w)) for e in f.exclusions for w in expand_slots(e)]
            for f in _load(path, mtime).formulations if f.exclusions}


@lru_cache(maxsize=4)
def _lists(path: Path, mtime: int, inflections_key) -> list[tuple[str, list[list[tuple[str, ...]]]]]:
    """(id, [the stem sequences each item may take]) of every coordinated list."""
    out = []
    for f in _load(path, mtime).formulations:
        if f.items:
            out.append((f.id, [[tuple(s for s, _, _ in stems(w)) for w in expand_slots(item)] for item in f.items]))
    return out


@lru_cache(maxsize=4)
def _originals(path: Path, mtime: int) -> list[tuple[str, str]]:
    """(wording in the original language, id), longest first."""
    pairs = [(w.lower(), f.id) for f in _load(path, mtime).formulations for o in f.originals for w in expand_slots(o)]
    return sorted(set(pairs), key=lambda x: (-len(x[0]), x[0]))


def find_formulations(text: str, start: int = 0, end: int | None = None,
                      path: str | Path = FORMULATIONS_FILE) -> list[tuple[str, int, int]]:
    """``(id, start, end)`` of each formulation in ``text[start:end]``, in order.

    >>> [(fid, start) for fid, start, _ in find_formulations(
    ...     "We will advance the strategic, mutually beneficial China-Japan relationship.")]
    [('strategic_mutually_beneficial_relationship', 20)]
    >>> [fid for fid, _, _ in find_formulations("Both took history as a mirror.")]
    ['taking_history_as_a_mirror']
    >>> [fid for fid, _, _ in find_formulations("双方同意落实两国元首达成的重要共识。")]
    ['important_consensus']
    """
    key = file_key(path)
    inflection_key = file_key(INFLECTIONS_FILE)
    end = len(text) if end is None else end
    seq = list(map(_stem_memo(*inflection_key).__getitem__, _TOKEN.findall(text, start, end)))
    words = _Places(text, start, end)                  # offsets, found only if something matches
    found: dict[str, list[tuple[int, int]]] = {}

    def add(fid: str, span: tuple[int, int]) -> None:
        spans = found.setdefault(fid, [])
        # one match per place: a variant inside one already found adds nothing
        if not any(s <= span[0] and span[1] <= e for s, e in spans):
            spans[:] = [(s, e) for s, e in spans if not (span[0] <= s and e <= span[1])] + [span]

    index = _patterns(*key, inflection_key)
    excluded = _exclusions(*key, inflection_key)
    present = set(seq)
    hits = _pattern_starts(*key, inflection_key).intersection(present)
    for i in ([i for i, w in enumerate(seq) if w in hits] if hits else ()):   # where a form can start
        for form, words_of_form, fid in index[seq[i]]:
            if not words_of_form <= present:           # a word of the form is missing: no match
                continue
            j = _match(form, seq, i)
            if j is not None and not _inside_exclusion(excluded.get(fid, ()), seq, i, j):
                add(fid, (words[i][1], words[j][2]))
    for fid, item_forms in _lists(*key, inflection_key):
        span = _match_list(item_forms, seq, present)
        if span is not None:
            add(fid, (words[span[0]][1], words[span[1]][2]))
    if _ORIGINAL_SCRIPT.search(text, start, end):
        lowered = text[start:end].lower()
        taken = []
        for wording, fid in _originals(*key):
            at = lowered.find(wording)
            while at >= 0:
                span = (start + at, start + at + len(wording))
                if not any(s <= span[0] and span[1] <= e and f == fid for s, e, f in taken):
                    taken.append((*span, fid))
                    add(fid, span)
                at = lowered.find(wording, at + 1)
    out = [(fid, s, e) for fid, spans in found.items() for s, e in spans]
    return sorted(out, key=lambda x: (x[1], -x[2], x[0]))


class _Places:
    """``words[i]`` = ``(word, start, end)`` of the i-th word, the offsets computed on first use."""

    def __init__(self, text: str, start: int, end: int):
        self.args, self.spans = (text, start, end), None

    def __getitem__(self, i: int) -> tuple[str, int, int]:
        if self.spans is None:
            text, start, end = self.args
            self.spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
        return self.spans[i]


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


def _inside_exclusion(exclusions, seq: list[str], i: int, j: int) -> bool:
    """Whether words ``i``..``j`` stand inside one of the entry's exclusions ("new era of ...")."""
    for ex in exclusions:
        for a in range(max(0, j - len(ex) + 1), i + 1):
            if a + len(ex) - 1 >= j and tuple(seq[a:a + len(ex)]) == ex:
                return True
    return False


def _match_list(items: list[list[tuple[str, ...]]], seq: list[str], present=None) -> tuple[int, int] | None:
    """First and last word index of a coordinated list whose every item stands in ``seq``, in any order,
    word for word, with at most two words between one item and the next ("and pursue")."""
    present = set(seq) if present is None else present
    if not all(any(present.issuperset(f) for f in forms) for forms in items):
        return None                                    # an item none of whose wordings is there
    places = []
    for forms in items:
        hits = [(i, i + len(f) - 1) for f in forms for i in range(len(seq) - len(f) + 1) if tuple(seq[i:i + len(f)]) == f]
        if not hits:
            return None
        places.append(hits)
    for choice in itertools.product(*places):
        ordered = sorted(choice)
        if all(b[0] > a[1] and b[0] - a[1] - 1 <= 2 for a, b in zip(ordered, ordered[1:])):
            return ordered[0][0], ordered[-1][1]
    return None


def formulations_layer(state) -> None:
    column = state.column("formulations")
    for i, s in enumerate(state.sentences):
        found = find_formulations(state.doc.text, s.start, s.end)
        column[i] = ";".join(dict.fromkeys(fid for fid, _, _ in found))
        for fid, start, end in found:
            state.add_span(i, "formulation", fid, start, end)


LAYER = Layer("formulations", formulations_layer, group="formulations",
              data_files=(FORMULATIONS_FILE, INFLECTIONS_FILE), columns={"formulations": "str"}, spans=("formulation",))
