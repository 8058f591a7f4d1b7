"""Recurring phrases: n-grams, collocations, keyness, keyword in context, and the formulation
registry and matcher, on the seed and on small texts written for the tests."""
from __future__ import annotations

import importlib
import math
import re
from collections import Counter

import yaml

import pandas as pd
import pytest

import readouts
from readouts.analyses import discovery, recurring_phrases as phrases
from readouts.layers.formulations import GOVERNMENTS, expand_slots, find_formulations, load_registry
from readouts.paths import DATA_DIR

CATEGORIES = {"relationship", "principle", "cooperation", "warning", "initiative", "history"}

# kwic lives in a module the public API re-exports; reach it through the function itself
_concordance = importlib.import_module(readouts.kwic.__module__)
kwic, kwic_html, kwic_text = readouts.kwic, readouts.kwic_html, _concordance.kwic_text


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def fid(phrase: str) -> str:
    """The id of the one registry formulation whose canonical form or a variant is ``phrase``."""
    ids = {f.id for f in load_registry().formulations
           if _norm(phrase) in {_norm(x) for x in (f.canonical, *f.variants)}}
    assert len(ids) == 1, f"{phrase!r} is the canonical form or variant of {sorted(ids)}"
    return ids.pop()


def formulation_spans(tables) -> pd.DataFrame:
    return tables.spans[tables.spans.layer == "formulation"]


def readout(date: str, headline: str, body: str) -> str:
    """A text in the seed format."""
    return f" date {date} {headline}\n\n{body}\n"


@pytest.fixture
def annotate_body(write):
    """annotate_body("Sentence one. Sentence two.") -> Tables of a one-document corpus."""
    def _annotate(body: str):
        path = write("doc.txt", readout("2025-01-15", "Test readout", "BEIJING, Jan. 15 (Xinhua) -- " + body))
        return readouts.annotate(readouts.load_corpus(path))
    return _annotate


# -- the registry --------------------------------------------------------------------------------
def test_registry_has_at_least_60_well_formed_formulations():
    registry = load_registry()
    assert set(registry.categories) == CATEGORIES
    assert len(registry.formulations) >= 60
    ids = [f.id for f in registry.formulations]
    assert len(ids) == len(set(ids)), "formulation ids are unique"
    for f in registry.formulations:
        assert f.id.strip() and f.canonical.strip() and f.source.strip(), f
        assert f.category in CATEGORIES, f
    assert registry.version and registry.source


def test_every_canonical_form_and_variant_is_found_as_its_own_formulation():
    for f in load_registry().formulations:
        for form in f.forms:                         # canonical and variants, every slot spelt out
            text = f"They spoke of {form} today."
            at = len("They spoke of ")
            found = find_formulations(text)
            assert any(fid_ == f.id and start == at and form.startswith(text[start:end])
                       and not any(c.isalnum() for c in form[end - start:])
                       for fid_, start, end in found), (f.id, form, found)


GOOD_ENTRY = """\
  - id: {id}
    canonical: {canonical}
    category: {category}
    variants: [strategic relationship of mutual benefit]
    source: test
"""
REGISTRY_HEAD = """\
version: "test"
source: written for the tests
categories:
  relationship: framing of a bilateral relationship
  principle: principle or red line
  cooperation: cooperation and its fields
  warning: warning or criticism
  initiative: initiative, vision or world-order concept
  history: history and memory
formulations:
"""


def _registry(entries: list[dict]) -> str:
    return REGISTRY_HEAD + "".join(GOOD_ENTRY.format(**e) for e in entries)


def test_a_well_formed_registry_file_loads_by_path(write):
    path = write("ok.yaml", _registry([{"id": "a", "canonical": "strategic, mutually beneficial relationship",
                                        "category": "relationship"}]))
    registry = load_registry(path)
    assert [f.id for f in registry.formulations] == ["a"]
    assert registry.formulations[0].variants == ("strategic relationship of mutual benefit",)
    assert find_formulations("We build a strategic relationship of mutual benefit.", path=path)[0][0] == "a"


@pytest.mark.parametrize("content, problem", [
    (_registry([{"id": "a", "canonical": "new era", "category": "initiative"},
                {"id": "a", "canonical": "true multilateralism", "category": "initiative"}]), "twice"),
    (REGISTRY_HEAD + "  - id: a\n    category: initiative\n    source: test\n", "canonical"),
    (REGISTRY_HEAD + "  - id: a\n    canonical: new era\n    category: initiative\n", "source"),
    (_registry([{"id": "a", "canonical": "new era", "category": "economy"}]), "economy"),
], ids=["duplicate-id", "no-canonical", "no-source", "unknown-category"])
def test_a_broken_registry_is_an_error_naming_the_file(write, content, problem):
    path = write("broken_formulations.yaml", content)
    with pytest.raises(readouts.ReadoutsError) as err:
        load_registry(path)
    msg = str(err.value)
    assert str(path) in msg or str(path.resolve()) in msg
    assert problem in msg and "\n" not in msg


