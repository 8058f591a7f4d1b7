"""The readout-anatomy layers: who speaks each sentence, with which reporting verb, in which
numbered point, and which quotes, actors and verbs the spans table holds.

The seed is checked sentence by sentence; the other forms a readout takes (a first-person
press conference, a joint readout, a spokesperson Q&A, a name in family-name-first order)
are written by the tests into tmp_path.
"""
from __future__ import annotations

import csv
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import readouts
from readouts.lexicons import read_data_file
from readouts.paths import DATA_DIR, SEEDS_DIR

SPAN_COLUMNS = ["doc_id", "sent", "layer", "label", "start", "end", "text"]

SEED_VERBS = ["say", "point out", "say", "emphasize", "hope", "call for", "urge", "urge", "add", "call for",
              "say", "call on", "call for", "urge", "call for", "advocate", "say", "urge", "call on"]
SEED_POINTS = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5]
SEED_POINT_TITLES = {
    0: "",
    1: "First, Xi called for adherence to important consensus.",
    2: "Second, Xi called for upholding cooperation and mutual benefit.",
    3: "Third, Xi called for efforts to promote people-to-people exchanges.",
    4: "Fourth, Xi called for closer multilateral cooperation.",
    5: "Fifth, Xi urged the two countries to properly manage differences.",
}
SEED_MENTIONS = ["Chinese President Xi Jinping", "Xi", "Xi", "Xi", "He", "Xi", "He", "Xi", "he", "Xi", "he",
                 "He", "Xi", "He", "Xi", "He", "he", "Xi", "He"]
SEED_QUOTES = ["comprehensively advancing the strategic, mutually beneficial relationship",
               "being partners and not threats to each other",
               "taking history as a mirror and opening up the future",
               "Murayama Statement"]


# -- helpers ------------------------------------------------------------------------------------
def annotate_text(write, name: str, text: str) -> tuple[readouts.Document, readouts.Tables]:
    """Write ``text`` (dedented, seed format when it opens with `` date ...``) and annotate it."""
    path = write(name, textwrap.dedent(text).lstrip("\n"))
    corpus = readouts.load_corpus(path)
    assert len(corpus) == 1
    return corpus.documents[0], readouts.annotate(corpus)


def body(tables: readouts.Tables) -> pd.DataFrame:
    return tables.sentences[tables.sentences.section == "body"].reset_index(drop=True)


def row_of(tables: readouts.Tables, text: str) -> pd.Series:
    """The one sentence row whose text is ``text``."""
    rows = tables.sentences[tables.sentences.text == text]
    assert len(rows) == 1, f"expected one sentence {text!r}, got {list(tables.sentences.text)}"
    return rows.iloc[0]


def actors_of(cell: str) -> list[str]:
    return [a.strip() for a in (cell or "").split(";") if a.strip()]


def verb_csv_rows() -> list[dict[str, str]]:
    """reporting_verbs.csv read with the csv module (not the library's reader)."""
    lines = (DATA_DIR / "reporting_verbs.csv").read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if line.strip() and not line.startswith("#")))


def verb_tiers() -> dict[str, int]:
    return {row["verb"]: int(row["tier"]) for row in verb_csv_rows()}


def check_spans(doc: readouts.Document, tables: readouts.Tables) -> None:
    """Columns exactly as documented; each span is its document's text and lies in its sentence."""
    spans = tables.spans
    assert list(spans.columns) == SPAN_COLUMNS
    bounds = {s.sent: (s.start, s.end) for s in doc.sentences}
    for row in spans.itertuples(index=False):
        assert row.doc_id == doc.doc_id
        assert doc.text[row.start:row.end] == row.text, row
        s, e = bounds[row.sent]
        assert s <= row.start < e, row


# -- the seed -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_body(seed_tables) -> pd.DataFrame:
    rows = body(seed_tables)
    assert len(rows) == 19
    return rows


def test_seed_headline_and_every_body_sentence_are_xi(seed_tables, seed_body):
    headline = seed_tables.sentences[seed_tables.sentences.section == "headline"]
    assert len(headline) == 1
    assert headline.iloc[0].text.startswith("Xi says")
    assert headline.iloc[0].speaker == "Xi Jinping"
    assert headline.iloc[0].speaker_role == "person"
    assert list(seed_body.speaker) == ["Xi Jinping"] * 19
    assert list(seed_body.speaker_role) == ["person"] * 19


