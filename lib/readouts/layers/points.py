"""Structure: the numbered points of a statement ("First, ... Fifth, ...", "1. ...").

Adds ``point`` (0 before the first point, then 1..n; each point runs until the next) and
``point_title`` (the sentence that opens the point). Ordinals count as points only when
the text enumerates: a "First," with no "Second" is an ordinary word.
"""
from __future__ import annotations

import re

from .base import Layer

ORDINALS = {w: n for n, ws in enumerate([
    ("first", "firstly"), ("second", "secondly"), ("third", "thirdly"), ("fourth", "fourthly"),
    ("fifth", "fifthly"), ("sixth", "sixthly"), ("seventh", "seventhly"), ("eighth", "eighthly"),
    ("ninth", "ninthly"), ("tenth", "tenthly")], start=1) for w in ws}
OPENER = re.compile(r"^[\"“(]?(?:(?P<word>[A-Za-z]+)\s*[,:]|(?:\(?(?P<num>\d{1,2})[.)]))\s")
LAST = ("finally", "lastly", "last")


def _opening_number(text: str, current: int) -> int | None:
    m = OPENER.match(text)
    if not m:
        return None
    if m.group("num"):
        return int(m.group("num"))
    word = m.group("word").lower()
    if word in ORDINALS:
        return ORDINALS[word]
    if word in LAST and current >= 2:
        return current + 1
    return None


def points_layer(state) -> None:
    texts = [state.text(i) for i in range(len(state.sentences))]
    sections = [s.section for s in state.sentences]
    found, current = [], 0
    for i, text in enumerate(texts):
        n = _opening_number(text, current) if sections[i] == "body" else None
        if n is not None and n == current + 1:       # points go up one at a time
            found.append((i, n))
            current = n
    if current < 2:                                  # one "First," is not an enumeration
        found = []
    point, title = state.column("point", 0), state.column("point_title")
    starts = dict(found)
    n, opening = 0, ""
    for i in range(len(texts)):
        if i in starts:
            n, opening = starts[i], texts[i]
        if sections[i] == "body":
            point[i], title[i] = n, opening


LAYER = Layer("points", points_layer, group="anatomy", columns={"point": "Int64", "point_title": "str"})
