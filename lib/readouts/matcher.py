"""Find many phrases in text at once, by token lookup (not one huge regex).

Phrases are tokenised like the text, looked up by their first token, and matched
leftmost-longest without overlap. A ``*`` in a phrase stands for one to three words
("express * concern" matches "expressed serious concern"); a phrase without a gap wins over
one with a gap at the same place.

>>> m = PhraseMatcher({"Xi Jinping": "XI", "Xi": "XI", "U.S.": "US"})
>>> [(t.text, t.value) for t in m.find("President Xi Jinping met U.S. envoys; Xi said.")]
[('Xi Jinping', 'XI'), ('U.S.', 'US'), ('Xi', 'XI')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

TOKEN = re.compile(r"\w+|[^\w\s]")
GAP = "*"
MAX_GAP = 3


@dataclass(frozen=True)
class Match:
    start: int          # character offsets in the text searched
    end: int
    text: str
    value: Any          # what the phrase was registered with
    phrase: str         # the phrase as registered
    first_token: int    # token indices in the searched span
    last_token: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` for words and single punctuation marks."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, start, len(text) if end is None else end)]


class PhraseMatcher:
    """Leftmost-longest matching of many phrases; ``case_sensitive=False`` folds case."""

    def __init__(self, phrases: dict[str, Any] | Iterable[tuple[str, Any]], *, case_sensitive: bool = True):
        self.case_sensitive = case_sensitive
        self._index: dict[str, list[tuple[tuple[str, ...], str, Any]]] = {}
        items = phrases.items() if isinstance(phrases, dict) else phrases
        for phrase, value in items:
            tokens = tuple(self._fold(t) for t, _, _ in tokenize(phrase))
            if not tokens or tokens[0] == GAP:
                continue
            self._index.setdefault(tokens[0], []).append((tokens, phrase, value))
        for candidates in self._index.values():
            # fixed words first, then longer; a gap is a fallback
            candidates.sort(key=lambda c: (-sum(t != GAP for t in c[0]), GAP in c[0], -len(c[0])))

    def _fold(self, token: str) -> str:
        return token if self.case_sensitive else token.lower()

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def find(self, text: str, start: int = 0, end: int | None = None,
             tokens: list[tuple[str, int, int]] | None = None) -> list[Match]:
        """Non-overlapping matches in ``text[start:end]``, left to right."""
        toks = tokens if tokens is not None else tokenize(text, start, end)
        words = [t for t, _, _ in toks] if self.case_sensitive else [t.lower() for t, _, _ in toks]
        out: list[Match] = []
        i = 0
        while i < len(words):
            best = None
            for pattern, phrase, value in self._index.get(words[i], ()):
                j = _match_at(pattern, words, i)
                if j is not None:
                    best = (j, phrase, value)
                    break                     # candidates are in preference order
            if best is None:
                i += 1
                continue
            j, phrase, value = best
            s, e = toks[i][1], toks[j - 1][2]
            out.append(Match(s, e, text[s:e], value, phrase, i, j - 1))
            i = j
        return out


def _match_at(pattern: tuple[str, ...], words: list[str], i: int) -> int | None:
    """The token index after a match of ``pattern`` at ``i``, or None."""
    k = i
    for n, tok in enumerate(pattern):
        if tok == GAP:
            nxt = pattern[n + 1] if n + 1 < len(pattern) else None
            for gap in range(1, MAX_GAP + 1):
                if k + gap > len(words) or not words[k + gap - 1][:1].isalnum():
                    return None                 # a gap holds words, never punctuation
                if nxt is None or (k + gap < len(words) and words[k + gap] == nxt):
                    k += gap
                    break
            else:
                return None
            continue
        if k >= len(words) or words[k] != tok:
            return None
        k += 1
    return k