@pytest.mark.parametrize("content", [
    REGISTRY_HEAD + "  - new era\n",
    REGISTRY_HEAD,
], ids=["entry-not-a-mapping", "no-entries"])
def test_a_malformed_registry_is_a_readouts_error_not_a_crash(write, content):
    path = write("malformed_formulations.yaml", content)
    with pytest.raises(readouts.ReadoutsError) as err:
        load_registry(path)
    assert str(path) in str(err.value) or str(path.resolve()) in str(err.value)


def test_variants_written_as_a_plain_string_do_not_become_single_letters(write):
    # `variants: strategic reciprocity` (no brackets) is one variant, or a mistake to report:
    # never one "variant" per character, which would find the formulation at every "a" or "s".
    path = write("string_variants.yaml", REGISTRY_HEAD + "  - id: srr\n"
                 "    canonical: strategic, mutually beneficial relationship\n    category: relationship\n"
                 "    variants: strategic reciprocity\n    source: test\n")
    try:
        registry = load_registry(path)
    except readouts.ReadoutsError as err:
        assert str(path) in str(err) or str(path.resolve()) in str(err)
        return
    assert registry.formulations[0].variants == ("strategic reciprocity",)
    assert find_formulations("It is a good day to test the matcher.", path=path) == []


# -- formulations on the seed --------------------------------------------------------------------
@pytest.mark.parametrize("phrase, count", [
    ("strategic, mutually beneficial relationship", 2),
    ("four political documents", 2),
    ("partners and not threats", 1),
    ("taking history as a mirror and opening up the future", 1),
    ("seek common ground while reserving differences", 1),
    ("true multilateralism", 1),
    ("non-interference in each other's internal affairs", 1),
    ("new era", 1),
])
def test_seed_formulation_counts(seed_tables, phrase, count):
    spans = formulation_spans(seed_tables)
    assert (spans.label == fid(phrase)).sum() == count


def test_seed_formulation_spans_are_consistent_with_text_and_sentences(seed_tables, seed_doc):
    spans = formulation_spans(seed_tables)
    sentences = seed_tables.sentences.set_index(["doc_id", "sent"])
    assert len(spans) > 0
    for row in spans.itertuples():
        assert seed_doc.text[row.start:row.end] == row.text
        s = sentences.loc[(row.doc_id, row.sent)]
        assert s.start <= row.start < row.end <= s.end
        assert row.label in s.formulations.split(";")
    # the sentence column: ids joined by ';' in order of appearance
    sent = seed_tables.sentences.loc[seed_tables.sentences.text.str.contains("practice true multilateralism")]
    assert sent.formulations.tolist() == [f"{fid('true multilateralism')};{fid('Asia-Pacific community')}"]
    sent = seed_tables.sentences.loc[seed_tables.sentences.text.str.contains("taking history as a mirror")]
    found = sent.formulations.iloc[0].split(";")
    assert {fid("comprehensively advancing the strategic, mutually beneficial relationship"),
            fid("strategic, mutually beneficial relationship"), fid("partners and not threats"),
            fid("taking history as a mirror and opening up the future")} <= set(found)


def test_formulations_found_on_the_seed(seed_tables):
    table = phrases.formulations_found(seed_tables.spans).set_index("id")
    row = table.loc[fid("strategic, mutually beneficial relationship")]
    assert (row["count"], row.documents, row.category) == (2, 1, "relationship")
    assert row.canonical == "strategic, mutually beneficial relationship"
    assert row.variants_seen == "strategic, mutually beneficial relationship"
    assert table.loc[fid("four political documents"), "variants_seen"] == \
        "four political documents | four political documents between China and Japan"
    assert table["count"].is_monotonic_decreasing


# -- the matcher ---------------------------------------------------------------------------------
def test_variants_match_the_same_formulation(annotate_body):
    tables = annotate_body("The two sides agreed to build a strategic relationship of mutual benefit. "
                           "Both leaders recalled the Mutually Beneficial Relationship Based on Common "
                           "Strategic Interests. They will advance the strategic, mutually beneficial relationship.")
    expected = fid("strategic, mutually beneficial relationship")
    body = tables.sentences[tables.sentences.section == "body"]
    assert len(body) == 3
    assert body.formulations.tolist() == [expected] * 3
    spans = formulation_spans(tables)
    assert spans.text.tolist() == ["strategic relationship of mutual benefit",
                                   "Mutually Beneficial Relationship Based on Common Strategic Interests",
                                   "strategic, mutually beneficial relationship"]


