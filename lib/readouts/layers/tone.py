"""Tone: what TextBlob and VADER say, and the diplomatic register of ``data/diplomatic_register.csv``.

Sentence columns: ``polarity`` and ``subjectivity`` (TextBlob's ``PatternAnalyzer``, as
``TextBlob(text).sentiment`` gives them), ``vader`` (VADER's compound score), ``warmth`` and
``firmness`` (the sum of the weights of the register's terms, an intensifier multiplying the term
after it, a negation cancelling it). Spans (``layer`` = ``tone``) show the words behind every
score: ``textblob`` assessments labelled ``textblob <polarity>``, VADER's scored words
``vader <valence>``, and register terms ``warmth``, ``firmness`` or ``negated firmness``.
Document columns: TextBlob on the whole body text; the mean of the sentences for the others.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import file_key, read_data_file
from ..matcher import PhraseMatcher, phrase_variants
from .base import Layer

REGISTER_FILE = "diplomatic_register.csv"
NEGATION_REACH = 2           # a negation cancels a term at most this many words after it


@dataclass(frozen=True)
class Entry:
    term: str
    dimension: str           # warmth | firmness | negation | intensifier | name
    weight: float


def register_matcher(path: str = REGISTER_FILE) -> PhraseMatcher:
    """The register's terms (with plural and hyphen variants), case-insensitive.

    >>> [(m.text, m.value.dimension) for m in register_matcher().find("partners, not threats")]
    [('partners', 'warmth'), ('not', 'negation'), ('threats', 'firmness')]
    """
    return _register_matcher(*file_key(path))


@lru_cache(maxsize=4)
def _register_matcher(path, mtime) -> PhraseMatcher:
    data = read_data_file(path, required=("term", "dimension", "weight", "source"))
    phrases = {}
    for row in data.rows:
        entry = Entry(row["term"], row["dimension"], float(row["weight"] or 0))
        forms = {row["term"]} if entry.dimension in ("negation", "intensifier") else phrase_variants(row["term"])
        for form in forms:
            phrases.setdefault(form, entry)
    return PhraseMatcher(phrases, case_sensitive=False)


def register_scores(text: str, tokens=None, start: int = 0, end: int | None = None):
    """``(warmth, firmness, [(start, end, label)])`` of a text by the diplomatic register.

    >>> w, f, _ = register_scores("non-interference in each other's internal affairs")
    >>> (w, f)
    (0.0, 0.0)
    >>> register_scores("Xi firmly urged restraint")[:2]
    (0.0, 1.5)
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
    for m in matches:
        entry = m.value
        if entry.dimension == "name":
            continue                                  # "Asia-Pacific Economic Cooperation"
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


@lru_cache(maxsize=1)
def _analyzers():
    # the function PatternAnalyzer.analyze calls: one call gives polarity, subjectivity and the
    # words behind them (analyze(keep_assessments=True) computes everything twice)
    from textblob.en.sentiments import pattern_sentiment
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return pattern_sentiment, SentimentIntensityAnalyzer()


_WORDS = re.compile(r"[\w'’-]+")


def _locate(text: str, start: int, end: int, words: list[str], cursor: int):
    """Where TextBlob's assessed words stand in the sentence (it reports words, not places)."""
    # TextBlob assesses "not ... good" in "not a good idea": allow a few words between
    pattern = r"(?<!\w)" + r"\W+(?:\w+\W+){0,3}?".join(re.escape(w) for w in words) + r"(?!\w)"
    m = re.compile(pattern, re.I).search(text, cursor, end)
    return (m.start(), m.end()) if m else None


def tone_layer(state) -> None:
    pattern, vader = _analyzers()
    text = state.doc.text
    cols = {name: state.column(name, 0.0) for name in ("polarity", "subjectivity", "vader", "warmth", "firmness")}
    lexicon = vader.lexicon
    for i, s in enumerate(state.sentences):
        sentence = text[s.start:s.end]
        result = pattern(sentence)
        cols["polarity"][i], cols["subjectivity"][i] = result
        cursor = s.start
        for words, polarity, _, _ in result.assessments:
            place = _locate(text, s.start, s.end, [w for w in words if w.strip()], cursor)
            if place:
                state.add_span(i, "tone", f"textblob {polarity:+.2f}", *place)
                cursor = place[1]
        cols["vader"][i] = vader.polarity_scores(sentence)["compound"]
        for m in _WORDS.finditer(text, s.start, s.end):
            valence = lexicon.get(m.group().lower())
            if valence:
                state.add_span(i, "tone", f"vader {valence:+.1f}", m.start(), m.end())
        warmth, firmness, marks = register_scores(text, tokens=state.tokens[i])
        cols["warmth"][i], cols["firmness"][i] = warmth, firmness
        for a, b, label in marks:
            state.add_span(i, "tone", label, a, b)
    body = [k for k, s in enumerate(state.sentences) if s.section == "body"] or list(range(len(state.sentences)))
    if body:
        polarity, subjectivity = pattern(" ".join(text[state.sentences[k].start:state.sentences[k].end] for k in body))
        state.document.update(polarity=polarity, subjectivity=subjectivity)
        for name in ("vader", "warmth", "firmness"):
            state.document[name] = round(sum(cols[name][k] for k in body) / len(body), 4)


TONE_COLUMNS = ("polarity", "subjectivity", "vader", "warmth", "firmness")
LAYER = Layer("tone", tone_layer, group="tone", data_files=(REGISTER_FILE,),
              columns=dict.fromkeys(TONE_COLUMNS, "float64"), document_columns=TONE_COLUMNS, spans=("tone",),
              packages=("textblob", "vaderSentiment"))