def test_seed_caption_is_the_narrators(seed_tables):
    caption = seed_tables.sentences[seed_tables.sentences.section == "caption"]
    assert len(caption) == 1
    row = caption.iloc[0]
    assert row.speaker == ""
    assert row.speaker_role == "narrator"
    assert row.speaker_mention == ""


def test_seed_takaichi_is_mentioned_but_speaks_no_sentence(seed_tables):
    sentences = seed_tables.sentences
    mentioned = {name for cell in sentences.actors for name in actors_of(cell)}
    assert "Sanae Takaichi" in mentioned
    assert "Xi Jinping" in mentioned
    assert "Sanae Takaichi" not in set(sentences.speaker)
    # the mention is a span too, labelled with the canonical name
    spans = seed_tables.spans
    takaichi = spans[(spans.layer == "actor") & (spans.label == "Sanae Takaichi")]
    assert len(takaichi) >= 1
    assert set(takaichi.text) <= {"Sanae Takaichi", "Japanese Prime Minister Sanae Takaichi",
                                  "Prime Minister Sanae Takaichi", "Takaichi"}


def test_seed_actors_column_holds_canonical_names(seed_tables, seed_body):
    first = actors_of(seed_body.iloc[0].actors)       # "Chinese President Xi Jinping said ... China ... Japan"
    assert first[0] == "Xi Jinping"
    assert {"China", "Japan"} <= set(first)
    assert len(first) == len(set(first))              # each name once


def test_seed_verbs_in_order(seed_body):
    assert list(seed_body.verb) == SEED_VERBS


def test_seed_points_in_order(seed_body):
    assert [int(p) for p in seed_body.point] == SEED_POINTS


def test_seed_point_titles(seed_body):
    titles = {int(p): t for p, t in zip(seed_body.point, seed_body.point_title)}
    assert titles == SEED_POINT_TITLES
    assert titles[2] == "Second, Xi called for upholding cooperation and mutual benefit."
    for row in seed_body.itertuples():
        assert row.point_title == SEED_POINT_TITLES[int(row.point)]


def test_seed_verb_tiers_come_from_the_csv(seed_body):
    tiers = verb_tiers()
    assert tiers["say"] == 0
    assert tiers["point out"] == tiers["emphasize"] == 1
    assert tiers["hope"] == 2
    assert tiers["call for"] == tiers["urge"] == tiers["call on"] == tiers["advocate"] == 3
    assert tiers["say"] < tiers["point out"] < tiers["hope"] < tiers["urge"]
    assert [int(t) for t in seed_body.verb_tier] == [tiers[v] for v in SEED_VERBS]


def test_seed_no_verb_is_negated_or_hedged(seed_body):
    assert not seed_body.verb_negated.any()
    assert not seed_body.verb_hedged.any()


def test_seed_speaker_mentions(seed_tables, seed_body):
    assert list(seed_body.speaker_mention) == SEED_MENTIONS
    # trailing attributions: "..., Xi said." and "..., he said."
    assert seed_body.iloc[2].text.endswith(", Xi said.")
    assert seed_body.iloc[2].speaker_mention == "Xi"
    assert seed_body.iloc[16].text.endswith(", he said.")
    assert seed_body.iloc[16].speaker_mention == "he"
    assert seed_body.iloc[4].text.startswith("He hoped")
    assert seed_body.iloc[4].speaker_mention == "He"
    headline = seed_tables.sentences[seed_tables.sentences.section == "headline"].iloc[0]
    assert headline.speaker_mention == "Xi"


def test_seed_quotes_are_xis(seed_doc, seed_tables):
    quotes = seed_tables.spans[seed_tables.spans.layer == "quote"]
    assert list(quotes.text) == SEED_QUOTES
    assert set(quotes.label) == {"Xi Jinping"}
    for row in quotes.itertuples():
        assert seed_doc.text[row.start:row.end] == row.text
        assert '"' not in row.text and "“" not in row.text and "”" not in row.text
        assert not row.text.endswith(",") and row.text == row.text.strip()
        assert seed_doc.text[row.start - 1] == '"'              # the mark just outside the span
        assert seed_doc.text[row.end:row.end + 2].lstrip(",.")[:1] == '"'   # then the closing mark
    murayama = quotes[quotes.text == "Murayama Statement"].iloc[0]
    sentence = seed_tables.sentences.loc[seed_tables.sentences.sent == murayama.sent].iloc[0]
    assert sentence.text.startswith('The "Murayama Statement," he added')