@pytest.mark.parametrize("sentence, phrase, matched", [
    ("Both sides will take history as a mirror and open up the future.",
     "taking history as a mirror and opening up the future", "take history as a mirror and open up the future"),
    ("They advanced the strategic, mutually-beneficial relationship.",
     "strategic, mutually beneficial relationship", "strategic, mutually-beneficial relationship"),
    ("They advanced the strategic mutually beneficial relationship.",
     "strategic, mutually beneficial relationship", "strategic mutually beneficial relationship"),
    ("Xi called for the strategic, mutually beneficial China-Japan relationship.",
     "strategic, mutually beneficial relationship", "strategic, mutually beneficial China-Japan relationship"),
    ("Xi called for the strategic, mutually beneficial bilateral China-Japan relationship.",   # 3 inserted
     "strategic, mutually beneficial relationship", "strategic, mutually beneficial bilateral China-Japan relationship"),
    ("Both should take history as a mirror, and open up the future.",
     "taking history as a mirror and opening up the future", "take history as a mirror, and open up the future"),
    ("They seek common ground while reserving their differences.",
     "seek common ground while reserving differences", "seek common ground while reserving their differences"),
    ("They respect non-interference in each other’s internal affairs.",
     "non-interference in each other's internal affairs", "non-interference in each other’s internal affairs"),
])
def test_matcher_finds_a_formulation_through_variation(sentence, phrase, matched):
    found = [(f, sentence[s:e]) for f, s, e in find_formulations(sentence)]
    assert (fid(phrase), matched) in found


@pytest.mark.parametrize("sentence", [
    # four words inserted in one place
    "Xi called for the strategic, mutually beneficial, stable bilateral China-Japan relationship.",
    # four in all: two (long-term) and two (China-Japan)
    "Xi called for the strategic, long-term, mutually beneficial China-Japan relationship.",
])
def test_matcher_does_not_find_a_formulation_with_more_than_three_inserted_words(sentence):
    assert fid("strategic, mutually beneficial relationship") not in [f for f, _, _ in find_formulations(sentence)]


def test_matcher_does_not_find_a_formulation_across_sentences(annotate_body):
    body = "Xi said the partnership is strategic. Mutually beneficial relationship building takes time."
    target = fid("strategic, mutually beneficial relationship")
    # the same words in one stretch of text would match (one inserted word): the boundary is what stops it
    assert target in [f for f, _, _ in find_formulations(body)]
    tables = annotate_body(body)
    assert (tables.sentences.section == "body").sum() == 2
    assert target not in formulation_spans(tables).label.tolist()
    assert not tables.sentences.formulations.str.contains(target).any()


@pytest.mark.parametrize("sentence, phrase", [
    ("The two sides opened a new chapter in an era of change.", "new era"),
    ("They discussed the global economy and the South China Sea.", "Global South"),
    ("China expressed strong opposition to the protest.", "strong protest"),
])
def test_short_formulation_is_not_found_in_unrelated_words(sentence, phrase):
    # inserted qualifiers ("strong and formal protest") are variation; a different phrase that
    # merely holds both words is not the formulation
    assert fid(phrase) not in [f for f, _, _ in find_formulations(sentence)]


# -- n-grams -------------------------------------------------------------------------------------
NGRAM_TABLE = pd.DataFrame({
    "doc_id": ["a", "a", "b", "b"],
    "sent": [0, 1, 0, 1],
    "text": ["We pursue lasting peace.",
             "Development and lasting peace matter.",
             "Lasting  peace and development matter.",
             "Peace and development."],
})


def test_ngram_counts_and_document_frequency():
    # By hand, 2- to 3-grams not starting or ending with a stopword (we, and):
    #   "lasting peace": a/0, a/1, b/0 -> count 3, in 2 documents
    #   "peace and development": b/0, b/1 -> count 2, in 1 document
    #   everything else once.
    table = phrases.ngrams(NGRAM_TABLE, n=(2, 3), min_count=2)
    assert table[["ngram", "n", "count", "documents"]].to_dict("records") == [
        {"ngram": "lasting peace", "n": 2, "count": 3, "documents": 2},
        {"ngram": "peace and development", "n": 3, "count": 2, "documents": 1},
    ]
    once = phrases.ngrams(NGRAM_TABLE, n=(2, 3), min_count=1)
    assert set(once.ngram) == {"lasting peace", "peace and development", "pursue lasting", "pursue lasting peace",
                               "peace matter", "development and lasting", "lasting peace matter",
                               "development matter"}


def test_ngrams_never_start_or_end_with_a_stopword_nor_cross_sentences(seed_sentences):
    stop = phrases.stopwords()
    assert {"we", "and", "the", "of"} <= stop
    for table in (phrases.ngrams(NGRAM_TABLE, n=(2, 5), min_count=1),
                  phrases.ngrams(seed_sentences, n=(2, 5), min_count=1)):
        assert len(table)
        for gram in table.ngram:
            ws = gram.split(" ")
            assert ws[0] not in stop and ws[-1] not in stop, gram
        assert (table.n == table.ngram.str.count(" ") + 1).all()
    # "... lasting peace." / "Development and ..." must not give "peace development"
    toy = phrases.ngrams(NGRAM_TABLE, n=(2, 5), min_count=1)
    assert not toy.ngram.str.contains("peace development").any()
    seed = phrases.ngrams(seed_sentences, n=(2, 5), min_count=1)
    # seed: "... to properly manage differences." / "He called them ..."
    assert not seed.ngram.str.contains("differences he").any()


