"""Property-based tests (hypothesis): on arbitrary text the loader, the segmenter and the
annotators raise nothing but their documented errors, offsets always reproduce the text, and the
sentences cover the body with nothing lost but whitespace (and list bullets, which are left out
on purpose)."""
from __future__ import annotations

import re
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import readouts
from readouts import InputError, ReadoutsError, ReadoutsWarning
from readouts.read.segment import sentence_spans, split_paragraphs

# 500 examples each, everywhere (the issue asks for at least 500 in CI; they take about a minute)
SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# text that looks like prose: words, punctuation of several scripts, quotes, abbreviations, breaks
PIECES = st.sampled_from(["Xi", "said", "Mr.", "U.S.", "Oct.", "31", "2.5", "No.", "e.g.", ".", "!", "?", "...",
                          "。", "！", "“", "”", '"', "'", ",", "-", "–", "\n", "\n\n", "   ", "\t", "1.", "•", "中国",
                          "Japan", "history", "(", ")", ":", ";", "\u200b", "\u00a0", "\u3000", "A", "b"])
PROSE = st.lists(PIECES, max_size=60).map(" ".join) | st.text(max_size=300)
BULLETS = "•·▪●◦‣*–-"


def _covered(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """The characters of text[start:end] that no span covers."""
    end = len(text) if end is None else end
    mask = [False] * (end - start)
    for s, e in spans:
        for k in range(s - start, e - start):
            mask[k] = True
    return "".join(c for c, m in zip(text[start:end], mask) if not m)


@SETTINGS
@given(PROSE)
def test_sentence_spans_reproduce_the_text_and_lose_only_whitespace(text):
    spans = sentence_spans(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)                       # ordered, non-overlapping, non-empty
        assert text[s:e] == text[s:e].strip()                   # no whitespace at either end
        last = e
    left = _covered(text, spans)
    assert all(c.isspace() or c in BULLETS for c in left), repr(left)


@SETTINGS
@given(PROSE)
def test_paragraphs_keep_every_visible_character_in_order(text):
    visible = re.sub(r"\s", "", text)
    assert re.sub(r"\s", "", "".join(split_paragraphs(text))) == visible


@SETTINGS
@given(st.binary(max_size=400) | PROSE.map(lambda t: t.encode("utf-8")))
def test_loading_any_file_gives_a_document_or_a_one_line_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("any") / "doc.txt"
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadoutsWarning)
        try:
            corpus = readouts.load_corpus(path)
        except (InputError, ReadoutsError) as err:
            assert str(err) and "\n" not in str(err)
            return
    doc = corpus[0]
    for s in doc.sentences:
        assert doc.text[s.start:s.end].strip() == doc.text[s.start:s.end] != ""
    for p in doc.paragraphs:
        inside = [(s.start, s.end) for s in doc.sentences if s.para == p.para]
        left = _covered(doc.text, inside, p.text_start, p.text_end)
        assert all(c.isspace() or c in BULLETS for c in left), repr(left)


@SETTINGS
@given(PROSE.filter(lambda t: t.strip()))
def test_every_annotator_takes_any_text(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("ann") / "doc.txt"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadoutsWarning)
        try:
            corpus = readouts.load_corpus(path)
        except (InputError, ReadoutsError):
            return
        tables = readouts.annotate(corpus)
    doc = corpus[0]
    assert len(tables.sentences) == len(doc.sentences)
    for r in tables.spans.itertuples():
        assert doc.text[r.start:r.end] == r.text