def test_seed_spans_table(seed_doc, seed_tables, seed_body):
    check_spans(seed_doc, seed_tables)
    spans = seed_tables.spans
    assert {"actor", "verb", "quote"} <= set(spans.layer)
    assert spans.sent.dtype.kind == "i" and spans.start.dtype.kind == "i" and spans.end.dtype.kind == "i"
    verbs = spans[spans.layer == "verb"]
    by_sent = dict(zip(verbs.sent, verbs.label))
    assert [by_sent.get(int(s)) for s in seed_body.sent] == SEED_VERBS


# -- a first-person press conference ------------------------------------------------------------
PRESS_CONFERENCE = """\
 date 2025-11-01 Press Conference by Prime Minister Takaichi Sanae after the APEC Economic Leaders' Meeting

Today I met President Xi Jinping in Gyeongju. I urged China to release the detained Japanese nationals.

We confirmed that Japan and China will promote a mutually beneficial relationship. I also raised concerns about the situation in the East China Sea.

This is an important step. Our two countries share responsibility for peace in the region.
"""


def test_first_person_press_conference(write):
    doc, tables = annotate_text(write, "2025-11-01_kantei_press-conference.txt", PRESS_CONFERENCE)
    rows = body(tables)
    assert list(rows.text) == [
        "Today I met President Xi Jinping in Gyeongju.",
        "I urged China to release the detained Japanese nationals.",
        "We confirmed that Japan and China will promote a mutually beneficial relationship.",
        "I also raised concerns about the situation in the East China Sea.",
        "This is an important step.",
        "Our two countries share responsibility for peace in the region.",
    ]
    assert list(rows.speaker) == ["Sanae Takaichi"] * 6
    assert list(rows.speaker_role) == ["person"] * 6
    assert list(rows.verb) == ["", "urge", "confirm", "raise concern", "", ""]   # "raised concerns": its own lemma (reporting_verbs 1.1)
    assert list(rows.speaker_mention[1:4]) == ["I", "We", "I"]
    tiers = verb_tiers()
    assert int(rows.verb_tier[1]) == tiers["urge"] and int(rows.verb_tier[2]) == tiers["confirm"]
    check_spans(doc, tables)


# -- a joint readout, with negated and hedged verbs ---------------------------------------------
JOINT_READOUT = """\
 date 2025-11-01 Japan-China Summit Meeting

On October 31, Prime Minister Takaichi held a meeting with President Xi Jinping in Gyeongju.

The leaders agreed to promote a mutually beneficial relationship. Both sides reaffirmed the importance of dialogue. They also exchanged views on regional affairs. The two sides did not rule out a further meeting next year.

Takaichi may urge China to lift its ban on Japanese seafood. Xi reportedly warned Japan over Taiwan.
"""


def test_joint_readout(write):
    doc, tables = annotate_text(write, "2025-11-01_mofa_summit.txt", JOINT_READOUT)
    assert row_of(tables, "On October 31, Prime Minister Takaichi held a meeting with President Xi Jinping "
                          "in Gyeongju.").speaker_role == "narrator"
    for text, verb in [("The leaders agreed to promote a mutually beneficial relationship.", "agree"),
                       ("Both sides reaffirmed the importance of dialogue.", "reaffirm"),
                       ("They also exchanged views on regional affairs.", None),
                       ("The two sides did not rule out a further meeting next year.", "rule out")]:
        row = row_of(tables, text)
        assert row.speaker_role == "joint", row
        assert row.speaker != ""
        if verb:
            assert row.verb == verb
    check_spans(doc, tables)


def test_negated_verb_is_marked_not_dropped(write):
    doc, tables = annotate_text(write, "2025-11-01_mofa_summit.txt", JOINT_READOUT)
    row = row_of(tables, "The two sides did not rule out a further meeting next year.")
    assert row.verb == "rule out"
    assert int(row.verb_tier) == verb_tiers()["rule out"]
    assert bool(row.verb_negated) is True
    assert bool(row.verb_hedged) is False
    spans = tables.spans
    verb_spans = spans[(spans.layer == "verb") & (spans.sent == row.sent)]
    assert list(verb_spans.label) == ["rule out"] and list(verb_spans.text) == ["rule out"]
    agreed = row_of(tables, "The leaders agreed to promote a mutually beneficial relationship.")
    assert bool(agreed.verb_negated) is False