# -- collocations --------------------------------------------------------------------------------
COLLOCATION_TABLE = pd.DataFrame({
    "doc_id": ["a", "a", "b"],
    "sent": [0, 1, 0],
    "text": ["Mutual benefit serves mutual trust.", "Mutual benefit matters.", "Trust matters."],
})


def test_collocation_measures_agree_with_a_hand_computation():
    # Bigrams, within sentences only:
    #   s1: mutual-benefit, benefit-serves, serves-mutual, mutual-trust   (4)
    #   s2: mutual-benefit, benefit-matters                               (2)
    #   s3: trust-matters                                                 (1)   "matters. Trust" is no bigram
    # N = 4 + 2 + 1 = 7
    # (mutual, benefit): O11 = 2; R1 = bigrams with "mutual" first = 2 + 1 = 3;
    #                    C1 = bigrams with "benefit" second = 2
    o11, r1, c1, n = 2, 3, 2, 7
    e11 = r1 * c1 / n                                  # 6/7 = 0.857143
    pmi = math.log2(o11 / e11)                         # log2(7/3) = 1.222392
    t = (o11 - e11) / math.sqrt(o11)                   # 1.142857 / 1.414214 = 0.808122
    # 2x2 table: O12 = R1 - O11 = 1, O21 = C1 - O11 = 0, O22 = N - R1 - C1 + O11 = 4
    o12, o21, o22 = r1 - o11, c1 - o11, n - r1 - c1 + o11
    e12, e21, e22 = r1 * (n - c1) / n, (n - r1) * c1 / n, (n - r1) * (n - c1) / n   # 15/7, 8/7, 20/7
    g2 = 2 * sum(o * math.log(o / e) for o, e in ((o11, e11), (o12, e12), (o21, e21), (o22, e22)) if o)
    # = 2 * (2 ln(7/3) + 1 ln(7/15) + 4 ln(7/5)) = 4.556688
    assert (o12, o21, o22) == (1, 0, 4)

    table = phrases.collocations(COLLOCATION_TABLE, min_count=1, skip_stopwords=False)
    assert ("matters", "trust") not in set(zip(table.w1, table.w2))
    assert len(table) == 6                   # the 6 distinct bigrams
    row = table[(table.w1 == "mutual") & (table.w2 == "benefit")].iloc[0]
    assert (row["count"], row.count_w1, row.count_w2) == (o11, r1, c1)
    assert row.expected == pytest.approx(e11, abs=1e-3)
    assert row.pmi == pytest.approx(pmi, abs=1e-3)
    assert row.t_score == pytest.approx(t, abs=1e-3)
    assert row.g2 == pytest.approx(g2, abs=1e-3)
    assert round(row.pmi, 3) == 1.222 and round(row.t_score, 3) == 0.808 and round(row.g2, 3) == 4.557

    # (mutual, trust): O11 = 1, R1 = 3, C1 = 1 ("trust" second once); E11 = 3/7
    row = table[(table.w1 == "mutual") & (table.w2 == "trust")].iloc[0]
    e11 = 3 * 1 / 7
    assert row.pmi == pytest.approx(math.log2(1 / e11), abs=1e-3)          # log2(7/3)
    assert row.t_score == pytest.approx((1 - e11) / 1, abs=1e-3)           # 4/7
    # 2x2: O12 = 2, O21 = 0, O22 = 7 - 3 - 1 + 1 = 4; E12 = 3*6/7, E21 = 4*1/7, E22 = 4*6/7
    g2 = 2 * (1 * math.log(1 / e11) + 2 * math.log(2 / (18 / 7)) + 4 * math.log(4 / (24 / 7)))
    assert row.g2 == pytest.approx(g2, abs=1e-3)
    assert table.g2.is_monotonic_decreasing


def test_collocations_skip_stopwords_by_default():
    table = phrases.collocations(pd.DataFrame({"doc_id": ["a", "a"], "sent": [0, 1],
                                               "text": ["Peace and development.", "Peace and development."]}),
                                 min_count=1)
    assert table.empty
    table = phrases.collocations(pd.DataFrame({"doc_id": ["a", "a"], "sent": [0, 1],
                                               "text": ["Peace and development.", "Peace and development."]}),
                                 min_count=1, skip_stopwords=False)
    assert set(zip(table.w1, table.w2)) == {("peace", "and"), ("and", "development")}


# -- keyness -------------------------------------------------------------------------------------
KEYNESS_TABLE = pd.DataFrame({
    "doc_id": ["a", "a", "a", "b", "b", "b"],
    "sent": [0, 1, 2, 0, 1, 2],
    "text": ["Sovereignty matters.", "Sovereignty and security.", "Security and trade.",
             "Trade matters.", "Security and growth.", "Growth matters."],
})


