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
