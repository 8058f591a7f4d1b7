"""Keyword in context: every occurrence of a word, a phrase or a pattern, with its surroundings.

>>> from readouts import load_corpus
>>> from readouts.paths import SEEDS_DIR
>>> table = kwic(load_corpus(SEEDS_DIR), "differences", window=3)
>>> for row in table.itertuples():
...     print(f"{row.left:>24} [{row.match}]{row.right}")
      to properly manage [differences]. He called them
  ground while reserving [differences], focus on common
   ground while reducing [differences], and avoid allowing
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from itertools import islice

import pandas as pd

from ..errors import ReadoutsError
from ..read.words import WORD

KWIC_COLUMNS = ["doc_id", "sent", "left", "match", "right", "start", "end"]


def query_pattern(query: str, regex: bool = False) -> re.Pattern:
    """A word or phrase matches whole words, case-insensitively, across any spacing and
    straight or curly apostrophes; ``regex=True`` (or ``/.../``) takes a regular expression."""
    if query.startswith("/") and query.endswith("/") and len(query) > 2:
        query, regex = query[1:-1], True
    if regex:
        try:
            return re.compile(query, re.I)
        except re.error as err:
            raise ReadoutsError(f"bad regular expression {query!r} ({err})") from None
    parts = [re.sub(r"['’]", "['’]", re.escape(p)) for p in query.split()]
    if not parts:
        raise ReadoutsError("an empty query finds nothing")
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.I)


def kwic(corpus, query: str, window: int = 6, regex: bool = False) -> pd.DataFrame:
    """One row per match: ``doc_id``, ``sent``, ``left`` and ``right`` (up to ``window`` words of
    context, within the paragraph), ``match`` (as written), ``start``, ``end`` (offsets into the
    document's text)."""
    pattern = query_pattern(query, regex)
    rows = []
    for doc in corpus:
        starts = [s.start for s in doc.sentences]
        text = doc.text
        for p in doc.paragraphs:
            for m in pattern.finditer(text, p.text_start, p.text_end):
                if m.end() == m.start():
                    continue
                k = bisect_right(starts, m.start()) - 1
                sent = doc.sentences[max(k, 0)].sent
                rows.append((doc.doc_id, sent, _context_left(text, p.text_start, m.start(), window), m.group(),
                             _context_right(text, m.end(), p.text_end, window), m.start(), m.end()))
    return pd.DataFrame(rows, columns=KWIC_COLUMNS).astype({"sent": "int64", "start": "int64", "end": "int64"})


LOOK_BACK = 200     # characters before a match read first for its left context (more when too few words)


def _context_left(text: str, lo: int, at: int, window: int) -> str:
    """The ``window`` words before ``at`` (from ``lo`` on), read from a stretch just before the match that
    grows until it holds them, so a long paragraph is not read from its start for every match: a stretch
    starts after whitespace, where no word is cut, so its words are those a read from ``lo`` finds."""
    step = LOOK_BACK if window > 0 else at - lo
    while True:
        begin = max(lo, at - step)
        while begin > lo and not text[begin - 1].isspace():
            begin -= 1
        spans = [m.start() for m in WORD.finditer(text, begin, at)]
        if len(spans) >= window or begin == lo:
            break
        step *= 4
    begin = spans[-window] if len(spans) >= window else lo
    return " ".join(text[begin:at].split())


def _context_right(text: str, at: int, hi: int, window: int) -> str:
    ends = [m.end() for m in (islice(WORD.finditer(text, at, hi), window) if window > 0   # the first words only
                              else WORD.finditer(text, at, hi))]
    stop = ends[window - 1] if len(ends) >= window else hi
    chunk = text[at:stop]
    return ("" if not chunk[:1].isspace() else " ") + " ".join(chunk.split()) if chunk.strip() else ""


def kwic_html(table: pd.DataFrame, max_rows: int = 500, width: int = 55) -> str:
    """The concordance as an HTML table: left context right-aligned, the match highlighted and
    aligned in one column, the right context after it, and where it is last (its document cut, whole
    on hover), so both contexts stay on screen. Contexts are cut to ``width`` characters. All text is
    escaped.

    >>> lines = pd.DataFrame({"doc_id": ["d"], "sent": [3], "left": ["the two"], "match": ["sides"],
    ...                       "right": [" <agreed>"]})
    >>> "&lt;agreed&gt;" in kwic_html(lines)
    True
    """
    e = html.escape
    rows = []
    for r in table.head(max_rows).itertuples():
        left, right = r.left[-width:], r.right.lstrip()[:width]
        where = f"{r.doc_id} · {r.sent}"
        rows.append(f"<tr><td style='text-align:right;white-space:nowrap'>{e(left)}</td>"
                    f"<td style='text-align:center;white-space:nowrap;background:#fff1c1;font-weight:bold'>"
                    f"{e(r.match)}</td><td style='text-align:left;white-space:nowrap'>{e(right)}</td>"
                    f"<td class='ro-id' title='{e(where)}' style='color:#777;white-space:nowrap;max-width:12em;"
                    f"overflow:hidden;text-overflow:ellipsis'>{e(where)}</td></tr>")
    more = (f"<p><i>The first {max_rows} of {len(table)} lines.</i></p>" if len(table) > max_rows else "")
    return ("<table class='readouts-kwic' style='font-family:monospace;font-size:90%;border-collapse:collapse'>"
            "<thead><tr><th style='text-align:right'>left</th><th>match</th>"
            "<th style='text-align:left'>right</th><th>where</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>" + more)


def kwic_text(table: pd.DataFrame, width: int = 40) -> str:
    """The concordance aligned for a terminal."""
    lines = []
    for r in table.itertuples():
        left = r.left[-width:].rjust(width)
        right = r.right.lstrip()[:width]
        lines.append(f"{left}  [{r.match}]  {right}    ({r.doc_id}:{r.sent})")
    return "\n".join(lines)