def test_keyness_against_the_rest_agrees_with_a_hand_computation():
    # Words without stopwords ("and"):
    #   a: sovereignty 2, security 2, matters 1, trade 1   -> c = 6
    #   b: trade 1, matters 2, security 1, growth 2        -> d = 6
    c, d = 6, 6

    def rayson(a, b):       # log-likelihood: E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d); G2 = 2 sum O ln(O/E)
        e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
        return 2 * sum(o * math.log(o / e) for o, e in ((a, e1), (b, e2)) if o)

    def hardie(a, b):       # log2 of the ratio of relative frequencies, 0.5 for a zero count
        return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))

    # sovereignty: a = 2, b = 0: E1 = 6*2/12 = 1 -> G2 = 2*2 ln 2 = 2.773; LR = log2((2/6)/(0.5/6)) = 2
    # security:    a = 2, b = 1: E1 = E2 = 1.5 -> G2 = 2(2 ln(4/3) + ln(2/3)) = 0.340; LR = log2(2) = 1
    # matters (1 vs 2) and trade (1 vs 1) are not over-used in a
    table = phrases.keyness(KEYNESS_TABLE, target="a", reference="rest", min_count=1)
    assert table.word.tolist() == ["sovereignty", "security"]
    sov, sec = table.iloc[0], table.iloc[1]
    assert (sov["count"], sov.count_reference, sec["count"], sec.count_reference) == (2, 0, 2, 1)
    assert sov.g2 == pytest.approx(rayson(2, 0), abs=1e-3) and round(sov.g2, 3) == 2.773
    assert sov.log_ratio == pytest.approx(hardie(2, 0), abs=1e-3) and sov.log_ratio == 2.0
    assert sec.g2 == pytest.approx(rayson(2, 1), abs=1e-3) and round(sec.g2, 3) == 0.340
    assert sec.log_ratio == pytest.approx(hardie(2, 1), abs=1e-3) and sec.log_ratio == 1.0
    assert sov.per_million == pytest.approx(2 / 6 * 1e6, abs=0.1)
    assert sec.per_million_reference == pytest.approx(1 / 6 * 1e6, abs=0.1)
    assert set(table.reference) == {"the rest of the corpus"}

    # the other way round: b against a
    other = phrases.keyness(KEYNESS_TABLE, target=["b"], reference="rest", min_count=1)
    assert other.word.tolist() == ["growth", "matters"]
    assert other.g2.tolist() == pytest.approx([rayson(2, 0), rayson(2, 1)], abs=1e-3)


def test_keyness_against_general_english_works_on_one_document(seed_sentences):
    table = phrases.keyness(seed_sentences, reference="general")
    assert len(table) > 0
    assert set(table.reference) == {phrases.GENERAL_REFERENCE}
    assert "general English" in phrases.GENERAL_REFERENCE
    assert (table.log_ratio > 0).all() and table.g2.is_monotonic_decreasing
    assert not set(table.word) & phrases.stopwords()
    assert "china-japan" in set(table.word)


def test_keyness_against_the_rest_on_one_document_is_a_clear_error(seed_sentences):
    with pytest.raises(readouts.ReadoutsError, match="general"):
        phrases.keyness(seed_sentences, reference="rest")


# -- keyword in context --------------------------------------------------------------------------
def test_kwic_differences_on_the_seed(seed_corpus, seed_doc, seed_sentences):
    table = kwic(seed_corpus, "differences")
    assert len(table) == 3
    assert table.sent.tolist() == [19, 20, 20]
    assert table.match.tolist() == ["differences"] * 3
    for row in table.itertuples():
        assert seed_doc.text[row.start:row.end] == row.match
        s = seed_sentences[(seed_sentences.doc_id == row.doc_id) & (seed_sentences.sent == row.sent)].iloc[0]
        assert s.start <= row.start and row.end <= s.end
    first = table.iloc[0]
    assert first.left == "the two countries to properly manage"
    assert first.right == ". He called them to focus on"
    assert table.iloc[1].left == "picture, seek common ground while reserving"
    assert table.iloc[2].left == "focus on common ground while reducing"


def test_kwic_window_is_counted_in_words(seed_corpus):
    table = kwic(seed_corpus, "differences", window=3)
    assert table.left.tolist() == ["to properly manage", "ground while reserving", "ground while reducing"]
    assert table.right.tolist() == [". He called them", ", focus on common", ", and avoid allowing"]
    table = kwic(seed_corpus, "differences", window=1)
    assert table.left.tolist() == ["manage", "reserving", "reducing"]


