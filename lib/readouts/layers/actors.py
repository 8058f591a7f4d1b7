"""Actors: who each sentence mentions, from the editable ``data/actors.csv``.

Adds the sentence column ``actors`` (canonical names, ``;``-separated, in order of first
mention) and a span per mention (``layer`` = ``actor``, ``label`` = the canonical name).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import file_key, read_data_file, split_list
from ..matcher import PhraseMatcher
from .base import Layer

ACTORS_FILE = "actors.csv"


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str          # person | country | organisation
    country: str
    role: str


def actor_matcher(path: str = ACTORS_FILE) -> PhraseMatcher:
    """Every alias, and for people every ``<title> <alias>``, mapped to its :class:`Actor`.

    >>> [m.value.name for m in actor_matcher().find("Japanese Prime Minister Takaichi Sanae met Xi.")]
    ['Sanae Takaichi', 'Xi Jinping']
    """
    return _actor_matcher(*file_key(path))


@lru_cache(maxsize=4)
def _actor_matcher(path, mtime) -> PhraseMatcher:
    data = read_data_file(path, required=("name", "kind", "aliases"))
    phrases: dict[str, Actor] = {}
    for row in data.rows:
        actor = Actor(row["name"], row["kind"], row.get("country", ""), row.get("role", ""))
        aliases = split_list(row["aliases"]) or [row["name"]]
        names = aliases + [f"{title} {alias}" for title in split_list(row.get("titles")) for alias in aliases]
        for phrase in names:
            phrases.setdefault(phrase, actor)
            if phrase.startswith("the "):          # "The Chinese side" opening a sentence
                phrases.setdefault("The " + phrase[4:], actor)
    return PhraseMatcher(phrases, case_sensitive=True)


def actors_layer(state) -> None:
    matcher = actor_matcher()
    column = state.column("actors")
    mentions = state.notes.setdefault("actor_matches", [])
    for i, tokens in enumerate(state.tokens):
        found = matcher.find(state.doc.text, tokens=tokens)
        mentions.append(found)
        column[i] = "; ".join(dict.fromkeys(m.value.name for m in found))
        for m in found:
            state.add_span(i, "actor", m.value.name, m.start, m.end)


LAYER = Layer("actors", actors_layer, group="anatomy", data_files=(ACTORS_FILE,), columns={"actors": "str"},
              spans=("actor",))


# names written family name first in English: Chinese, Korean and Vietnamese names
FAMILY_FIRST_COUNTRIES = frozenset({"China", "Taiwan", "South Korea", "North Korea", "Vietnam"})


@lru_cache(maxsize=4)
def _people_rows(path, mtime) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], str]]:
    data = read_data_file(path, required=("name", "kind", "aliases"))
    return {row["name"]: (tuple(split_list(row.get("titles"))), tuple(split_list(row["aliases"])), row.get("country", ""))
            for row in data.rows if row["kind"] == "person"}


def actor_titles_of(name: str, path: str = ACTORS_FILE) -> tuple[str, ...]:
    """The titles ``actors.csv`` lists for a person (empty for anyone else)."""
    return _people_rows(*file_key(path)).get(name, ((), (), ""))[0]


def family_name_first(name: str, path: str = ACTORS_FILE) -> bool:
    """Is the person's name written family name first ("Xi Jinping": an alias "Xi")?

    >>> family_name_first("Xi Jinping"), family_name_first("Joe Biden")
    (True, False)
    """
    _, aliases, country = _people_rows(*file_key(path)).get(name, ((), (), ""))
    first = name.split()[0]
    if len(name.split()) < 2 or name.split()[-1] in aliases:
        return False
    return first in aliases or country in FAMILY_FIRST_COUNTRIES


COUNTRIES_FILE = "countries.csv"


@lru_cache(maxsize=4)
def _countries(path, mtime) -> dict[str, str]:
    data = read_data_file(path, required=("iso3", "name", "source"))
    return {row["iso3"].upper(): row["name"] for row in data.rows}


def country_name(code: str, path: str = COUNTRIES_FILE) -> str:
    """The name of the country an ISO 3166 alpha-3 code stands for (the code itself when unknown).

    >>> country_name("USA"), country_name("deu"), country_name("XYZ")
    ('United States', 'Germany', 'XYZ')
    """
    return _countries(*file_key(path)).get(str(code).upper(), code)


def is_country(name: str) -> bool:
    """Is ``name`` a country (its name in countries.csv, or a country in actors.csv)?"""
    if name in _countries(*file_key(COUNTRIES_FILE)).values():
        return True
    return any(m.value.kind == "country" and m.text == name for m in actor_matcher().find(name))


def actor_country(name: str, path: str = ACTORS_FILE) -> str:
    """The country ``actors.csv`` gives a person ("" for anyone else)."""
    return _people_rows(*file_key(path)).get(name, ((), (), ""))[2]
