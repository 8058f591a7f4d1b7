"""Tone: what TextBlob and VADER say, and the diplomatic register of ``data/diplomatic_register.csv``.

Sentence columns: ``polarity`` and ``subjectivity`` (TextBlob's ``PatternAnalyzer``, as
``TextBlob(text).sentiment`` gives them), ``vader`` (VADER's compound score; both computed by exact
re-implementations on the packages' own lexicons, :mod:`.textblob_fast` and :mod:`.vader_fast`, tested
against the packages), ``warmth`` and
``firmness`` (the sum of the weights of the register's terms and constructions, an intensifier
multiplying the term after it, a negation cancelling it; the reporting verbs of tier 3 and up count
as firmness by their tier, an appeal for cooperation not at all), and ``tone_label`` (``cordial``,
``neutral`` or ``firm`` by :func:`tone_label`). Spans (``layer`` = ``tone``) show the words behind every
score: ``textblob`` assessments labelled ``textblob <polarity>``, VADER's scored words
``vader <valence>``, register terms ``warmth``, ``firmness``, ``negated warmth`` or ``negated
firmness``, and ``appeal to cooperate`` (an appeal verb that added no firmness).
Document columns: TextBlob on the whole body text; the mean of the sentences for the others;
``share_cordial``, ``share_neutral``, ``share_firm``: the share of body sentences with each label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from ..lexicons import file_key, read_data_file
from ..matcher import PhraseMatcher, phrase_variants
from .base import Layer
from .textblob_fast import fast_pattern
from .vader_fast import fast_vader

REGISTER_FILE = "diplomatic_register.csv"
VERBS_FILE = "reporting_verbs.csv"
NEGATION_REACH = 2           # a negation cancels a term at most this many words after it
# the reporting verb's strength as a signal of firmness, by its tier in reporting_verbs.csv: an appeal
# ("urged", "called on") leans firm, disapproval, a demand, a warning and a protest are firm (CAMEO's
# negative Goldstein values [S44c]); statements, emphasis and cooperative verbs (tiers 0-2) carry none
TIER_FIRMNESS = {3: 1.0, 4: 1.5, 5: 2.0, 6: 2.0, 7: 3.0}
# an appeal (tier 3) for cooperation is an offer, not pressure: "called for closer cooperation",
# "urged the two sides to deepen exchanges" (the register's ``cooperative`` words after the verb)
APPEAL_TIER = 3
# a label: firm when the firm words weigh at least this and at least the warm ones; cordial when the
# warm words weigh at least this and more than the firm ones; else neutral (chosen on the development corpus)
FIRM_AT, CORDIAL_AT = 1.0, 1.0
LABELS = ("cordial", "neutral", "firm")


@dataclass(frozen=True)
class Entry:
    term: str
    dimension: str           # warmth | firmness | negation | intensifier | name
    weight: float


def register_matcher(path: str = REGISTER_FILE) -> PhraseMatcher:
    """The register's terms (with plural and hyphen variants), case-insensitive.

    >>> [(m.text, m.value.dimension) for m in register_matcher().find("We welcomed it, not protested")]
    [('welcomed', 'warmth'), ('not', 'negation'), ('protested', 'firmness')]
    """
    return _register_matcher(*file_key(path), file_key(VERBS_FILE))


@lru_cache(maxsize=4)
def _register_matcher(path, mtime, verbs_key) -> PhraseMatcher:
    data = read_data_file(path, required=("term", "dimension", "weight", "source"))
    phrases = {}
    for row in data.rows:
        entry = Entry(row["term"], row["dimension"], float(row["weight"] or 0))
        forms = {row["term"]} if entry.dimension in ("negation", "intensifier") else phrase_variants(row["term"])
        for form in forms:
            phrases.setdefault(form, entry)
    for form, entry in _verb_entries():             # the register's own rows win
        phrases.setdefault(form, entry)
    return PhraseMatcher(phrases, case_sensitive=False)


def _verb_entries() -> list[tuple[str, Entry]]:
    """The forms of the reporting verbs of tier 3 and up, as firmness by their tier (not the news-only
    cues); tier 3's are appeals, firm unless what they ask for is cooperation."""
    data = read_data_file(VERBS_FILE, required=("verb", "tier", "forms"))
    out = []
    for row in data.rows:
        tier = int(row["tier"])
        weight = TIER_FIRMNESS.get(tier)
        if weight and not row.get("scope"):
            dimension = "appeal" if tier == APPEAL_TIER else "firmness"
            out += [(form.strip(), Entry(row["verb"], dimension, weight)) for form in row["forms"].split(";") if form.strip()]
    return out