@pytest.mark.parametrize("text, speaker, verb", [
    ("Takaichi may urge China to lift its ban on Japanese seafood.", "Sanae Takaichi", "urge"),
    ("Xi reportedly warned Japan over Taiwan.", "Xi Jinping", "warn"),
])
def test_hedged_verb_is_marked(write, text, speaker, verb):
    _, tables = annotate_text(write, "2025-11-01_mofa_summit.txt", JOINT_READOUT)
    row = row_of(tables, text)
    assert row.speaker == speaker
    assert row.verb == verb
    assert bool(row.verb_hedged) is True
    assert bool(row.verb_negated) is False


# -- a spokesperson's Q&A -----------------------------------------------------------------------
PRESS_BRIEFING = """\
 date 2025-11-05 Foreign Ministry Spokesperson Mao Ning's Regular Press Conference on November 5, 2025

Q: Japan's prime minister said yesterday that Japan may act over Taiwan. What is China's comment?

A: We firmly oppose these remarks. China urges Japan to stop its provocations.

The Taiwan question is China's internal affair.

Q: Can you confirm the date of the next meeting?

Could you also give details?

Lin Jian: I have no information to offer on that.

We will release information in due course.
"""


def test_spokesperson_question_and_answer(write):
    doc, tables = annotate_text(write, "2025-11-05_mfa_press-conference.txt", PRESS_BRIEFING)
    headline = tables.sentences[tables.sentences.section == "headline"].iloc[0]
    assert headline.speaker_role == "narrator" and headline.speaker == ""
    rows = body(tables)
    got = [(r.text, r.speaker, r.speaker_role) for r in rows.itertuples()]
    assert got == [
        ("Q: Japan's prime minister said yesterday that Japan may act over Taiwan.", "", "questioner"),
        ("What is China's comment?", "", "questioner"),
        ("A: We firmly oppose these remarks.", "Mao Ning", "person"),
        ("China urges Japan to stop its provocations.", "Mao Ning", "person"),
        ("The Taiwan question is China's internal affair.", "Mao Ning", "person"),     # no label: goes on
        ("Q: Can you confirm the date of the next meeting?", "", "questioner"),
        ("Could you also give details?", "", "questioner"),                             # no label: goes on
        ("Lin Jian: I have no information to offer on that.", "Lin Jian", "person"),
        ("We will release information in due course.", "Lin Jian", "person"),         # no label: goes on
    ]
    assert rows.verb[2] == "oppose" and rows.verb[3] == "urge"
    check_spans(doc, tables)


# -- family-name-first order --------------------------------------------------------------------
def test_family_name_first_order(write):
    doc, tables = annotate_text(write, "2025-11-01_kyodo_takaichi-xi.txt", """\
         date 2025-11-01 Takaichi tells Xi Japan wants stable ties

        Prime Minister Takaichi Sanae told Chinese President Xi Jinping that Japan wants stable ties.

        Takaichi said Japan will continue dialogue with China. She stressed the importance of peace in the Taiwan Strait.
        """)
    rows = body(tables)
    assert list(rows.speaker) == ["Sanae Takaichi"] * 3
    assert list(rows.speaker_role) == ["person"] * 3
    assert list(rows.speaker_mention) == ["Prime Minister Takaichi Sanae", "Takaichi", "She"]
    assert list(rows.verb) == ["tell", "say", "stress"]
    assert "Sanae Takaichi" in actors_of(rows.actors[0])
    assert "Xi Jinping" not in set(rows.speaker)
    check_spans(doc, tables)


# -- reported speech: unknown names, narration, continuation ------------------------------------
@pytest.mark.parametrize("titled", ["Foreign Minister Jane Doe", "Japanese Foreign Minister Jane Doe"])
def test_unknown_name_speaks_by_the_name_as_written(write, titled):
    _, tables = annotate_text(write, "2025-11-15_xinhua_lima.txt", f"""\
         date 2025-11-15 Talks in Lima

        {titled} said the talks were constructive.
        """)
    row = row_of(tables, f"{titled} said the talks were constructive.")
    assert row.speaker == "Jane Doe"
    assert row.speaker_role == "person"
    assert row.speaker_mention == titled
    assert row.verb == "say"


