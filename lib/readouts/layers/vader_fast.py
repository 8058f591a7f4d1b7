"""VADER's compound score, exactly, without VADER's repeated work.

``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]`` (vaderSentiment 3.3.2) translates
emojis character by character, splits the text on whitespace, strips punctuation off each token,
then for every lexicon word rebuilds the lower-cased list of all tokens several times (negation,
idiom and "but" checks) and scans word lists. :class:`FastVader` applies the same rules, in the same
order, with the same floating-point operations, on the package's own data (its lexicon and emoji
lexicon, read through the package, and its module constants ``BOOSTER_DICT``, ``NEGATE``,
``SPECIAL_CASES``, ``N_SCALAR``, ``C_INCR`` and ``normalize``), so an upgrade of the package's data
is picked up. What makes it fast:

* every whitespace-separated chunk is stripped, lower-cased and looked up (lexicon valence, booster
  value, negation, ALL CAPS) once, and remembered;
* a text with no lexicon word scores 0.0 at once (VADER sums only lexicon words' valences, and
  punctuation emphasis is added only to a non-zero sum);
* the rules look only at the few tokens around a lexicon word;
* a text is scanned for emojis in C (``frozenset.isdisjoint``) before any translation.

``fallbacks`` counts the texts handed to the package itself: only input that is not a ``str``.

>>> fast = FastVader()
>>> fast.compound("The book was good.")
0.4404
>>> fast.compound("The plot was good, but the characters are not great!")
-0.5835
>>> fast.scored_words("The plot was good, but the characters are not great!")
[('good', 0.95), ('great', -3.441)]
"""
from __future__ import annotations

import heapq
import re
import string
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter
from typing import NamedTuple

from vaderSentiment.vaderSentiment import (BOOSTER_DICT, C_INCR, N_SCALAR, NEGATE, SPECIAL_CASES,
                                           SentimentIntensityAnalyzer, normalize)

# (SENTIMENT_LADEN_IDIOMS is VADER's "future work": its check is never called, so it has no rule here.)

MAX_CACHED_CHUNKS = 500_000        # the chunk cache starts afresh beyond this many distinct chunks
_NEGATE = frozenset(NEGATE)
# the multi-word special cases and boosters ("kiss of death", "kind of"), and the words that start and
# end a pair of adjacent words in them: an n-gram can match only where such a pair stands
_IDIOMS = [key.split(" ") for key in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in key]
_IDIOM_FIRST = frozenset(w for words in _IDIOMS for w in words[:-1])
_IDIOM_SECOND = frozenset(w for words in _IDIOMS for w in words[1:])
# the words VADER's rules test a lexicon word's neighbours for (besides boosters, negations, idiom words)
_CONTEXT_WORDS = frozenset({"no", "least", "never", "so", "this", "without"})


class Token(NamedTuple):
    """One whitespace-separated chunk as VADER reads it."""
    word: str                  # punctuation stripped off (kept whole if that leaves 2 characters or fewer)
    low: str                   # word.lower(): every rule compares this
    valence: float | None      # its lexicon valence, None if not a lexicon word
    booster: float | None      # its BOOSTER_DICT value, None if not a booster
    upper: bool                # word.isupper(): ALL CAPS
    negation: bool             # VADER's negated([word]): in NEGATE or contains "n't"
    inert: bool                # no rule but idioms looks at it as a neighbour of a lexicon word: not a
                               # booster, a negation, "no", "least", "never", "so", "this", "without"
    in_lexicon: bool           # valence is not None


# fast field getters (C-level, for map)
_LOW, _UPPER, _INERT, _IN_LEXICON = (itemgetter(Token._fields.index(f))
                                     for f in ("low", "upper", "inert", "in_lexicon"))


class _Chunks(dict):
    """Chunk -> Token, computed on first sight."""

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, chunk):
        if len(self) >= MAX_CACHED_CHUNKS:
            self.clear()
        token = self[chunk] = self.compute(chunk)
        return token