def register_scores(text: str, tokens=None, start: int = 0, end: int | None = None):
    """``(warmth, firmness, [(start, end, label)])`` of a text by the diplomatic register.

    >>> w, f, _ = register_scores("non-interference in each other's internal affairs")
    >>> (w, f)
    (0.0, 0.0)
    >>> register_scores("Xi firmly urged restraint")[:2]
    (0.0, 1.5)
    >>> register_scores("Xi urged the two sides to deepen cooperation")[:2]
    (0.0, 0.0)
    """
    from ..matcher import tokenize

    toks = tokens if tokens is not None else tokenize(text, start, end)
    matches = register_matcher().find(text, start, end, tokens=toks)

    def tokens_after(m) -> str:
        return toks[m.last_token + 1][0].lower() if m.last_token + 1 < len(toks) else ""

    scores = {"warmth": 0.0, "firmness": 0.0}
    marks = []
    negated_until = intensified_until = -1
    factor = 1.0
    cooperative = [m.first_token for m in matches if m.value.dimension == "cooperative"]
    for m in matches:
        entry = m.value
        if entry.dimension in ("name", "cooperative"):
            continue                                  # "Asia-Pacific Economic Cooperation"
        if entry.dimension == "appeal":
            if any(t > m.last_token for t in cooperative):
                marks.append((m.start, m.end, "appeal to cooperate"))
                continue
            entry = Entry(entry.term, "firmness", entry.weight)
        if entry.dimension == "negation":
            after = tokens_after(m)
            if after == "only":                       # "not only X but also Y" affirms X
                continue
            negated_until = m.last_token + NEGATION_REACH
            continue
        if entry.dimension == "intensifier":
            intensified_until, factor = m.last_token + NEGATION_REACH, entry.weight
            continue
        weight = entry.weight * (factor if m.first_token <= intensified_until else 1.0)
        if m.first_token <= negated_until:
            marks.append((m.start, m.end, f"negated {entry.dimension}"))
            continue
        scores[entry.dimension] += weight
        marks.append((m.start, m.end, entry.dimension))
    return round(scores["warmth"], 3), round(scores["firmness"], 3), marks


def tone_label(warmth: float, firmness: float) -> str:
    """The sentence's label from its register scores: ``firm`` when the firm words weigh at least
    ``FIRM_AT`` and at least the warm ones (an admonition wrapped in praise is firm), ``cordial`` when
    the warm words weigh at least ``CORDIAL_AT`` and more than the firm ones, else ``neutral``.

    >>> tone_label(*register_scores("Xi urged Japan to honour its commitments")[:2])
    'firm'
    >>> tone_label(*register_scores("Wang Yi welcomed the minister's visit")[:2])
    'cordial'
    >>> tone_label(*register_scores("The two sides agreed to expand cooperation in trade")[:2])
    'neutral'
    """
    if firmness >= FIRM_AT and firmness >= warmth:
        return "firm"
    if warmth >= CORDIAL_AT and warmth > firmness:
        return "cordial"
    return "neutral"


@lru_cache(maxsize=1)
def _analyzers():
    # the function PatternAnalyzer.analyze calls: one call gives polarity, subjectivity and the
    # words behind them (analyze(keep_assessments=True) computes everything twice)
    from textblob.en.sentiments import pattern_sentiment
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return pattern_sentiment, SentimentIntensityAnalyzer()


_WORDS = re.compile(r"[\w'’-]+")


def _locate(text: str, start: int, end: int, words: list[str], cursor: int, ascii_lower: str | None = None):
    """Where TextBlob's assessed words stand in the sentence (it reports words, not places).
    ``ascii_lower``: the sentence lower-cased when it is ASCII, where one word is found without a regex."""
    if ascii_lower is not None and len(words) == 1 and words[0].isascii():
        return _locate_ascii_word(text, start, ascii_lower, words[0].lower(), cursor)
    m = _assessed_words(tuple(words)).search(text, cursor, end)
    return (m.start(), m.end()) if m else None


