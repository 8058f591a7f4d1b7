"""Policy areas: which fields each sentence touches, by the terms of ``data/policy_areas.yaml`` (the
diplomatic scheme) or, chosen with ``scheme="cap"`` / ``--scheme cap``, ``data/cap_topics.yaml`` (CAP's 21
major topics, for any political text).

Adds ``policy_areas`` (area codes joined by ``;`` in scheme order, empty when none) and a span
per matched term (``layer`` = ``policy``, ``label`` = the code). Terms match whole words,
case-insensitively, with plural and hyphen/space variants; a term inside an excluded phrase
(a venue, a name, a title) does not count.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ReadoutsError
from ..matcher import PhraseMatcher, phrase_variants as variants
from ..lexicons import file_key, read_yaml_file
from .base import Layer

SCHEME_FILE = "policy_areas.yaml"
# the schemes a corpus can be coded with (``--scheme``, ``scheme=``): the diplomatic areas, or CAP's major topics
SCHEMES = {"diplomatic": SCHEME_FILE, "cap": "cap_topics.yaml"}


def scheme_file(name: str | None) -> str:
    """The data file of a scheme by its name; an unknown name is an error listing the known ones."""
    if not name:
        return SCHEME_FILE
    if name not in SCHEMES:
        raise ReadoutsError(f"unknown policy scheme {name!r}: use one of {', '.join(SCHEMES)}")
    return SCHEMES[name]


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    cap: tuple[int, ...]            # CAP major topics; the first is used for the roll-up
    cap_subtopics: tuple[int, ...]
    definition: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Scheme:
    path: Path
    version: str
    source: str
    areas: tuple[Area, ...]
    exclusions: tuple[tuple[str, str], ...]      # (phrase, reason)
    cap_topics: dict

    @property
    def codes(self) -> list[str]:
        return [a.code for a in self.areas]

    def area(self, code: str) -> Area:
        return next(a for a in self.areas if a.code == code)


def load_scheme(path: str | Path = SCHEME_FILE) -> Scheme:
    """Read and check the scheme; a mistake in it is an error naming the file and the area."""
    return _load_scheme(*file_key(path))


@lru_cache(maxsize=4)
def _load_scheme(p: Path, mtime: int) -> Scheme:
    data = read_yaml_file(p, "policy scheme", ("version", "source", "areas"))
    areas, seen = [], set()
    for n, a in enumerate(data["areas"], start=1):
        missing = [k for k in ("code", "name", "cap", "definition", "terms") if not a.get(k)]
        if missing:
            raise ReadoutsError(f"{p}: area {a.get('code', f'number {n}')} has no {', '.join(missing)}")
        if a["code"] in seen:
            raise ReadoutsError(f"{p}: area code {a['code']} is used twice")
        seen.add(a["code"])
        areas.append(Area(str(a["code"]), a["name"], tuple(int(c) for c in a["cap"]),
                          tuple(int(c) for c in a.get("cap_subtopics") or ()), a["definition"],
                          tuple(str(t) for t in a["terms"])))
    exclusions = tuple((str(e["phrase"]), str(e.get("reason", ""))) for e in data.get("exclusions") or ())
    return Scheme(p, str(data["version"]), str(data["source"]), tuple(areas), exclusions,
                  {int(k): v for k, v in (data.get("cap_topics") or {}).items()})


def term_matcher(path: str | Path = SCHEME_FILE) -> PhraseMatcher:
    """Every term variant -> its area code; every excluded phrase -> None (it blocks what it covers)."""
    return _term_matcher(*file_key(path))


@lru_cache(maxsize=4)
def _term_matcher(path: Path, mtime: int) -> PhraseMatcher:
    scheme = load_scheme(path)
    phrases: dict[str, str | None] = {}
    for phrase, _ in scheme.exclusions:
        for form in variants(phrase, any_case=True):
            phrases[form] = None
    for area in scheme.areas:
        for term in area.terms:
            for form in variants(term):
                phrases.setdefault(form, area.code)
    return PhraseMatcher(phrases, case_sensitive=False, exact_acronyms=True)


def code_text(text: str) -> list[str]:
    """The area codes of a piece of text, in scheme order.

    >>> code_text("cooperation in high-end manufacturing, finance and third-party markets")
    ['A6', 'A7', 'A14']
    >>> code_text("on the sidelines of the APEC Economic Leaders' Meeting")
    []
    """
    order = {c: k for k, c in enumerate(load_scheme().codes)}
    codes = {m.value for m in term_matcher().find(text) if m.value is not None}
    return sorted(codes, key=order.get)


def policy_layer(state) -> None:
    path = scheme_file(state.doc.meta.get("scheme"))
    scheme, matcher = load_scheme(path), term_matcher(path)
    order = {c: k for k, c in enumerate(scheme.codes)}
    column = state.column("policy_areas")
    for i, tokens in enumerate(state.tokens):
        codes = set()
        for m in matcher.find(state.doc.text, tokens=tokens):
            if m.value is None:                     # inside an excluded phrase
                continue
            codes.add(m.value)
            state.add_span(i, "policy", m.value, m.start, m.end)
        column[i] = ";".join(sorted(codes, key=order.get))


LAYER = Layer("policy", policy_layer, group="policy", data_files=tuple(SCHEMES.values()), columns={"policy_areas": "str"},
              spans=("policy",))
