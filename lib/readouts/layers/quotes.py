"""Quotations: each quoted stretch as a span (``layer`` = ``quote``, ``label`` = its speaker).

Quotes are found per paragraph, so one may run over several sentences; the span belongs to
the sentence it opens in. The quote marks and the punctuation just inside them are left out
of the span (``"relationship,"`` gives ``relationship``). An unmatched quote mark is ignored.
"""
from __future__ import annotations

import re

from ..tables import speaker_or_role
from .base import Layer

# "straight", “curly” and «guillemets»; single quotes only as ‘curly’ (straight ones are apostrophes)
# and two apostrophes (''quoted'', ``quoted''), as newswire archives write double quotes
QUOTE = re.compile(r'"([^"\n]+)"|“([^”\n]+)”|«([^»\n]+)»|‘([^’\n]+)’(?!\w)|(?:\'\'|``)((?:(?!\'\')[^\n])+?)\'\'')
_TRIM = " ,.;:!?"


def quote_regions(state) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation's content in ``doc.text``, cached for other layers."""
    if "quote_regions" not in state.notes:
        text, regions = state.doc.text, []
        for p in state.doc.paragraphs:
            for m in QUOTE.finditer(text, p.text_start, p.text_end):
                g = next(i for i in range(1, 6) if m.group(i) is not None)
                s, e = m.start(g), m.end(g)
                while s < e and text[s] in _TRIM:
                    s += 1
                while e > s and text[e - 1] in _TRIM:
                    e -= 1
                if e > s:
                    regions.append((s, e))
        state.notes["quote_regions"] = regions
    return state.notes["quote_regions"]


def inside_quote(state, start: int, end: int) -> bool:
    return any(s - 1 <= start and end <= e + 1 for s, e in quote_regions(state))


def quotes_layer(state) -> None:
    speakers = state.columns.get("speaker", [""] * len(state.sentences))
    roles = state.columns.get("speaker_role", ["narrator"] * len(state.sentences))
    bounds = [(s.start, s.end) for s in state.sentences]
    for s, e in quote_regions(state):
        i = next((k for k, (a, b) in enumerate(bounds) if a <= s < b), None)
        if i is not None:
            state.add_span(i, "quote", speaker_or_role(speakers[i], roles[i]), s, e)


LAYER = Layer("quotes", quotes_layer, group="anatomy", spans=("quote",), needs=("speakers",))