def test_kwic_is_case_insensitive_and_matches_whole_words(seed_corpus):
    assert kwic(seed_corpus, "DIFFERENCES").sent.tolist() == [19, 20, 20]
    assert kwic(seed_corpus, "differ").empty
    # "era" once, as a word ("new era"), not inside "cooperation"
    era = kwic(seed_corpus, "era")
    assert era.match.tolist() == ["era"] and era.left.iloc[0].endswith("of the new")


def test_kwic_regex_query(seed_corpus, seed_doc):
    expected = [(7, "called for"), (11, "called for"), (13, "called on"), (14, "called for"), (16, "called for")]
    for table in (kwic(seed_corpus, "/call(ed)? (for|on)/"), kwic(seed_corpus, "call(ed)? (for|on)", regex=True)):
        assert list(zip(table.sent, table.match)) == expected
        for row in table.itertuples():
            assert seed_doc.text[row.start:row.end] == row.match


@pytest.mark.parametrize("query", ["/call(ed/", "[unclosed"])
def test_kwic_invalid_regex_is_a_readouts_error(seed_corpus, query):
    with pytest.raises(readouts.ReadoutsError):
        kwic(seed_corpus, query, regex=not query.startswith("/"))


def test_kwic_phrase_across_irregular_spacing_and_apostrophes(write):
    path = write("spacing.txt", readout(
        "2025-01-15", "Test readout",
        "BEIJING, Jan. 15 (Xinhua) -- China  practices true   multilateralism. "
        "Both respect each other’s interests and each other's concerns."))
    corpus = readouts.load_corpus(path)
    doc = corpus.documents[0]
    for query in ("true multilateralism", "  TRUE \t multilateralism  "):
        table = kwic(corpus, query)
        assert len(table) == 1, query
        row = table.iloc[0]
        assert doc.text[row.start:row.end] == row.match == "true   multilateralism"
        assert row.left.endswith("China practices")
    for query in ("each other's", "each other’s", "Each Other’s"):
        table = kwic(corpus, query)
        assert table.match.tolist() == ["each other’s", "each other's"], query


@pytest.mark.parametrize("query", ["each other's", "each other’s"], ids=["straight", "curly"])
def test_kwic_apostrophes_on_the_seed(seed_corpus, query):
    # the seed writes "each other's" with a straight apostrophe
    table = kwic(seed_corpus, query, window=2)
    assert table.match.tolist() == ["each other's"]
    assert table.left.tolist() == ["non-interference in"] and table.right.tolist() == [" internal affairs"]


def test_kwic_html_escapes_the_text_and_highlights_the_match(write):
    path = write("x<b>y.txt", readout(
        "2025-01-15", "Test readout",
        "BEIJING, Jan. 15 (Xinhua) -- He said they must <script>alert(1)</script> manage differences."))
    table = kwic(readouts.load_corpus(path), "manage")
    assert len(table) == 1 and "<script>" in table.left.iloc[0]
    page = kwic_html(table)
    assert "<script>" not in page and "alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "x<b>y" not in page and "x&lt;b&gt;y" in page
    # the match sits in its own highlighted element
    m = re.search(r"<(td|mark|b|strong|span)([^>]*)>\s*manage\s*</\1>", page)
    assert m, page
    assert m.group(1) in ("mark", "b", "strong") or "background" in m.group(2) or "bold" in m.group(2)
    assert "differences." in page


def test_kwic_text_lines(seed_corpus):
    text = kwic_text(kwic(seed_corpus, "differences"))
    lines = text.splitlines()
    assert len(lines) == 3
    assert all("[differences]" in line for line in lines)
    assert lines[0].endswith(":19)") and lines[2].endswith(":20)")


# -- across documents ----------------------------------------------------------------------------
@pytest.fixture
def dated_tables(write):
    # file names in an order other than the dates'
    write("corpus/xi-takaichi.txt", readout(
        "2025-10-31", "Xi meets Takaichi",
        "GYEONGJU, Oct. 31 (Xinhua) -- Xi said China and Japan should advance the strategic, mutually-beneficial "
        "relationship. Xi said the strategic, mutually beneficial relationship matters, in line with the four "
        "political documents."))
    write("corpus/a-wang-envoy.txt", readout(
        "2025-03-22", "Wang Yi meets Japanese envoy",
        "BEIJING, March 22 (Xinhua) -- Wang Yi said the two sides should advance the strategic, mutually "
        "beneficial relationship. He said China practices true multilateralism.\n\n"
        "He said they must manage differences."))
    path = write("corpus/m-xi-kishida.txt", readout(
        "2023-11-16", "Xi meets Kishida",
        "SAN FRANCISCO, Nov. 16 (Xinhua) -- Xi said the four political documents set the direction."))
    return readouts.annotate(readouts.load_corpus(path.parent))


