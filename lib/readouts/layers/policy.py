"""Policy areas: which fields each sentence touches, by the terms of ``data/policy_areas.yaml`` (the
diplomatic scheme) or, chosen with ``scheme="cap"`` / ``--scheme cap``, ``data/cap_topics.yaml`` (CAP's 21
major topics, for any political text).

Adds ``policy_areas`` (area codes joined by ``;`` in scheme order, empty when none), ``policy_cap``
(the CAP major topics those terms roll up to: each area's first ``cap`` code, or the code its
``cap_terms`` give a term CAP files elsewhere, e.g. "education" in A11 is CAP 6) and a span
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
    term_caps: tuple[tuple[str, int], ...] = ()    # (term, CAP major topic) where CAP files a term elsewhere


@dataclass(frozen=True)
class Term:
    """What a matched term codes: its area, and the CAP major topic it rolls up to."""
    code: str
    cap: int


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

    @property
    def rollup_topics(self) -> list[int]:
        """The CAP major topics the scheme rolls up to: the areas' first codes and their cap_terms' codes."""
        return sorted({a.cap[0] for a in self.areas} | {t for a in self.areas for _, t in a.term_caps})


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
        term_caps = _term_caps(p, a)
        areas.append(Area(str(a["code"]), a["name"], tuple(int(c) for c in a["cap"]),
                          tuple(int(c) for c in a.get("cap_subtopics") or ()), a["definition"],
                          tuple(str(t) for t in a["terms"]) + tuple(t for t, _ in term_caps), term_caps))
    exclusions = tuple((str(e["phrase"]), str(e.get("reason", ""))) for e in data.get("exclusions") or ())
    return Scheme(p, str(data["version"]), str(data["source"]), tuple(areas), exclusions,
                  {int(k): v for k, v in (data.get("cap_topics") or {}).items()})


def _term_caps(p: Path, area: dict) -> tuple[tuple[str, int], ...]:
    """An area's ``cap_terms`` ({CAP topic: [terms]}): terms of the area that CAP files under another topic."""
    given = area.get("cap_terms") or {}
    if not isinstance(given, dict) or not all(isinstance(t, list) for t in given.values()):
        raise ReadoutsError(f"{p}: area {area['code']}'s cap_terms must map a CAP topic code to a list of terms")
    try:
        return tuple((str(term), int(topic)) for topic, terms in given.items() for term in terms)
    except ValueError:
        raise ReadoutsError(f"{p}: area {area['code']}'s cap_terms has a topic that is not a CAP code") from None


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
        topic = dict(area.term_caps)
        for term in area.terms:
            for form in variants(term):
                phrases.setdefault(form, Term(area.code, topic.get(term, area.cap[0])))
    return PhraseMatcher(phrases, case_sensitive=False, exact_acronyms=True)



def code_text(text: str) -> list[str]:
    """The area codes of a piece of text, in scheme order.

    >>> code_text("cooperation in high-end manufacturing, finance and third-party markets")
    ['A6', 'A7', 'A14']
    >>> code_text("on the sidelines of the APEC Economic Leaders' Meeting")
    []
    """
    order = {c: k for k, c in enumerate(load_scheme().codes)}
    codes = {m.value.code for m in term_matcher().find(text) if m.value is not None}
    return sorted(codes, key=order.get)


def cap_text(text: str, scheme: str | None = None) -> list[int]:
    """The CAP major topics a piece of text rolls up to, ascending.

    >>> cap_text("students in our schools, cultural exchanges and tourism")    # education, culture, tourism
    [6, 15, 23]
    """
    return sorted({m.value.cap for m in term_matcher(scheme_file(scheme)).find(text) if m.value is not None})


def policy_layer(state) -> None:
    path = scheme_file(state.doc.meta.get("scheme"))
    scheme, matcher = load_scheme(path), term_matcher(path)
    order = {c: k for k, c in enumerate(scheme.codes)}
    column, caps = state.column("policy_areas"), state.column("policy_cap")
    for i, tokens in enumerate(state.tokens):
        codes, topics = set(), set()
        for m in matcher.find(state.doc.text, tokens=tokens):
            if m.value is None:                     # inside an excluded phrase
                continue
            codes.add(m.value.code)
            topics.add(m.value.cap)
            state.add_span(i, "policy", m.value.code, m.start, m.end)
        column[i] = ";".join(sorted(codes, key=order.get))
        caps[i] = ";".join(map(str, sorted(topics)))


LAYER = Layer("policy", policy_layer, group="policy", data_files=tuple(SCHEMES.values()), columns={"policy_areas": "str", "policy_cap": "str"},
              spans=("policy",))