def test_narration_and_continuation(write):
    doc, tables = annotate_text(write, "2025-11-15_xinhua_lima.txt", """\
         date 2025-11-15 Xi meets foreign minister in Lima

        Xi met Jane Doe in Lima on Friday.

        Xi said China is ready to work with all sides. The relationship is at a critical juncture.

        Foreign Minister Jane Doe said the talks were constructive. This will help both countries.

        Xi met Takaichi in Lima on Friday.
        """)
    got = [(r.text, r.speaker, r.speaker_role) for r in body(tables).itertuples()]
    assert got == [
        ("Xi met Jane Doe in Lima on Friday.", "", "narrator"),
        ("Xi said China is ready to work with all sides.", "Xi Jinping", "person"),
        ("The relationship is at a critical juncture.", "Xi Jinping", "person"),
        ("Foreign Minister Jane Doe said the talks were constructive.", "Jane Doe", "person"),
        ("This will help both countries.", "Jane Doe", "person"),
        ("Xi met Takaichi in Lima on Friday.", "", "narrator"),
    ]
    narration = row_of(tables, "Xi met Takaichi in Lima on Friday.")
    assert narration.verb == "" and pd.isna(narration.verb_tier)
    check_spans(doc, tables)


def test_appositive_subject_is_the_speaker(write):
    # Xinhua's house style: "Xi, also general secretary of ..., said ..."; China is what he talks about
    _, tables = annotate_text(write, "2025-11-15_xinhua_lima.txt", """\
         date 2025-11-15 Xi meets Takaichi

        Xi, also general secretary of the Communist Party of China Central Committee, said China is ready to work with Japan.
        """)
    row = row_of(tables, "Xi, also general secretary of the Communist Party of China Central Committee, "
                         "said China is ready to work with Japan.")
    assert row.verb == "say"
    assert (row.speaker, row.speaker_role) == ("Xi Jinping", "person")


def test_multi_sentence_quote_belongs_to_its_speaker(write):
    doc, tables = annotate_text(write, "2025-11-15_xinhua_lima.txt", """\
         date 2025-11-15 Xi meets Takaichi

        Xi met Takaichi in Lima on Friday.

        "We need peace. We need dialogue," Xi said.
        """)
    quotes = tables.spans[tables.spans.layer == "quote"]
    assert list(quotes.text) == ["We need peace. We need dialogue"]
    assert list(quotes.label) == ["Xi Jinping"]
    assert row_of(tables, '"We need peace.').speaker == "Xi Jinping"
    check_spans(doc, tables)


def test_speakers_do_not_carry_over_between_documents(write):
    folder = write("a/2025-11-01_xinhua_a.txt", " date 2025-11-01 A\n\nXi said China is ready.\n").parent
    write("a/2025-11-02_xinhua_b.txt", " date 2025-11-02 B\n\nThe weather was fine.\n")
    corpus = readouts.load_corpus(folder)
    assert len(corpus) == 2
    tables = readouts.annotate(corpus)
    assert row_of(tables, "Xi said China is ready.").speaker == "Xi Jinping"
    second = row_of(tables, "The weather was fine.")
    assert (second.speaker, second.speaker_role) == ("", "narrator")


# -- numbered points ----------------------------------------------------------------------------
def test_numbered_points(write):
    _, tables = annotate_text(write, "2025-11-01_xinhua_points.txt", """\
         date 2025-11-01 Xi makes proposals

        Xi said China values its ties with its neighbours.

        1. Xi called for dialogue. He said dialogue matters.

        2. Xi urged cooperation.

        3. Xi advocated peace.
        """)
    rows = body(tables)
    assert [int(p) for p in rows.point] == [0, 1, 1, 2, 3]
    assert list(rows.point_title) == ["", "1. Xi called for dialogue.", "1. Xi called for dialogue.",
                                      "2. Xi urged cooperation.", "3. Xi advocated peace."]