def _locate_ascii_word(text: str, start: int, lowered: str, word: str, cursor: int):
    # what _assessed_words((word,)).search(text, cursor, end) finds, when the sentence is ASCII: case folds
    # as lower() does, and the word stands between non-word characters (before the sentence, the text's)
    at = lowered.find(word, cursor - start)
    while at >= 0:
        after = at + len(word)
        before = text[start + at - 1] if start + at > 0 else ""
        if not _is_word_char(before) and (after == len(lowered) or not _is_word_char(lowered[after])):
            return start + at, start + after
        at = lowered.find(word, at + 1)
    return None


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"            # the characters \w matches


@lru_cache(maxsize=8192)
def _assessed_words(words: tuple[str, ...]) -> re.Pattern:
    # TextBlob assesses "not ... good" in "not a good idea": allow a few words between
    pattern = r"(?<!\w)" + r"\W+(?:\w+\W+){0,3}?".join(re.escape(w) for w in words) + r"(?!\w)"
    return re.compile(pattern, re.I)


def _label(tool: str, score: float, digits: int) -> str:
    """A scored word's span label, "textblob +0.70" or "vader -1.2" (formatted once per value)."""
    if not score:
        return f"{tool} {score:+.{digits}f}"   # 0.0 and -0.0 are one key to a cache, but print apart
    return _nonzero_label(tool, score, digits)


@lru_cache(maxsize=4096)
def _nonzero_label(tool: str, score: float, digits: int) -> str:
    return f"{tool} {score:+.{digits}f}"


def tone_layer(state) -> None:
    vader = fast_vader()
    pattern = fast_pattern()
    text = state.doc.text
    cols = {name: state.column(name, 0.0) for name in ("polarity", "subjectivity", "vader", "warmth", "firmness")}
    labels = state.column("tone_label", "neutral")
    lexicon = vader.lexicon
    scored = []
    for i, s in enumerate(state.sentences):
        sentence = text[s.start:s.end]
        result = pattern.scored(sentence)
        scored.append(result)
        cols["polarity"][i], cols["subjectivity"][i] = result.score()
        cursor = s.start
        ascii_lower = sentence.lower() if sentence.isascii() else None
        for words, polarity, _, _ in result.final():
            place = _locate(text, s.start, s.end, [w for w in words if w.strip()], cursor, ascii_lower)
            if place:
                state.add_span(i, "tone", _label("textblob", polarity, 2), *place)
                cursor = place[1]
        cols["vader"][i] = vader.compound(sentence)
        lowered = sentence.lower()
        if len(lowered) != len(sentence):             # a letter whose lower case is longer ("İ")
            lowered = sentence
        found = _WORDS.findall(lowered)
        if lowered is sentence:
            found = [w.lower() for w in found]
        valences = list(map(lexicon.get, found))
        if any(valences):
            # only the words VADER scores are visited in Python; the others pass at C speed
            for m, valence in compress(zip(_WORDS.finditer(lowered), valences), valences):
                state.add_span(i, "tone", _label("vader", valence, 1), s.start + m.start(), s.start + m.end())
        warmth, firmness, marks = register_scores(text, tokens=state.tokens[i])
        cols["warmth"][i], cols["firmness"][i] = warmth, firmness
        labels[i] = tone_label(warmth, firmness)
        for a, b, label in marks:
            state.add_span(i, "tone", label, a, b)
    body = [k for k, s in enumerate(state.sentences) if s.section == "body"] or list(range(len(state.sentences)))
    if body:
        # TextBlob on the joined body, from the sentences' own readings (no second pass)
        polarity, subjectivity = pattern.document([text[state.sentences[k].start:state.sentences[k].end] for k in body],
                                                  [scored[k] for k in body])
        state.document.update(polarity=polarity, subjectivity=subjectivity)
        for name in ("vader", "warmth", "firmness"):
            state.document[name] = round(sum(cols[name][k] for k in body) / len(body), 4)
        for label in LABELS:
            state.document[f"share_{label}"] = round(sum(labels[k] == label for k in body) / len(body), 4)


TONE_COLUMNS = ("polarity", "subjectivity", "vader", "warmth", "firmness")
LAYER = Layer("tone", tone_layer, group="tone", data_files=(REGISTER_FILE, VERBS_FILE),
              columns={**dict.fromkeys(TONE_COLUMNS, "float64"), "tone_label": "str"},
              document_columns=TONE_COLUMNS + tuple(f"share_{label}" for label in LABELS), spans=("tone",),
              packages=("textblob", "vaderSentiment"))
