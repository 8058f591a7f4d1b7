"""Tone: the TextBlob, VADER and diplomatic-register columns of the tone layer, the register
file, and the analyses of ``readouts.tone`` on the seed and its hand labels."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import textblob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import readouts
from readouts.analyses import tone
from readouts.errors import ReadoutsError
from readouts.layers.tone import REGISTER_FILE, TIER_FIRMNESS, register_scores, tone_label
from readouts.paths import DATA_DIR, SEEDS_DIR

DATA = Path(__file__).parents[1] / "validation" / "labels"
SEED_LABELS = DATA / "seed_tone_labels.csv"
REGISTER = DATA_DIR / REGISTER_FILE
TONE_COLUMNS = ["polarity", "subjectivity", "vader", "warmth", "firmness", "tone_label"]
LABELS = ("cordial", "neutral", "firm")

MURAYAMA = 'The "Murayama Statement," he added'
FIFTH = "Fifth, Xi urged the two countries to properly manage differences."
ADVOCATED = ("He advocated adherence to the principles of good neighborliness, friendship, equality, "
             "mutual benefit and non-interference")

# A document written for these tests: one sentence per register behaviour.
WRITTEN = (
    "Talks held in Beijing\n\n"
    "The two sides held cordial and friendly talks. "
    "China welcomes talks, not sanctions. "
    "The foundation of the relations is neither damaged nor shaken. "
    "Both adhere to non-interference in each other's internal affairs. "
    "Xi firmly urged Japan to stop, and stern representations were lodged. "
    "He hopes Japan will honour its commitments. "
    "Xi called on the two sides to deepen cooperation. "
    "It was not a good idea to wait, he said.\n"
)


# -- helpers ---------------------------------------------------------------------------------
def register_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The comment lines and the rows of the register file, read with the csv module."""
    lines = REGISTER.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#") and line.strip()]
    return header, list(csv.DictReader(body))


def weight(term: str) -> float:
    rows = [r for r in register_rows()[1] if r["term"] == term]
    assert len(rows) == 1, term
    return float(rows[0]["weight"])


def verb_tier(lemma: str) -> int:
    rows = [r for r in csv.DictReader(l for l in (DATA_DIR / "reporting_verbs.csv").read_text(encoding="utf-8").splitlines()
                                      if not l.startswith("#")) if r["verb"] == lemma]
    assert len(rows) == 1, lemma
    return int(rows[0]["tier"])


def verb_weight(lemma: str) -> float:
    """The firmness a reporting verb adds by its tier in reporting_verbs.csv."""
    return TIER_FIRMNESS[verb_tier(lemma)]


def own_label(value: float) -> str:
    """TextBlob / VADER reading: above +0.05 cordial, below -0.05 firm."""
    return "cordial" if value > 0.05 else "firm" if value < -0.05 else "neutral"


def own_register_label(warmth: float, firmness: float) -> str:
    """The documented rule (docs/tables.md, tone_label): firm words weighing 1 or more and no less than the
    warm ones make it firm; warm words weighing 1 or more and more than the firm ones, cordial."""
    if firmness >= 1 and firmness >= warmth:
        return "firm"
    return "cordial" if warmth >= 1 and warmth > firmness else "neutral"


def own_kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    pe = sum((a.count(c) / n) * (b.count(c) / n) for c in set(a) | set(b))
    return (po - pe) / (1 - pe)


def sentence(sents: pd.DataFrame, fragment: str) -> pd.Series:
    rows = sents[sents.text.str.contains(fragment, regex=False)]
    assert len(rows) == 1, fragment
    return rows.iloc[0]


def tone_spans(spans: pd.DataFrame, sent: int, prefix: str = "") -> pd.DataFrame:
    rows = spans[(spans.layer == "tone") & (spans.sent == sent)]
    return rows[rows.label.str.startswith(prefix)] if prefix else rows


# -- fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tables(seed_tables):
    return seed_tables


@pytest.fixture(scope="module")
def sents(tables):
    return tables.sentences


@pytest.fixture(scope="module")
def spans(tables):
    return tables.spans


