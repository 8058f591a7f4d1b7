"""Readouts' TextBlob sentiment is TextBlob's own, to the last bit: on hand-picked traps, on random
word sequences, on documents joined from sentences, and on a large sample of real speeches."""
from __future__ import annotations

import re
import tarfile
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from textblob.en.sentiments import pattern_sentiment

from readouts.layers.textblob_fast import FastPattern

SHARED = Path(__file__).resolve().parents[2] / "shared"
UN_ARCHIVE = SHARED / "corpora" / "ungdc-1946-2019.tar.xz"

TRAPS = [
    "", "   ", ".", "!!!", "Good.", "good!", "good!!", "not good", "not a good idea", "never so good",
    "really not good", "very very good", "not very happy at all!", "I don't like it.", "It isn't bad.",
    "He said: “great”...", "'Excellent' and \"terrible\"", "Mr. Xi met U.S. officials, e.g. Dr. Smith etc.",
    "as follows: (a) peace; (b) security", "See paragraph (8) and 8) and xD and :-) and :( and <3",
    "This is great (!) indeed", "A good result\n\nand a bad one", "END-OF-SENTENCE good", "o.O fine",
    "The 1990s were not so bad...", "Absolutely wonderful!!! Truly!", "no, not really", "Hardly good",
    "We deeply regret it; unfortunately, it is sad.", "The U.N. is a good place.", "(good) [bad] {nice}",
    "we're happy they've come; it'd be nice", "Good. Bad. Ugly.", "— excellent — ", "GOOD", "Very good :)",
    "Nice\r\n\r\nwork", "It was ok :-/ but fine", "Xi is not very happy.", "A really good, not bad result!",
]


@pytest.fixture(scope="module")
def fast() -> FastPattern:
    return FastPattern()


@pytest.mark.parametrize("text", TRAPS)
def test_traps_score_and_words_as_textblob(fast, text):
    blob = TextBlob(text)
    assert fast.sentiment(text) == tuple(blob.sentiment)
    assert fast.assessments(text) == blob.sentiment_assessments.assessments


def test_document_is_textblob_on_the_joined_sentences(fast):
    # a modifier, a negation or an exclamation mark carried across sentences, and an emoticon at a junction
    groups = [["It was really", "good work."], ["They did not", "like it."], ["Great", "! Indeed."],
              ["We are happy", "and not sad."], ["Item 8", ") was fine."], ["very", "!"], TRAPS]
    for texts in groups:
        scored = [fast.scored(t) for t in texts]
        assert fast.document(texts, scored) == tuple(pattern_sentiment(" ".join(texts))), texts


_WORDS = ["good", "bad", "not", "no", "never", "very", "really", "extremely", "happy", "sad", "the", "a",
          "is", "!", ".", ",", "?", ":", "(", ")", ":)", ";-)", "8", "(!)", "great", "terribly", "hardly",
          "n't", "don't", "'", '"', "...", "U.S.", "e.g.", "Mr.", "GOOD", "nice", "wonderful", "x", "D"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25), st.sampled_from([" ", "", "  ", "\n\n"]))
def test_random_word_sequences_as_textblob(words, sep):
    fast = _shared()
    text = sep.join(words)
    assert fast.sentiment(text) == tuple(pattern_sentiment(text))
    assert fast.assessments(text) == pattern_sentiment(text).assessments


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join), min_size=1, max_size=6))
def test_random_documents_as_textblob(texts):
    fast = _shared()
    scored = [fast.scored(t) for t in texts]
    assert fast.document(texts, scored) == tuple(pattern_sentiment(" ".join(texts)))


_FAST = []


def _shared() -> FastPattern:
    if not _FAST:
        _FAST.append(FastPattern())
    return _FAST[0]


def _un_sample(folder: Path, every: int = 25) -> list[list[str]]:
    """The sentences of every ``every``-th UN General Debate speech (about 40,000 sentences)."""
    from readouts import load_corpus

    with tarfile.open(UN_ARCHIVE) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")]
        for m in members[::every]:
            (folder / Path(m.name).name).write_bytes(tar.extractfile(m).read())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(folder)
    return [[d.text[s.start:s.end] for s in d.sentences] for d in corpus]


@pytest.mark.skipif(not UN_ARCHIVE.exists(), reason="../shared/corpora (the UN General Debate corpus) is absent")
def test_un_speeches_sentences_and_documents_as_textblob(tmp_path):
    fast = FastPattern()
    docs = _un_sample(tmp_path)
    sentences = sum(len(d) for d in docs)
    assert sentences > 30_000
    mismatches = 0
    for texts in docs:
        scored = [fast.scored(t) for t in texts]
        for text, sc in zip(texts, scored):
            theirs = pattern_sentiment(text)
            mismatches += sc.score() != tuple(theirs) or sc.final() != theirs.assessments
        mismatches += fast.document(texts, scored) != tuple(pattern_sentiment(" ".join(texts)))
    print(f"{sentences:,} sentences of {len(docs)} speeches: {mismatches} mismatches; "
          f"{fast.tokenized_by_textblob} sentences tokenized by TextBlob, {fast.documents_by_textblob} documents scored by it")
    assert mismatches == 0


def test_reads_textblobs_installed_lexicon(fast):
    from textblob.en import sentiment as lexicon

    # every word of TextBlob's lexicon, alone, scores as TextBlob scores it
    words = sorted(w for w in dict.keys(lexicon) if re.fullmatch(r"[a-z]+", w))
    assert len(fast.entries) == len(dict.keys(lexicon)) and len(words) > 2000
    for w in words[::7]:
        assert fast.sentiment(w) == tuple(pattern_sentiment(w)), w