class FastVader:
    """VADER's compound score re-implemented on the installed package's data; see the module docstring."""

    def __init__(self, analyzer: SentimentIntensityAnalyzer | None = None):
        self.analyzer = analyzer or SentimentIntensityAnalyzer()
        self.lexicon: dict[str, float] = self.analyzer.lexicon
        self.emojis: dict[str, str] = self.analyzer.emojis
        # VADER looks emojis up one character at a time: only one-character keys can ever match
        self._emoji_chars = frozenset(e for e in self.emojis if len(e) == 1)
        self._ascii_safe = not any(e.isascii() for e in self._emoji_chars)   # so ASCII text has none
        self._emoji_re = re.compile("|".join(map(re.escape, sorted(self._emoji_chars))) or "(?!)")
        self._chunks = _Chunks(self._token)
        self.fallbacks = 0             # texts scored by the package itself

    # -- tokens ------------------------------------------------------------------------------------
    def _token(self, chunk: str) -> Token:
        """SentiText._strip_punc_if_word, then everything the rules ask of the word."""
        word = chunk.strip(string.punctuation)
        if len(word) <= 2:
            word = chunk               # "likely an emoticon": ":)" stays ":)"
        low = word.lower()
        neg = low.lower()              # negated() lower-cases the lower-cased word again
        booster, negation = BOOSTER_DICT.get(low), neg in _NEGATE or "n't" in neg
        inert = booster is None and not negation and low not in _CONTEXT_WORDS
        valence = self.lexicon.get(low)
        return Token(word, low, valence, booster, word.isupper(), negation, inert, valence is not None)

    def _translate_emojis(self, text: str) -> str:
        """polarity_scores' emoji loop: each emoji character becomes its description, with a space
        before it unless it starts the text or follows a space; then the text is stripped."""
        if (self._ascii_safe and text.isascii()) or self._emoji_chars.isdisjoint(text):
            return text                # (stripping changes neither the tokens nor the ! and ? counts)

        def describe(m):
            at = m.start()
            return (" " if at > 0 and text[at - 1] != " " else "") + self.emojis[m.group()]

        return self._emoji_re.sub(describe, text).strip()

    def tokens(self, text: str) -> list[Token]:
        """VADER's ``words_and_emoticons`` of ``text`` (after its emoji translation), as tokens."""
        return list(map(self._chunks.__getitem__, self._translate_emojis(text).split()))

    # -- scores --------------------------------------------------------------------------------
    def compound(self, text: str) -> float:
        """``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``, bit for bit.

        >>> FastVader().compound("Not bad at all!!!")
        0.5756
        """
        if type(text) is not str:
            return self._fallback(text)
        text = self._translate_emojis(text)
        toks = list(map(self._chunks.__getitem__, text.split()))
        hits = list(compress(count(), map(_IN_LEXICON, toks)))          # the lexicon words' places
        if not hits:
            return 0.0                 # every sentiment is 0: VADER's sum is 0.0, normalize(0.0) == 0.0
        return self._score([v for _, v in self._sentiments(toks, hits)], text)

    def scored_words(self, text: str) -> list[tuple[str, float]]:
        """The words that make up the compound score (VADER's tokens, punctuation stripped), each with
        its final valence (after negations, boosters, capitals, idioms and "but"); words worth 0 left out."""
        if type(text) is not str:
            text = str(text)
        toks = self.tokens(text)
        hits = list(compress(count(), map(_IN_LEXICON, toks)))
        return [(toks[i].word, v) for i, v in self._sentiments(toks, hits)]

    def _fallback(self, text) -> float:
        self.fallbacks += 1
        return self.analyzer.polarity_scores(text)["compound"]

    def _sentiments(self, toks: list[Token], hits: list[int]) -> list[tuple[int, float]]:
        """polarity_scores' loop and its "but" check: (token index, sentiment) for every token whose
        sentiment is not zero, in order (a zero adds nothing to VADER's sum, whatever happens to it).
        Only lexicon words (``hits``) can score; the others are 0 in VADER's list."""
        n = len(toks)
        lows = list(map(_LOW, toks))
        inert = list(map(_INERT, toks))
        cap_diff = None                # allcap_differential, computed when a rule asks for it
        scored = []
        for i in hits:
            if _is_modifier(toks, lows, i):
                continue
            tok = toks[i]
            if False not in inert[i - 3 if i > 3 else 0:i + 1]:
                # a plain context (see Token.inert): only capitals and idioms can apply. VADER adds
                # 0.0 three times at most (no booster), which changes nothing, and multiplies nothing
                # (no negation, "no", "never", "least", "so", "this")
                valence = tok.valence
                if tok.upper:
                    if cap_diff is None:
                        cap_diff = _allcap_differential(toks)
                    if cap_diff:
                        valence = _caps_emphasis(valence)
                if i > 2 and not toks[i - 3].in_lexicon:
                    valence = _special_idioms_check(valence, lows, i, n)
            else:
                if cap_diff is None:
                    cap_diff = _allcap_differential(toks)
                valence = self._valence(toks, lows, i, n, cap_diff)
            if valence != 0:
                scored.append((i, valence))
        return _but_check(lows, scored)

    def _valence(self, toks, lows, i, n, cap_diff) -> float:
        """sentiment_valence for the lexicon word at ``i``: its valence through VADER's rules, in VADER's order."""
        tok = toks[i]
        valence = _no_check(toks, lows, i, n)
        if tok.upper and cap_diff:
            valence = _caps_emphasis(valence)
        for start_i in range(3):
            j = i - (start_i + 1)
            if j >= 0 and toks[j].valence is None:        # a preceding word that is no lexicon word
                s = _booster_scalar(toks[j], valence, cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation_check(valence, toks, lows, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(valence, lows, i, n)
        return _least_check(valence, toks, lows, i)

    def _score(self, sentiments: list[float], text: str) -> float:
        """score_valence's compound: the sum, pushed away from 0 by "!" and "?", normalized, rounded."""
        sum_s = float(sum(sentiments))
        if "!" not in text and "?" not in text:
            return round(normalize(sum_s), 4)      # VADER would add 0.0, which changes no non-zero sum
        punct_emph_amplifier = self.analyzer._punctuation_emphasis(text)   # VADER's own: two str.count
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        return round(normalize(sum_s), 4)


# -- VADER's rules, one function each ------------------------------------------------------------
def _allcap_differential(toks: list[Token]) -> bool:
    """allcap_differential: some but not all tokens are ALL CAPS (else capitals emphasize nothing)."""
    upper = sum(map(_UPPER, toks))
    return 0 < len(toks) - upper < len(toks)


def _is_modifier(toks: list[Token], lows: list[str], i: int) -> bool:
    """polarity_scores: a booster ("very") or the "kind" of "kind of" scores 0 itself."""
    return toks[i].booster is not None or (lows[i] == "kind" and i < len(lows) - 1 and lows[i + 1] == "of")


def _no_check(toks, lows, i, n) -> float:
    """sentiment_valence's "no" rule: "no" before a lexicon word is worth 0 itself (it negates that word
    instead); a lexicon word 1 or 2 words after "no", or 3 after it with "or"/"nor" just before, is negated."""
    valence = toks[i].valence
    if lows[i] == "no" and i != n - 1 and toks[i + 1].valence is not None:
        valence = 0.0
    if (i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no") \
            or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor")):
        valence = toks[i].valence * N_SCALAR
    return valence


def _caps_emphasis(valence: float) -> float:
    """sentiment_valence: an ALL CAPS lexicon word among others that are not gains C_INCR in its direction
    (a valence of exactly 0 counts as negative)."""
    if valence > 0:
        return valence + C_INCR
    return valence - C_INCR


def _booster_scalar(tok: Token, valence: float, cap_diff: bool) -> float:
    """scalar_inc_dec: a booster/dampener before a word adds its value in the word's direction, plus
    C_INCR if the booster is ALL CAPS among words that are not."""
    scalar = 0.0
    if tok.booster is not None:
        scalar = tok.booster
        if valence < 0:
            scalar *= -1
        if tok.upper and cap_diff:
            if valence > 0:
                scalar += C_INCR
            else:
                scalar -= C_INCR
    return scalar


def _negation_check(valence, toks, lows, start_i, i) -> float:
    """_negation_check: a negation 1, 2 or 3 words before flips and dampens (N_SCALAR); "never so/this"
    boosts by 1.25 instead, "without doubt" leaves the valence alone. VADER's operator precedence makes
    a "so" or "this" just before the word boost it 3 words on, whatever stands there."""
    if start_i == 0:
        if toks[i - 1].negation:
            valence = valence * N_SCALAR
    elif start_i == 1:
        if lows[i - 2] == "never" and (lows[i - 1] == "so" or lows[i - 1] == "this"):
            valence = valence * 1.25
        elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
            valence = valence
        elif toks[i - 2].negation:
            valence = valence * N_SCALAR
    elif start_i == 2:
        if lows[i - 3] == "never" and (lows[i - 2] == "so" or lows[i - 2] == "this") or \
                (lows[i - 1] == "so" or lows[i - 1] == "this"):
            valence = valence * 1.25
        elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
            valence = valence
        elif toks[i - 3].negation:
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence, lows, i, n) -> float:
    """_special_idioms_check (only for a word with 3 words before it): a special case ("the bomb",
    "kiss of death") around the word replaces its valence; a "kind of"/"sort of"/"just enough" before
    it adds its booster value (unsigned)."""
    if not _idiom_possible(lows, i, n):
        return valence
    w3, w2, w1, w0 = lows[i - 3], lows[i - 2], lows[i - 1], lows[i]
    threetwoone, threetwo, twoone = f"{w3} {w2} {w1}", f"{w3} {w2}", f"{w2} {w1}"
    for seq in (f"{w1} {w0}", f"{w2} {w1} {w0}", twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if n - 1 > i:
        zeroone = f"{w0} {lows[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if n - 1 > i + 1:
        zeroonetwo = f"{w0} {lows[i + 1]} {lows[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _idiom_possible(lows, i, n) -> bool:
    """Whether any n-gram _special_idioms_check builds could be an idiom: each holds one of the adjacent
    pairs (i-3, i-2), (i-2, i-1), (i-1, i), (i, i+1), and an idiom's pair is an _IDIOM_FIRST word then an
    _IDIOM_SECOND word."""
    second, first = _IDIOM_SECOND, _IDIOM_FIRST
    return ((lows[i] in second and lows[i - 1] in first)
            or (lows[i - 1] in second and lows[i - 2] in first)
            or (lows[i - 2] in second and lows[i - 3] in first)
            or (i + 1 < n and lows[i + 1] in second and lows[i] in first))


def _least_check(valence, toks, lows, i) -> float:
    """_least_check: "least" just before a word negates it, unless "at least" or "very least"."""
    if i > 1 and toks[i - 1].valence is None and lows[i - 1] == "least":
        if lows[i - 2] != "at" and lows[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and toks[i - 1].valence is None and lows[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


def _but_check(lows: list[str], scored: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """_but_check: after the first "but", sentiments count 1.5 times, before it half.

    VADER finds each sentiment's place with ``list.index(value)``, the first token *now* holding an equal
    value: a word whose valence equals an earlier word's value as already weighted has that earlier word
    weighted again and is itself left as it was ("Our commitment, but fine": commitment 1.6 halved to
    0.8, then fine's 0.8 finds it and halves it to 0.4; fine stays 0.8). This reproduces that. Zeros
    cannot equal a non-zero value, so leaving them out changes nothing.
    """
    if "but" not in lows or not scored:
        return scored
    bi = lows.index("but")
    places = [i for i, _ in scored]
    values = [v for _, v in scored]
    # value -> the places holding it, smallest first (a heap, entries checked when taken): values.index(v)
    # by lookup, not by a scan of the sentence (a long text without full stops has thousands of sentiments)
    holders: dict[float, list[int]] = {}
    for k, v in enumerate(values):
        holders.setdefault(v, []).append(k)      # in order: already a heap
    for _, sentiment in scored:                  # each token's value before any change, as in VADER
        heap = holders.get(sentiment, [])
        while heap and values[heap[0]] != sentiment:
            heapq.heappop(heap)                  # a place whose value has changed since
        if not heap:
            raise ValueError(f"{sentiment!r} is not in list")      # what values.index would raise
        si = heap[0]
        if places[si] < bi:
            values[si] = sentiment * 0.5
        elif places[si] > bi:
            values[si] = sentiment * 1.5
        else:
            continue
        heapq.heappush(holders.setdefault(values[si], []), si)
    return list(zip(places, values))


@lru_cache(maxsize=1)
def fast_vader() -> FastVader:
    """The shared :class:`FastVader` (its chunk memory grows with the vocabulary read)."""
    return FastVader()


def compound(text: str) -> float:
    """VADER's compound score of ``text`` (a shared :class:`FastVader`).

    >>> compound("VADER is VERY SMART, handsome, and FUNNY!!!")
    0.9342
    >>> compound("The delegation met on Tuesday.")
    0.0
    """
    return fast_vader().compound(text)
