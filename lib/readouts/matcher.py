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

# a Chinese, Japanese or Korean ideograph is a token of its own: the script has no spaces, so a phrase
# ("中日关系") matches wherever its characters stand together
TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W\u3400-\u9fff\uf900-\ufaff]+|[^\w\s]")
_APOSTROPHES = frozenset("’‘`")
_APOSTROPHE_MAP = str.maketrans(dict.fromkeys("’‘`", "'"))
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
    """``(token, start, end)`` for words, single ideographs and single punctuation marks.

    >>> [t for t, _, _ in tokenize("Xi said: 中日关系")]
    ['Xi', 'said', ':', '中', '日', '关', '系']
    """
    return Tokens([(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, start, len(text) if end is None else end)])


class Tokens(list):
    """A sentence's tokens, keeping their folded forms once a matcher has made them (every layer's
    matchers read the same tokens), and in ``memo`` what a layer derives from them once per sentence."""
    __slots__ = ("folded", "memo")


def _folded(toks) -> tuple[list[str], list[str], set[str], set[str]]:
    """The tokens as written and lower-cased (apostrophes made one), and the set of each."""
    folded = getattr(toks, "folded", None)
    if folded is None:
        # tokens hold no NUL and no space: fold them all in one string operation, not one by one
        joined = "\0".join([t for t, _, _ in toks]).translate(_APOSTROPHE_MAP)
        exact, lower = joined.split("\0"), joined.lower().split("\0")
        folded = (exact, lower, set(exact), set(lower))
        if isinstance(toks, Tokens):
            toks.folded = folded
    return folded


class PhraseMatcher:
    """Leftmost-longest matching of many phrases.

    ``case_sensitive=False`` folds case; with ``exact_acronyms=True`` as well, a word written
    in capitals ("AI", "UN") still matches only in capitals, so "Ai Weiwei" is not "AI".
    Typographic and straight apostrophes are the same character.
    """

    def __init__(self, phrases: dict[str, Any] | Iterable[tuple[str, Any]], *, case_sensitive: bool = True,
                 exact_acronyms: bool = False):
        self.case_sensitive = case_sensitive
        self.exact_acronyms = exact_acronyms
        self._index: dict[str, list[tuple[tuple[str, ...], str, Any, frozenset]]] = {}
        items = phrases.items() if isinstance(phrases, dict) else phrases
        for phrase, value in items:
            tokens = tuple(self._fold(t) for t, _, _ in tokenize(phrase))
            if not tokens or tokens[0] == GAP:
                continue
            needed = frozenset(t for t in tokens if t != GAP)
            self._index.setdefault(tokens[0], []).append((tokens, phrase, value, needed))
        for candidates in self._index.values():
            candidates.sort(key=_preference)
        self._starts = frozenset(self._index)     # a set, so that intersections run over the sentence

    def _fold(self, token: str) -> str:
        if token in _APOSTROPHES:
            return "'"
        if self.case_sensitive or (self.exact_acronyms and len(token) > 1 and token.isupper()):
            return token
        return token.lower()

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def find(self, text: str, start: int = 0, end: int | None = None,
             tokens: list[tuple[str, int, int]] | None = None) -> list[Match]:
        """Non-overlapping matches in ``text[start:end]``, left to right."""
        toks = tokens if tokens is not None else tokenize(text, start, end)
        if not toks:
            return []
        exact, lower, exact_set, lower_set = _folded(toks)
        words, present = (exact, exact_set) if self.case_sensitive else (lower, lower_set)
        index = self._index
        acronyms = self.exact_acronyms
        if acronyms:
            present = present | exact_set
        hits = self._starts.intersection(present)
        if not hits:
            return []                         # no phrase starts with any of these tokens
        out: list[Match] = []
        i = 0
        for at in _places(hits, words, exact if acronyms and words is not exact else None):
            if at < i:
                continue
            word = words[at]
            candidates = index.get(word, ())
            if acronyms and exact[at] != word and exact[at] in index:
                candidates = sorted([*candidates, *index[exact[at]]], key=_preference)
            for pattern, phrase, value, needed in candidates:
                if not needed <= present:     # a word of the phrase is not in the sentence
                    continue
                j = _match_at(pattern, words, at, exact if acronyms else None)
                if j is not None:
                    s, e = toks[at][1], toks[j - 1][2]
                    out.append(Match(s, e, text[s:e], value, phrase, at, j - 1))
                    i = j
                    break                     # candidates are in preference order
        return out


def _places(hits, words: list[str], exact: list[str] | None) -> list[int]:
    """Where a phrase could start: the places of the words in ``hits`` (with ``exact``, of the words
    as written too), in order, found in one comprehension."""
    if exact is None:
        return [at for at, word in enumerate(words) if word in hits]
    return [at for at, (word, written) in enumerate(zip(words, exact)) if word in hits or written in hits]


def _preference(candidate) -> tuple:
    """Fixed words first, then longer; a gap is a fallback."""
    tokens = candidate[0]
    return (-sum(t != GAP for t in tokens), GAP in tokens, -len(tokens))


def _match_at(pattern: tuple[str, ...], words: list[str], i: int, exact: list[str] | None = None) -> int | None:
    """The token index after a match of ``pattern`` at ``i``, or None. With ``exact``, a
    pattern word in capitals must match the text's word as written."""
    k = i
    for n, tok in enumerate(pattern):
        if tok == GAP:
            nxt = pattern[n + 1] if n + 1 < len(pattern) else None
            gap, held = 0, 0                    # tokens and words in the gap: "in-depth" is one word
            while held < MAX_GAP:
                if k + gap >= len(words) or not words[k + gap][:1].isalnum():
                    return None                 # a gap holds words, never punctuation
                gap, held = gap + 1, held + 1
                while k + gap + 1 < len(words) and words[k + gap] in "-'’" and words[k + gap + 1][:1].isalnum():
                    gap += 2                    # a hyphen or an apostrophe inside the word
                if nxt is None or (k + gap < len(words) and words[k + gap] == nxt):
                    k += gap
                    break
            else:
                return None
            continue
        if k >= len(words):
            return None
        if exact is not None and len(tok) > 1 and tok.isupper():
            if exact[k] != tok:
                return None
        elif words[k] != tok:
            return None
        k += 1
    return k


def phrase_variants(term: str, *, any_case: bool = False) -> set[str]:
    """A term as written, with hyphens as spaces and spaces as hyphens, and its plural
    (of a lower-case last word; of any with ``any_case``, for titles: "Finance Ministers").

    >>> sorted(phrase_variants("third-party market"))
    ['third party market', 'third party markets', 'third-party market', 'third-party markets']
    """
    forms = {term, term.replace("-", " ")}
    if " " in term and "-" not in term and len(term.split()) == 2:
        forms.add(term.replace(" ", "-"))
    out = set()
    for f in forms:
        out.add(f)
        last = f.split()[-1] if f.split() else f
        if last.isalpha() and (any_case or last.islower()) and not last.endswith("s") and not last.isupper():
            plural = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else (
                last + "es" if last.endswith(("ch", "sh", "x", "z")) else last + "s")
            out.add(f[: len(f) - len(last)] + plural)
    return out