def test_presence_matrix(dated_tables):
    matrix = phrases.presence_matrix(dated_tables.spans, dated_tables.documents)
    assert matrix.index.tolist() == ["m-xi-kishida", "a-wang-envoy", "xi-takaichi"]      # by date
    srr, fpd = fid("strategic, mutually beneficial relationship"), fid("four political documents")
    tm, md = fid("true multilateralism"), fid("properly manage differences")
    assert set(matrix.columns) == {srr, fpd, tm, md}
    assert matrix[srr].tolist() == [0, 1, 2]
    assert matrix[fpd].tolist() == [1, 0, 1]
    assert matrix[tm].tolist() == [0, 1, 0]
    assert matrix[md].tolist() == [0, 1, 0]
    assert list(matrix.columns[:1]) == [srr]                                           # most frequent first


def test_first_last_seen(dated_tables):
    table = phrases.first_last_seen(dated_tables.spans, dated_tables.documents).set_index("id")
    srr = table.loc[fid("strategic, mutually beneficial relationship")]
    assert (str(srr.first_date)[:10], srr.first_doc) == ("2025-03-22", "a-wang-envoy")
    assert (str(srr.last_date)[:10], srr.last_doc, srr.documents) == ("2025-10-31", "xi-takaichi", 2)
    fpd = table.loc[fid("four political documents")]
    assert (str(fpd.first_date)[:10], fpd.first_doc) == ("2023-11-16", "m-xi-kishida")
    assert (str(fpd.last_date)[:10], fpd.last_doc, fpd.documents) == ("2025-10-31", "xi-takaichi", 2)
    tm = table.loc[fid("true multilateralism")]
    assert str(tm.first_date)[:10] == str(tm.last_date)[:10] == "2025-03-22" and tm.documents == 1


def test_counts_over_time_per_year(dated_tables):
    table = phrases.counts_over_time(dated_tables.spans, dated_tables.documents)
    got = {(str(r.period), r.id): r["count"] for _, r in table.iterrows()}
    srr, fpd = fid("strategic, mutually beneficial relationship"), fid("four political documents")
    assert got == {
        ("2023", fpd): 1,
        ("2025", srr): 3,               # 1 in March, 2 in October
        ("2025", fpd): 1,
        ("2025", fid("true multilateralism")): 1,
        ("2025", fid("properly manage differences")): 1,
    }
    assert table.period.astype(str).is_monotonic_increasing


def test_formulations_found_across_documents(dated_tables):
    table = phrases.formulations_found(dated_tables.spans).set_index("id")
    srr = table.loc[fid("strategic, mutually beneficial relationship")]
    assert (srr["count"], srr.documents) == (3, 2)
    assert set(srr.variants_seen.split(" | ")) == {"strategic, mutually-beneficial relationship",
                                                   "strategic, mutually beneficial relationship"}


# -- matching by wording (registry 2.0) ----------------------------------------------------------
@pytest.mark.parametrize("sentence, phrase", [
    ("Both sides took history as a mirror.", "taking history as a mirror and opening up the future"),   # irregular
    ("The two leaders sought to navigate their differences.", "properly manage differences"),          # slot
    ("They agreed to build constructive and stable relations.", "constructive and stable relationship that meets the requirements of the new era"),
    ("Kishida hoped to keep strategic and mutually beneficial ties on track.", "strategic, mutually beneficial relationship"),
])
def test_matcher_finds_a_formulation_by_its_wording(sentence, phrase):
    assert fid(phrase) in [f for f, _, _ in find_formulations(sentence)]


def test_slots_spell_out_every_wording():
    assert expand_slots("establish a correct {perception|understanding} of China") == [
        "establish a correct perception of China", "establish a correct understanding of China"]
    assert expand_slots("navigate {their |}differences") == ["navigate their differences", "navigate differences"]


def test_a_coordinated_list_is_found_in_any_order_and_wording():
    fid_ = "mutual_respect_coexistence_win_win"
    for sentence in ("China and the US should respect each other, coexist in peace and pursue win-win cooperation.",
                     "Mutual respect, peaceful coexistence and win-win cooperation are the way forward.",
                     "We want win-win cooperation, peaceful coexistence and mutual respect."):
        found = [(f, s, e) for f, s, e in find_formulations(sentence) if f == fid_]
        assert len(found) == 1, sentence
    # precision: the items scattered over a sentence are not the formulation
    scattered = ("Mutual respect was the theme of the first session, while the communiqué praised the record of "
                 "peaceful coexistence in the region and the new ministers called for win-win cooperation.")
    assert fid_ not in [f for f, _, _ in find_formulations(scattered)]


@pytest.mark.parametrize("chinese, english, phrase", [
    ("双方同意落实两国元首达成的重要共识。", "The two sides agreed to implement the important consensus reached by the two heads of state.",
     "important common understandings"),
    ("中方愿同日方一道，妥善管控分歧。", "China is ready to work with Japan to properly manage differences.", "properly manage differences"),
    ("推动构建人类命运共同体。", "Build a community with a shared future for mankind.", "community with a shared future for mankind"),
])
def test_a_chinese_readout_and_its_english_version_share_their_formulations(chinese, english, phrase):
    assert fid(phrase) in [f for f, _, _ in find_formulations(chinese)]
    assert fid(phrase) in [f for f, _, _ in find_formulations(english)]
    text = "前言。" + chinese
    for f, s, e in find_formulations(text):
        assert text[s:e] and not any(c.isascii() and c.isalpha() for c in text[s:e])