@pytest.fixture(scope="module")
def hand():
    return tone.read_labels(SEED_LABELS)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("written")
    (folder / "2025-11-03_xinhua_tone-test.txt").write_text(WRITTEN, encoding="utf-8")
    corpus = readouts.load_corpus(folder)
    return corpus, readouts.annotate(corpus)


# -- the seed: acceptance sentences ------------------------------------------------------------
def test_seed_has_the_tone_columns(sents):
    for name in TONE_COLUMNS:
        assert name in sents.columns, name
        assert sents[name].notna().all(), name


def test_murayama_sentence_is_firm(sents, spans):
    row = sentence(sents, MURAYAMA)
    assert row.firmness > 0
    assert "history of aggression" in list(tone_spans(spans, row.sent, "firmness").text)


def test_fifth_point_manage_differences_is_firm(sents, spans):
    row = sentence(sents, FIFTH)
    assert row.text == FIFTH
    # "urged" is an appeal (reporting_verbs.csv tier 3) asking for no cooperation: firm by its tier
    assert verb_tier("urge") == 3
    assert row.firmness == TIER_FIRMNESS[3] + weight("differences") == 2.0
    assert set(tone_spans(spans, row.sent, "firmness").text) == {"urged", "differences"}
    assert row.tone_label == "firm"


def test_non_interference_gives_no_firmness(sents, spans):
    row = sentence(sents, ADVOCATED)
    assert row.warmth > 0
    # firmness comes from the appeal "advocated" (tier 3) alone, not from "non-interference" (negated);
    # the principles it asks for are warmer, so the sentence is cordial
    assert row.firmness == TIER_FIRMNESS[3] < row.warmth and row.tone_label == "cordial"
    assert list(tone_spans(spans, row.sent, "firmness").text) == ["advocated"]
    doc_text = row.text
    at = row.start + doc_text.index("interference")
    here = tone_spans(spans, row.sent)
    negated = here[(here.label == "negated firmness") & (here.start == at)]
    assert list(negated.text) == ["interference"]
    covering = here[(here.label == "firmness") & (here.start <= at) & (here.end >= at + len("interference"))]
    assert covering.empty
    assert set(here[here.label == "warmth"].text) == {"good neighborliness", "friendship", "mutual benefit"}


def test_polarity_and_subjectivity_are_textblobs_own(sents):
    for row in sents.itertuples():
        sentiment = textblob.TextBlob(row.text).sentiment
        assert row.polarity == sentiment.polarity, row.sent
        assert row.subjectivity == sentiment.subjectivity, row.sent


def test_vader_is_the_compound_score(sents):
    analyzer = SentimentIntensityAnalyzer()
    for row in sents.itertuples():
        assert row.vader == analyzer.polarity_scores(row.text)["compound"], row.sent


def test_warmth_and_firmness_are_the_register_scores_of_each_sentence(sents):
    for row in sents.itertuples():
        assert (row.warmth, row.firmness) == register_scores(row.text)[:2], row.sent


def test_document_columns_recomputed(tables, sents):
    docs = tables.documents
    assert len(docs) == 1
    doc = docs.iloc[0]
    body = sents[sents.section == "body"]
    assert len(body) == 19
    whole = textblob.TextBlob(" ".join(body.text)).sentiment
    assert doc.polarity == pytest.approx(whole.polarity, abs=1e-12)
    assert doc.subjectivity == pytest.approx(whole.subjectivity, abs=1e-12)
    for name in ("vader", "warmth", "firmness"):
        assert doc[name] == pytest.approx(body[name].mean(), abs=1e-4), name