def test_ordinal_points(write):
    _, tables = annotate_text(write, "2025-11-01_xinhua_points.txt", """\
         date 2025-11-01 Xi makes proposals

        Xi said China values its ties. First, Xi called for dialogue. He said dialogue matters.

        Second, Xi urged cooperation. Third, he advocated peace.
        """)
    rows = body(tables)
    assert [int(p) for p in rows.point] == [0, 1, 1, 2, 3]
    assert list(rows.point_title) == ["", "First, Xi called for dialogue.", "First, Xi called for dialogue.",
                                      "Second, Xi urged cooperation.", "Third, he advocated peace."]


def test_a_lone_first_is_no_enumeration(write):
    _, tables = annotate_text(write, "2025-11-01_xinhua_first.txt", """\
         date 2025-11-01 Xi meets Takaichi

        Xi said China values its ties. First, Xi called for dialogue. He said dialogue matters.

        Xi urged cooperation.
        """)
    rows = body(tables)
    assert [int(p) for p in rows.point] == [0, 0, 0, 0]
    assert list(rows.point_title) == ["", "", "", ""]


# -- the lexicon files --------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["reporting_verbs.csv", "actors.csv"])
def test_lexicon_files_have_a_version_and_source(name):
    data = read_data_file(name)
    assert data.version.strip() != ""
    assert data.meta.get("source", "").strip() != ""
    head = [line for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any(line.lstrip("# ").lower().startswith("version:") and line.split(":", 1)[1].strip()
               for line in head)


def test_every_verb_row_has_a_source_and_a_tier_0_to_7():
    rows = verb_csv_rows()
    assert len(rows) > 20
    for row in rows:
        assert row["verb"].strip(), row
        assert row["source"].strip(), row
        assert row["tier"].strip().isdigit(), row
        assert 0 <= int(row["tier"]) <= 7, row
        assert row["forms"].strip(), row
    assert len({row["verb"] for row in rows}) == len(rows)      # one row per lemma
    assert read_data_file("reporting_verbs.csv").rows == tuple(
        {k: (v or "").strip() for k, v in row.items()} for row in rows)


# -- the spans table ----------------------------------------------------------------------------
def test_spans_table_of_a_text_with_nothing_to_mark(write):
    doc, tables = annotate_text(write, "notes.txt", "Hello world. Nothing here.\n")
    assert list(tables.spans.columns) == SPAN_COLUMNS
    assert len(tables.spans) == 0
    assert list(tables.sentences.speaker_role) == ["narrator", "narrator"]


def test_cli_writes_the_spans_table(tmp_path, seed_doc):
    out, spans_out = tmp_path / "out" / "s.csv", tmp_path / "out" / "sp.csv"
    proc = subprocess.run([sys.executable, "-m", "readouts", "annotate", str(SEEDS_DIR),
                           "--out", str(out), "--spans", str(spans_out)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    spans = pd.read_csv(spans_out, dtype=str, keep_default_na=False)
    assert list(spans.columns) == SPAN_COLUMNS
    quotes = spans[spans.layer == "quote"]
    assert list(quotes.text) == SEED_QUOTES
    assert set(quotes.label) == {"Xi Jinping"}
    for row in spans.itertuples(index=False):
        assert row.doc_id == seed_doc.doc_id
        assert seed_doc.text[int(row.start):int(row.end)] == row.text, row
    sentences = pd.read_csv(out, keep_default_na=False)
    assert list(sentences[sentences.section == "body"].verb) == SEED_VERBS


# -- charts of one document and of the corpus ---------------------------------------------------
def test_doc_chart_name_keeps_a_safe_id_and_hashes_a_changed_or_cut_one():
    from readouts.analyses.plots import SLUG_MAX, doc_chart_name

    assert doc_chart_name("verb_ladder", "JPN_80_2025") == "verb_ladder_JPN_80_2025"
    odd = doc_chart_name("tone_arc", "../Rede: 3. Oktober?")
    assert odd.startswith("tone_arc_Rede-3.-Oktober-") and "/" not in odd and ":" not in odd
    assert doc_chart_name("x", "a b") != doc_chart_name("x", "a/b")            # both slug to "a-b": hashes differ
    long = doc_chart_name("x", "y" * 300)
    assert len(long) <= len("x_") + SLUG_MAX + 7 and long != doc_chart_name("x", "y" * 299)
    assert doc_chart_name("x", "习近平会见").startswith("x_") and len(doc_chart_name("x", "习近平会见")) > 3


def test_documents_to_chart_picks_by_date_or_by_name_and_says_how_to_chart_others():
    from readouts.analyses.plots import documents_to_chart
    from readouts.errors import ReadoutsError

    docs = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(40)],
                         "date": [f"2024-01-{40 - i:02d}" if i < 30 else None for i in range(40)]})
    ids, note = documents_to_chart(docs, "", 10)
    assert ids == [f"d{i:02d}" for i in range(29, 19, -1)]                  # the earliest ten, undated last
    assert note.startswith("Charted: 10 of 40 documents (the first 10 by date); set `documents_charted = \"")
    ids, note = documents_to_chart(docs, " d35 ;d01", 10)
    assert ids == ["d35", "d01"] and "2 of 40 documents (chosen in documents_charted)" in note
    assert documents_to_chart(docs.head(3), "", 10)[1] == "Charted: all 3 documents."
    with pytest.raises(ReadoutsError, match=r"^documents_charted: no document 'nope' in the corpus; doc_ids are "
                                            r"e\.g\. d00, d01, d02 \(40 in all"):
        documents_to_chart(docs, "d01; nope", 10)