def test_registry_holds_300_formulations_of_eight_governments_each_with_a_known_source():
    registry = load_registry()
    assert len(registry.formulations) >= 300
    by_government = Counter(f.government for f in registry.formulations)
    assert set(by_government) == set(GOVERNMENTS) and min(by_government.values()) >= 10, by_government
    keys = set(re.findall(r"^\| (S\d+[a-z]?) \|", (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8"), re.M))
    for f in registry.formulations:
        cited = set(re.findall(r"\[(S\d+[a-z]?)\]", f.source))
        assert cited and cited <= keys, (f.id, f.source)
    # every non-English original is in a script of its language
    for f in registry.formulations:
        for o in f.originals:
            assert not o.isascii(), (f.id, o)


def test_irregular_inflections_are_data_with_a_source():
    from readouts.layers.formulations import inflections
    table = inflections()
    assert table["took"] == "take" and table["sought"] == "seek" and table["crises"] == "crisis"


# -- discovery -----------------------------------------------------------------------------------
def _discovery_corpus(tmp_path, outlets=("xinhua", "mfa", "xinhua", "cgtn")):
    texts = {
        0: "The two sides pledged to uphold the spirit of open regional harbour compacts. Trade grew.",
        1: "Ministers said the spirit of open regional harbour compacts guides them. Ports expanded.",
        2: "Both leaders praised the spirit of open regional harbour compacts at the forum. Talks ended.",
        3: "The spirit of open regional harbour compacts was hailed again. Ships sailed.",
    }
    for k, outlet in enumerate(outlets):
        (tmp_path / f"2024-0{k + 1}-01_{outlet}_text-{k}.txt").write_text(texts[k] + "\n", encoding="utf-8")
    corpus = readouts.load_corpus(tmp_path)
    tables = readouts.annotate(corpus)
    return tables


def test_discovery_finds_a_phrase_recurring_across_documents_and_sources(tmp_path):
    tables = _discovery_corpus(tmp_path)
    found = discovery.discover(tables.sentences, tables.documents)
    assert list(found.columns) == discovery.DISCOVERY_COLUMNS
    top = found.iloc[0]
    assert top.candidate == "spirit of open regional harbour compacts"      # the longest, not its parts
    assert (top.documents, top.sources, top.first_date, top.last_date) == (4, 3, "2024-01-01", "2024-04-01")
    assert not found.candidate.str.contains("open regional harbour$").any()
    entries = yaml.safe_load(discovery.as_registry_entries(found, corpus="test"))["formulations"]
    assert entries[0]["canonical"] == "spirit of open regional harbour compacts" and entries[0]["source"].startswith("discovered in test")


def test_discovery_needs_several_sources_and_leaves_out_the_registry(tmp_path):
    tables = _discovery_corpus(tmp_path, outlets=("xinhua",) * 4)
    assert discovery.discover(tables.sentences, tables.documents).empty                  # one source
    assert not discovery.discover(tables.sentences, tables.documents, min_sources=1).empty
    texts = ["China and Japan will build a constructive and stable relationship that meets the requirements of the new era."] * 3
    for k, t in enumerate(texts):
        (tmp_path / f"2024-05-0{k + 1}_out{k}_reg-{k}.txt").write_text(t + "\n", encoding="utf-8")
    tables = readouts.annotate(readouts.load_corpus(tmp_path))
    found = discovery.discover(tables.sentences, tables.documents)
    assert not found.candidate.str.contains("constructive and stable").any()          # registered already


def test_cli_phrases_discover_writes_candidates_and_registry_entries(tmp_path):
    _discovery_corpus(tmp_path / "in" if (tmp_path / "in").mkdir() is None else tmp_path)
    import subprocess, sys
    proc = subprocess.run([sys.executable, "-m", "readouts", "phrases", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                           "--discover"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    found = pd.read_csv(tmp_path / "out" / "discovered.csv")
    assert found.candidate.iloc[0] == "spirit of open regional harbour compacts"
    entries = yaml.safe_load((tmp_path / "out" / "discovered_registry.yaml").read_text(encoding="utf-8"))["formulations"]
    assert len(entries) == len(found)


@pytest.mark.parametrize("british, american", [
    ("in the spirit of good neighbourliness", "in the spirit of good neighborliness"),
    ("Both sides want to stabilise and develop China-U.S. relations.", "Both sides want to stabilize and develop China-U.S. relations."),
])
def test_british_and_american_spelling_find_the_same_formulations(british, american):
    assert find_formulations(british) and [f for f, _, _ in find_formulations(british)] == \
        [f for f, _, _ in find_formulations(american)]