# -- the command line ----------------------------------------------------------------------------
def test_cli_annotate_writes_tone_columns(tmp_path):
    out, docs = tmp_path / "sentences.csv", tmp_path / "documents.csv"
    proc = subprocess.run([sys.executable, "-m", "readouts", "annotate", str(SEEDS_DIR),
                           "--out", str(out), "--documents", str(docs)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    sentences = pd.read_csv(out, keep_default_na=False)
    for name in TONE_COLUMNS:
        assert name in sentences.columns, name
    analyzer = SentimentIntensityAnalyzer()
    for row in sentences.itertuples():
        sentiment = textblob.TextBlob(row.text).sentiment
        assert row.polarity == pytest.approx(sentiment.polarity, abs=1e-12), row.sent
        assert row.subjectivity == pytest.approx(sentiment.subjectivity, abs=1e-12), row.sent
        assert row.vader == pytest.approx(analyzer.polarity_scores(row.text)["compound"], abs=1e-12), row.sent
        warmth, firmness, _ = register_scores(row.text)
        assert (row.warmth, row.firmness) == pytest.approx((warmth, firmness), abs=1e-9), row.sent
        assert row.tone_label == own_register_label(warmth, firmness), row.sent

    documents = pd.read_csv(docs)
    assert len(documents) == 1
    for name in TONE_COLUMNS[:-1] + ["share_cordial", "share_neutral", "share_firm"]:
        assert name in documents.columns, name
    body = sentences[sentences.section == "body"]
    for label in ("cordial", "neutral", "firm"):
        assert documents.iloc[0][f"share_{label}"] == round((body.tone_label == label).mean(), 4), label
    doc = documents.iloc[0]
    body = sentences[sentences.section == "body"]
    whole = textblob.TextBlob(" ".join(body.text)).sentiment
    assert doc.polarity == pytest.approx(whole.polarity, abs=1e-9)
    assert doc.subjectivity == pytest.approx(whole.subjectivity, abs=1e-9)
    assert doc.vader == pytest.approx(body.vader.mean(), abs=1e-4)
    assert doc.warmth == pytest.approx(body.warmth.mean(), abs=1e-4)
    assert doc.firmness == pytest.approx(body.firmness.mean(), abs=1e-4)


# -- the register on sentences written for the tests ---------------------------------------------
def test_welcome_talks_not_sanctions():
    text = "China welcomes talks, not sanctions."
    warmth, firmness, marks = register_scores(text)
    assert (warmth, firmness) == (weight("welcomes"), 0.0)
    at = text.index("sanctions")
    assert (at, at + len("sanctions"), "negated firmness") in marks
    assert not any(label == "firmness" for _, _, label in marks)
    # the control: without the negation "sanctions" is firm
    assert register_scores("The sanctions grew.")[:2] == (0.0, weight("sanctions"))


@pytest.mark.parametrize("text, firm", [
    ("He hopes Japan will honour its commitments.", True),          # a hope with an obligation in it
    ("It is hoped that the Japanese side will honor its promise.", True),
    ("We hope you will enjoy the visit.", False),                    # a hope without one
    ("The move is not conducive to the improvement of relations.", True),
    ("The responsibility lies with the US side.", True),
    ("China will take resolute measures.", True),
    ("We will not hesitate to act.", True),
    ("Xi called on the two sides to deepen cooperation.", False),    # an appeal for cooperation offers it
    ("Xi called on Japan to stop the discharge.", True),             # an appeal for anything else presses
    ("The two sides agreed to expand cooperation in trade.", False),
    ("希望日方恪守承诺。", True),                                     # "hopes the Japanese side will keep its promise"
])
def test_constructions_of_demand_and_warning(text, firm):
    assert (tone_label(*register_scores(text)[:2]) == "firm") is firm


def test_neither_damaged_nor_shaken():
    text = "The foundation is neither damaged nor shaken."
    warmth, firmness, marks = register_scores(text)
    assert (warmth, firmness) == (0.0, 0.0)
    assert sorted(text[a:b] for a, b, label in marks if label == "negated firmness") == ["damaged", "shaken"]
    assert register_scores("The foundation was damaged and shaken.")[:2] == (0.0, 2.0)


def test_non_interference():
    text = "Both adhere to non-interference in each other's internal affairs."
    warmth, firmness, marks = register_scores(text)
    assert firmness == weight("adhere to")          # "interference" adds nothing
    assert [(text[a:b], label) for a, b, label in marks if "interference" in text[a:b]] == \
        [("interference", "negated firmness")]
    assert register_scores("They oppose interference in internal affairs.")[:2] == \
        (0.0, weight("oppose") + weight("interference"))


def test_not_only_but_also_is_not_a_negation():
    # "not only X but also Y" affirms X: a diplomatic reader counts both cooperation and friendship
    text = "The visit deepened not only friendship but also win-win cooperation."
    assert register_scores(text)[:2] == (weight("friendship") + weight("win-win"), 0.0)


def test_intensifier_multiplies_the_term_after_it():
    assert register_scores("Xi urged restraint.")[:2] == (0.0, verb_weight("urge"))
    assert register_scores("Xi firmly urged restraint.")[:2] == (0.0, 1.5 * verb_weight("urge"))
    assert weight("firmly") == 1.5
    assert register_scores("Xi strongly urged restraint.")[:2] == (0.0, weight("strongly") * verb_weight("urge"))
    assert register_scores("a very cordial meeting")[:2] == (round(weight("very") * weight("cordial"), 3), 0.0)
    # the longest term wins: "firmly oppose" is its own entry, not "firmly" x "oppose"
    assert register_scores("China firmly opposes it.")[:2] == (0.0, weight("firmly opposes"))


def test_multi_word_terms_count_once_with_their_own_weight():
    text = "Stern representations were lodged."
    warmth, firmness, marks = register_scores(text)
    assert (warmth, firmness) == (0.0, weight("stern representations"))
    assert [(text[a:b], label) for a, b, label in marks] == [("Stern representations", "firmness")]
    assert register_scores("a stern look at the representations")[:2] == (0.0, 0.0)

    text = "The two sides held cordial and friendly talks."
    warmth, firmness, marks = register_scores(text)
    assert (warmth, firmness) == (weight("cordial and friendly"), 0.0)
    assert [(text[a:b], label) for a, b, label in marks] == [("cordial and friendly", "warmth")]
    # one term, so an intensifier multiplies all of it: 1.3 x 3 = 3.9, not 1.3 x 2 + 1 = 3.6
    assert register_scores("very cordial and friendly talks")[:2] == \
        (round(weight("very") * weight("cordial and friendly"), 3), 0.0)
    assert register_scores("cordial talks")[:2] == (weight("cordial"), 0.0)
    assert register_scores("friendly talks")[:2] == (weight("friendly"), 0.0)


@pytest.mark.parametrize("text, term, dimension", [
    ("Taiwan is a red line; there are red lines.", "red line", "firmness"),
    ("There are grave concerns.", "grave concern", "firmness"),
    ("He met old friends.", "old friend", "warmth"),
    ("They voiced their dissatisfactions.", "dissatisfaction", "firmness"),
    ("They thanked their hosts for the warm hospitalities.", "hospitality", "warmth"),
    ("Both sides seek win win results.", "win-win", "warmth"),
    ("in the spirit of good-neighborliness", "good neighborliness", "warmth"),
])
def test_plurals_and_hyphen_variants(text, term, dimension):
    warmth, firmness, marks = register_scores(text)
    found = [label for _, _, label in marks]
    assert found and set(found) == {dimension}
    got = warmth if dimension == "warmth" else firmness
    assert got == weight(term) * len(found)


def test_case_insensitive():
    assert register_scores("STERN REPRESENTATIONS WERE LODGED")[:2] == (0.0, weight("stern representations"))
    assert register_scores("Xi Firmly Urged Restraint")[:2] == (0.0, 1.5 * verb_weight("urge"))
    assert register_scores("Cordial And Friendly Talks")[:2] == (weight("cordial and friendly"), 0.0)
    text = "NON-INTERFERENCE"
    assert register_scores(text) == (0.0, 0.0, [(4, 16, "negated firmness")])


def test_written_document_through_annotate(written):
    corpus, tables = written
    s, sp = tables.sentences, tables.spans
    doc = corpus.documents[0]
    row = sentence(s, "cordial and friendly")
    assert (row.warmth, row.firmness) == (weight("cordial and friendly"), 0.0)
    assert list(tone_spans(sp, row.sent, "warmth").text) == ["cordial and friendly"]
    assert row.tone_label == "cordial"
    row = sentence(s, "talks, not sanctions")
    assert (row.warmth, row.firmness) == (weight("welcomes"), 0.0)
    assert list(tone_spans(sp, row.sent, "negated").text) == ["sanctions"]
    row = sentence(s, "neither damaged nor shaken")
    assert row.firmness == 0.0
    assert row.tone_label == "neutral"
    row = sentence(s, "non-interference")
    assert row.firmness == weight("adhere to")
    row = sentence(s, "firmly urged")
    assert row.firmness == 1.5 * verb_weight("urge") + weight("stern representations")
    assert row.tone_label == "firm"
    row = sentence(s, "honour its commitments")
    assert row.tone_label == "firm"
    assert list(tone_spans(sp, row.sent, "firmness").text) == ["hopes Japan will honour"]
    row = sentence(s, "deepen cooperation")
    assert (row.firmness, row.tone_label) == (0.0, "neutral")
    assert list(tone_spans(sp, row.sent, "appeal to cooperate").text) == ["called on"]
    body = s[s.section == "body"]
    assert set(body[body.tone_label == "firm"].text.str[:20]) == {"Both adhere to non-i", "Xi firmly urged Japa", "He hopes Japan will "}
    assert list(tables.documents.share_firm) == [round(3 / len(body), 4)]
    shares = tables.documents[["share_cordial", "share_neutral", "share_firm"]].iloc[0]
    assert shares.sum() == pytest.approx(1.0, abs=1e-3)
    for r in sp[sp.layer == "tone"].itertuples():
        assert doc.text[r.start:r.end] == r.text


# -- TextBlob assessment spans ---------------------------------------------------------------
def _check_textblob_spans(sentences: pd.DataFrame, spans: pd.DataFrame, texts: dict[str, str]) -> int:
    checked = 0
    for row in sentences.itertuples():
        assessments = textblob.TextBlob(row.text).sentiment_assessments.assessments
        # a span holds the assessed words in order, perhaps with words between ("not a good")
        assessed = [(words, f"textblob {p:+.2f}") for words, p, _, _ in assessments]
        for span in tone_spans(spans[spans.doc_id == row.doc_id], row.sent, "textblob").itertuples():
            assert texts[row.doc_id][span.start:span.end] == span.text
            assert row.start <= span.start < span.end <= row.end
            found = span.text.lower().replace("’", "'").split()
            assert any(label == span.label and found[0] == words[0] and found[-1] == words[-1]
                       and all(w in found for w in words) for words, label in assessed), (row.sent, span.text, span.label)
            checked += 1
    return checked


def test_textblob_spans_are_assessed_words(seed_doc, sents, spans, written):
    assert _check_textblob_spans(sents, spans, {seed_doc.doc_id: seed_doc.text}) > 20
    corpus, tables = written
    _check_textblob_spans(tables.sentences, tables.spans, {d.doc_id: d.text for d in corpus})


def test_every_textblob_assessment_has_a_span(sents, spans, written):
    """The spans are "the words behind every score": each assessment TextBlob averaged over
    should be shown, including a negated one like "not a good" (assessed as ['not', 'good'])."""
    corpus, tables = written
    for s, sp in ((sents, spans), (tables.sentences, tables.spans)):
        for row in s.itertuples():
            assessments = textblob.TextBlob(row.text).sentiment_assessments.assessments
            shown = tone_spans(sp[sp.doc_id == row.doc_id], row.sent, "textblob")
            assert len(shown) == len(assessments), (row.text, [a[0] for a in assessments], list(shown.text))


# -- the register file ---------------------------------------------------------------------------
def test_register_file_rows_have_a_source_and_a_known_dimension():
    header, rows = register_rows()
    assert any(line.startswith("# version:") and line.partition(":")[2].strip() for line in header)
    assert any(line.startswith("# source:") and line.partition(":")[2].strip() for line in header)
    assert len(rows) > 50
    assert {r["dimension"] for r in rows} <= {"warmth", "firmness", "negation", "intensifier", "name", "cooperative"}
    without_source = [r["term"] for r in rows if not (r["source"] or "").strip()]
    assert without_source == [], f"rows without a source: {without_source}"


def test_register_file_weights_and_terms():
    _, rows = register_rows()
    terms = [r["term"].lower() for r in rows]
    assert len(terms) == len(set(terms)), "a term listed twice"
    for r in rows:
        w = float(r["weight"])
        if r["dimension"] in ("warmth", "firmness"):
            assert w > 0, r["term"]
        elif r["dimension"] == "intensifier":
            assert w > 1, r["term"]


# -- readouts.tone: kappa and agreement ------------------------------------------------------
def test_cohen_kappa_by_hand():
    a = ["cordial", "cordial", "neutral", "firm", "firm", "cordial"]
    b = ["cordial", "neutral", "neutral", "firm", "cordial", "cordial"]
    # observed agreement: positions 1, 3, 4, 6 agree -> po = 4/6 = 24/36
    # a: cordial 3, neutral 1, firm 2; b: cordial 3, neutral 2, firm 1
    # expected: (3/6)(3/6) + (1/6)(2/6) + (2/6)(1/6) = 9/36 + 2/36 + 2/36 = 13/36
    # kappa = (24/36 - 13/36) / (1 - 13/36) = (11/36) / (23/36) = 11/23 = 0.47826...
    assert tone.cohen_kappa(a, b) == pytest.approx(11 / 23, abs=1e-4)
    assert tone.cohen_kappa(["x", "y", "x", "y"], ["x", "y", "y", "y"]) == 0.5
    assert tone.cohen_kappa(a, a) == 1.0


def test_seed_hand_labels_match_the_sentences(hand, sents):
    assert len(hand) == 19
    assert set(hand.label) <= set(LABELS)
    by_sent = sents.set_index(["doc_id", "sent"]).text
    for row in hand.itertuples():
        assert by_sent[(row.doc_id, row.sent)] == row.text, row.sent
        assert row.reason.strip(), row.sent


def test_agreement_against_seed_hand_labels(hand, sents):
    scores, compared = tone.agreement(sents, hand)
    assert len(compared) == len(hand) == 19
    merged = hand.merge(sents, on=["doc_id", "sent"])
    truth = list(merged.label)
    mine = {
        "textblob": [own_label(v) for v in merged.polarity],
        "vader": [own_label(v) for v in merged.vader],
        "register": [own_register_label(w, f) for w, f in zip(merged.warmth, merged.firmness)],
    }
    scores = scores.set_index("measure")
    assert set(scores.index) == set(mine)
    for measure, labels in mine.items():
        assert list(compared[f"{measure}_label"]) == labels, measure
        accuracy = sum(x == y for x, y in zip(truth, labels)) / len(truth)
        assert scores.loc[measure, "n"] == 19
        assert scores.loc[measure, "accuracy"] == pytest.approx(accuracy, abs=1e-4), measure
        assert scores.loc[measure, "kappa"] == pytest.approx(own_kappa(truth, labels), abs=1e-4), measure
    # the acceptance statement: the diplomatic reading ahead of TextBlob on the hand labels
    assert scores.loc["register", "accuracy"] > scores.loc["textblob", "accuracy"]
    assert scores.loc["register", "kappa"] > scores.loc["textblob", "kappa"]


def test_read_labels_rejects_an_unknown_label(write):
    path = write("bad_tone_labels.csv",
                 "# version: 1\n# source: test\n"
                 "doc_id,sent,label,reason,text\n"
                 "d,1,cordial,warm,Some text.\n"
                 "d,2,hostile,angry,Other text.\n")
    with pytest.raises(ReadoutsError, match="hostile"):
        tone.read_labels(path)
    good = write("good_tone_labels.csv",
                 "# version: 1\n# source: test\n"
                 "doc_id,sent,label,reason,text\n"
                 "d,1,cordial,warm,Some text.\n"
                 "d,2,firm,stern,Other text.\n")
    table = tone.read_labels(good)
    assert list(table.label) == ["cordial", "firm"] and list(table.sent) == [1, 2]


# -- readouts.tone: tables -----------------------------------------------------------------
def test_tone_by_speaker(sents):
    table = tone.tone_by(sents, "speaker")
    assert len(table) == 1
    row = table.iloc[0]
    assert row.speaker == "Xi Jinping"
    body = sents[sents.section == "body"]
    assert row.sentences == len(body) == 19
    for name in ("polarity", "vader", "warmth", "firmness"):
        assert row[name] == pytest.approx(body[name].mean(), abs=1e-3), name


def test_tone_by_point(sents):
    table = tone.tone_by(sents, "point")
    body = sents[sents.section == "body"]
    assert list(table.point) == sorted(body.point.unique()) == [0, 1, 2, 3, 4, 5]
    assert table.point.is_unique
    assert dict(zip(table.point, table.sentences)) == {0: 5, 1: 4, 2: 3, 3: 2, 4: 3, 5: 2}
    assert table.sentences.sum() == 19
    for row in table.itertuples():
        part = body[body.point == row.point]
        assert row.sentences == len(part)
        assert row.firmness == pytest.approx(part.firmness.mean(), abs=1e-3)
        assert row.warmth == pytest.approx(part.warmth.mean(), abs=1e-3)


def test_disagreements_lists_only_sentences_whose_labels_differ(sents, spans):
    table = tone.disagreements(sents, spans)
    assert len(table) > 0
    for row in table.itertuples():
        assert len({row.textblob_label, row.vader_label, row.register_label}) > 1, row.sent
    expected = set()
    for row in sents[sents.section != "headline"].itertuples():
        labels = {own_label(row.polarity), own_label(row.vader), own_register_label(row.warmth, row.firmness)}
        if len(labels) > 1:
            expected.add(row.sent)
    assert set(table.sent) == expected
    assert table.sent.is_unique
    fifth = table[table.text == FIFTH].iloc[0]
    assert (fifth.textblob_label, fifth.register_label) == ("neutral", "firm")
    assert set(fifth.register_words.split("; ")) == {"urged", "differences"}


def test_textblob_blind(spans):
    table = tone.textblob_blind(spans)
    blind = table.set_index("term")
    for term in ("urged", "differences"):
        assert bool(blind.loc[term, "textblob_blind"]), term
        assert blind.loc[term, "textblob_polarity"] == 0
        assert blind.loc[term, "dimension"] == "firmness"
    assert not bool(blind.loc["good neighborliness", "textblob_blind"])
    assert not bool(blind.loc["ready to work with", "textblob_blind"])
    register = spans[(spans.layer == "tone") & spans.label.isin(["warmth", "firmness"])]
    for row in table.itertuples():
        polarity = textblob.TextBlob(row.term).sentiment.polarity
        assert row.textblob_polarity == polarity, row.term
        assert row.textblob_blind == (polarity == 0), row.term
        assert row.count == (register.text.str.lower() == row.term).sum(), row.term
    # four "urged" in the seed; one asks for communication and exchanges, an appeal to cooperate, not firmness
    assert blind.loc["urged", "count"] == 3


def test_tone_charts_name_their_document_and_read_at_forty_documents(tables):
    import matplotlib.pyplot as plt

    from readouts.analyses import plots

    doc_id = tables.documents.doc_id.iloc[0]
    fig, data = tone.tone_arc_chart(tables.sentences, doc_id, tables.documents)
    try:
        assert doc_id in fig.axes[0].get_title(loc="left") and fig._supxlabel.get_text().startswith(doc_id)
    finally:
        plt.close(fig)
    assert isinstance(tone.tone_arc_chart(tables.sentences, "no-such-doc"), plots.NoChart)
    forty = pd.concat([tables.documents.assign(doc_id=f"2023-11-15_whitehouse_readout-number-{i:02d}")
                       for i in range(40)], ignore_index=True)
    fig, data = tone.label_shares_chart(forty)
    try:
        ax = fig.axes[0]
        names = [t.get_text() for t in ax.get_yticklabels()]
        assert len(data) == 40 and len(set(names)) == 40              # shortened names stay apart: 40 bars
        assert fig.get_size_inches()[1] > 10                          # the figure grows with the documents
    finally:
        plt.close(fig)