def test_verb_charts_name_their_document_and_skip_a_document_without_verbs(seed_tables, tmp_path):
    import matplotlib.pyplot as plt

    from readouts.analyses import plots, readout_anatomy as anatomy

    ladder = anatomy.verb_ladder(seed_tables.sentences)
    doc_id = seed_tables.documents.doc_id.iloc[0]
    fig, data = anatomy.verb_ladder_chart(ladder, doc_id, seed_tables.documents)
    try:
        assert doc_id in fig.axes[0].get_title(loc="left") and len(data) == len(ladder)      # title names it
        assert fig._supxlabel.get_text().startswith(f"{doc_id}: ")                         # and the caption
        png, csv = plots.save_chart(fig, data, tmp_path, plots.doc_chart_name("verb_ladder", doc_id))
        assert png.name == f"verb_ladder_{doc_id}.png" and png.with_suffix(".svg").exists()
    finally:
        plt.close(fig)
    again, _ = anatomy.verb_ladder_chart(ladder, doc_id, seed_tables.documents)
    try:
        plots.save_chart(again, data, tmp_path, "again")
        assert (tmp_path / "again.svg").read_bytes() == png.with_suffix(".svg").read_bytes()   # the same bytes
    finally:
        plt.close(again)
    none = anatomy.verb_ladder_chart(ladder, "no-such-doc")
    assert isinstance(none, plots.NoChart) and "no-such-doc" in none
    assert plots.save_or_say(none, tmp_path, "nothing") is None and not list(tmp_path.glob("nothing*"))
    fig, data = anatomy.verb_tiers_chart(ladder, seed_tables.documents)
    try:
        assert data.doc_id.tolist() == [doc_id] and data.n_verbs.tolist() == [len(ladder)]
    finally:
        plt.close(fig)


def _performative_by_reading(tokens, k):
    """The rule as first written: the sentence read again for every verb (quadratic on a long text)."""
    from readouts.layers.subjects import PERFORMATIVE_LEAD

    colons = [n for n, (t, _, _) in enumerate(tokens[:k]) if t in ":："]
    start = colons[-1] + 1 if colons else 0
    lead = [t.lower() for t, _, _ in tokens[start:k] if t[:1].isalpha() and not (t[:1].isupper() and t != "I")]
    return k == start or (len(lead) <= 7 and all(w in PERFORMATIVE_LEAD for w in lead))


@pytest.mark.parametrize("seed", range(20))
def test_performative_counts_agree_with_reading_the_lead(seed):
    import random

    from readouts.layers.subjects import _performative
    from readouts.matcher import Tokens

    rng = random.Random(seed)
    vocab = ["I", "we", "want", "to", "thank", "Thank", "Senator", ",", ":", "：", "folks", "the", "talks", "let",
             "me", "Japan", "pleased", "am", "stress", "very"]
    words = [rng.choice(vocab) for _ in range(rng.randint(1, 60))]
    for tokens in (Tokens((w, 0, 0) for w in words), [(w, 0, 0) for w in words]):   # memoised, and not
        for k in range(len(words)):
            assert _performative(tokens, k) == _performative_by_reading(tokens, k), (words, k)
