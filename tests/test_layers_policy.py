"""The policy-area coder: the scheme file, term matching, the annotated seed against its hand
coding, and the tables of ``readouts.areas``."""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import yaml

import readouts
from readouts.analyses import policy_areas as areas
from readouts.layers.policy import SCHEME_FILE, code_text, load_scheme, term_matcher, variants
from readouts.paths import DATA_DIR

DATA = Path(__file__).parents[1] / "validation" / "labels"
SEED_CODING = DATA / "seed_policy_coding.csv"
SHIPPED_SCHEME = DATA_DIR / SCHEME_FILE


def codes_of(cell) -> list[str]:
    return [c for c in str(cell or "").split(";") if c]


def found(matcher, text: str) -> list[str]:
    """The codes a matcher gives ``text`` (excluded phrases, value None, left out)."""
    return [m.value.code for m in matcher.find(text) if m.value is not None]


# -- fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tables(seed_tables):
    return seed_tables


@pytest.fixture(scope="module")
def sents(tables):
    return tables.sentences


@pytest.fixture(scope="module")
def body(sents):
    return sents[sents.section == "body"]


@pytest.fixture(scope="module")
def coding():
    return areas.read_coding(SEED_CODING)


@pytest.fixture(scope="module")
def scheme():
    return load_scheme()


@pytest.fixture(scope="module")
def raw_scheme():
    return yaml.safe_load(SHIPPED_SCHEME.read_text(encoding="utf-8"))


def the_sentence(sents, *words):
    """The one sentence row containing all ``words``."""
    rows = sents[sents.text.map(lambda t: all(w in t for w in words))]
    assert len(rows) == 1, (words, rows.text.tolist())
    return rows.iloc[0]


def the_hand_coding(coding, row):
    hit = coding[(coding.doc_id == row.doc_id) & (coding.sent == row.sent)]
    assert len(hit) == 1, (row.doc_id, row.sent)
    return hit.iloc[0]


# -- the annotated seed ----------------------------------------------------------------------
def test_hand_coding_rows_are_the_seed_sentences(sents, coding):
    assert len(coding) > 0
    by_key = sents.set_index(["doc_id", "sent"])
    for r in coding.itertuples():
        assert (r.doc_id, r.sent) in by_key.index, (r.doc_id, r.sent)
        assert by_key.loc[(r.doc_id, r.sent)].text == r.text, (r.doc_id, r.sent)


def test_seed_policy_areas_equal_hand_coding(sents, coding):
    by_key = sents.set_index(["doc_id", "sent"])
    differ = []
    for r in coding.itertuples():
        got = by_key.loc[(r.doc_id, r.sent)].policy_areas
        if got != ";".join(codes_of(r.areas)):
            differ.append((r.sent, r.areas, got, r.text))
    assert differ == []


def test_policy_areas_column_is_scheme_ordered_codes(sents, scheme):
    order = scheme.codes
    for cell in sents.policy_areas:
        assert isinstance(cell, str)
        got = codes_of(cell)
        assert all(c in order for c in got), cell
        assert got == sorted(set(got), key=order.index), cell


@pytest.mark.parametrize("words, want", [
    (("high-end manufacturing", "digital economy", "green development", "finance", "healthcare",
      "elderly care", "third-party markets"), "A5;A6;A7;A8;A9;A14"),
    (("history", "Taiwan", "four political documents"), "A1;A2;A3"),
    (("Murayama Statement",), "A3"),
    (("true multilateralism", "Asia-Pacific community"), "A14"),
])
def test_seed_sentences_code_what_they_are_about(sents, coding, words, want):
    row = the_sentence(sents, *words)
    assert row.section == "body"
    assert row.policy_areas == want
    assert row.policy_areas == ";".join(codes_of(the_hand_coding(coding, row).areas))


def test_people_to_people_sentences_code_a11(sents, coding):
    rows = sents[sents.text.str.contains("people-to-people")]
    assert len(rows) == 2
    for row in rows.itertuples():
        assert "A11" in codes_of(row.policy_areas), row.text
        assert row.policy_areas == ";".join(codes_of(the_hand_coding(coding, row).areas))


def test_photo_caption_codes_no_area(sents, coding, seed_doc):
    row = the_sentence(sents, "meets with", "on the sidelines of", "Asia-Pacific Economic Cooperation")
    assert row.section == "caption"
    assert row.text.strip() == seed_doc.caption.strip()
    assert row.policy_areas == ""
    assert codes_of(the_hand_coding(coding, row).areas) == []


def test_seed_with_typographic_apostrophes_codes_the_same(seed_path, coding, write):
    """The same readout typeset with ’ instead of ' (as many outlets publish it) codes the same:
    "APEC Economic Leaders’ Meeting" is still only a venue."""
    text = seed_path.read_text(encoding="utf-8").replace("'", "\u2019")
    path = write(seed_path.name, text)
    sents = readouts.annotate(readouts.load_corpus(path)).sentences.set_index(["doc_id", "sent"])
    differ = []
    for r in coding.itertuples():
        got = sents.loc[(r.doc_id, r.sent)].policy_areas
        if got != ";".join(codes_of(r.areas)):
            differ.append((r.sent, r.areas, got))
    assert differ == []


# -- validation ------------------------------------------------------------------------------
def test_validate_micro_f1_on_seed(sents, coding):
    scores, comparison = areas.validate(coding)
    micro = scores[scores.area == "micro"].iloc[0]
    assert micro.f1 >= 0.9

    by_key = sents.set_index(["doc_id", "sent"])
    tp = fp = fn = 0
    for r in coding.itertuples():
        want = set(codes_of(r.areas))
        got = set(codes_of(by_key.loc[(r.doc_id, r.sent)].policy_areas))
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
    assert (micro.tp, micro.fp, micro.fn) == (tp, fp, fn)
    assert micro.f1 == pytest.approx(round(2 * tp / (2 * tp + fp + fn), 3))
    assert micro.support == tp + fn
    assert len(comparison) == len(coding)


def test_validate_per_area_rows(coding, scheme):
    scores, _ = areas.validate(coding)
    assert scores.area.tolist() == scheme.codes + ["micro"]
    per_area = scores[scores.area != "micro"]
    micro = scores[scores.area == "micro"].iloc[0]
    assert (per_area.tp.sum(), per_area.fp.sum(), per_area.fn.sum()) == (micro.tp, micro.fp, micro.fn)
    for code in scheme.codes:
        support = sum(code in codes_of(a) for a in coding.areas)
        assert scores.set_index("area").loc[code, "support"] == support, code


def test_validate_rejects_a_code_not_in_the_scheme(coding):
    bad = coding.head(3).copy()
    bad.loc[bad.index[1], "areas"] = "A1;A99"
    with pytest.raises(readouts.ReadoutsError, match="A99"):
        areas.validate(bad)


# -- spans -----------------------------------------------------------------------------------
def test_policy_spans_reproduce_text_and_carry_codes(tables, seed_doc, scheme):
    spans = tables.spans[tables.spans.layer == "policy"]
    assert len(spans) > 0
    bounds = tables.sentences.set_index("sent")
    for s in spans.itertuples():
        assert seed_doc.text[s.start:s.end] == s.text, s
        assert s.label in scheme.codes, s
        sent = bounds.loc[s.sent]
        assert sent.start <= s.start < s.end <= sent.end, s


def test_sentence_codes_are_the_labels_of_its_spans(tables, scheme):
    spans = tables.spans[tables.spans.layer == "policy"]
    for row in tables.sentences.itertuples():
        labels = set(spans[spans.sent == row.sent].label)
        assert row.policy_areas == ";".join(sorted(labels, key=scheme.codes.index)), row.text


# -- matching --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, want", [
    ("cooperation in third party market", ["A14"]),
    ("THIRD-PARTY MARKETS", ["A14"]),
    ("High End Manufacturing", ["A6"]),
    ("high-end manufacturing", ["A6"]),
    ("a stable supply chain", ["A5"]),
    ("stable supply chains", ["A5"]),
    ("supply-chain resilience", ["A5"]),
    ("TAIWAN", ["A2"]),
    ("people to people exchanges", ["A11"]),
    ("the digital economies of both", ["A6"]),
])
def test_case_plural_and_hyphen_variants(text, want):
    assert code_text(text) == want


def test_variants_of_a_term():
    assert {"third-party market", "third-party markets", "third party market", "third party markets"} \
        <= variants("third-party market")
    assert {"supply chain", "supply chains", "supply-chain"} <= variants("supply chain")


def test_terms_match_whole_words_only():
    assert code_text("the chainsaw and the tradesman") == []     # not "chains", not "trade"
    assert code_text("historically") == []                       # not "history"


def test_venue_is_not_a_topic():
    assert code_text("on the sidelines of the APEC Economic Leaders' Meeting") == []
    assert code_text("Xi met Takaichi on the sidelines of the 32nd APEC Economic Leaders' Meeting in Gyeongju.") == []
    assert code_text("The two sides should jointly uphold APEC.") == ["A14"]
    assert code_text("uphold APEC") == ["A14"]


def test_venue_after_on_the_sidelines_of_is_not_a_topic():
    """The scheme excludes "on the sidelines of" because it "introduces a venue"; the venue it
    introduces is what must not count (as the hand coding says of the caption)."""
    assert code_text("Xi met Takaichi on the sidelines of the APEC summit in Gyeongju.") == []


def test_venue_with_typographic_apostrophe_is_not_a_topic():
    assert code_text("on the sidelines of the APEC Economic Leaders\u2019 Meeting") == []


def test_word_inside_a_name_or_title_is_not_a_topic():
    assert code_text("Finance Minister Smith") == []
    assert "A7" not in code_text("Finance Minister Smith attended the banquet.")
    assert code_text("finance minister smith") == []
    assert "A5" not in code_text("Asia-Pacific Economic Cooperation")
    assert code_text("Asia-Pacific Economic Cooperation") == ["A14"]
    assert "A1" not in code_text("the Communist Party of China Central Committee")
    # the same words outside the name or title do count
    assert code_text("cooperation in finance") == ["A7"]
    assert code_text("economic cooperation") == ["A5"]


def test_plural_title_is_not_a_topic():
    """"Finance Minister" is an excluded title; "Finance Ministers" is the same title."""
    assert "A7" not in code_text("Finance Ministers Kato and Lan attended the banquet.")


def test_default_matcher_and_code_text_agree_with_the_layer(sents):
    matcher = term_matcher()
    order = load_scheme().codes
    for row in sents.itertuples():
        got = sorted(set(found(matcher, row.text)), key=order.index)
        assert ";".join(got) == row.policy_areas == ";".join(code_text(row.text)), row.text


# -- the scheme file -------------------------------------------------------------------------
def test_scheme_has_version_source_and_complete_areas(scheme, raw_scheme):
    assert str(raw_scheme["version"]).strip() and str(raw_scheme["source"]).strip()
    assert scheme.version == str(raw_scheme["version"]) and scheme.source == str(raw_scheme["source"])
    cap_topics = {int(k) for k in raw_scheme["cap_topics"]}
    codes = [a["code"] for a in raw_scheme["areas"]]
    assert len(codes) == 14 and len(set(codes)) == 14
    assert scheme.codes == codes
    for a in raw_scheme["areas"]:
        assert a["cap"] and all(int(c) in cap_topics for c in a["cap"]), a["code"]
        assert all(int(s) // 100 in {int(c) for c in a["cap"]} for s in a.get("cap_subtopics") or ()), a["code"]
        assert str(a.get("name", "")).strip(), a["code"]
        assert str(a.get("definition", "")).strip(), a["code"]
        assert a["terms"] and all(str(t).strip() for t in a["terms"]), a["code"]
    for e in raw_scheme.get("exclusions") or ():
        assert str(e["phrase"]).strip() and str(e.get("reason", "")).strip(), e


def test_no_term_is_claimed_by_two_areas_or_an_exclusion(scheme):
    """A term (in any of its forms) belongs to one area; otherwise one area silently loses it."""
    owner: dict[str, str] = {}
    clashes = []
    excluded = {p.lower() for p, _ in scheme.exclusions}
    for area in scheme.areas:
        for term in area.terms:
            for form in variants(term):
                key = form.lower()
                if key in excluded or owner.get(key, area.code) != area.code:
                    clashes.append((form, owner.get(key), area.code))
                owner[key] = area.code
    assert clashes == []


def edited_scheme(tmp_path, edit) -> Path:
    data = yaml.safe_load(SHIPPED_SCHEME.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "my_policy_areas.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_researcher_adds_term_area_and_exclusion_in_the_data_file(tmp_path):
    def edit(data):
        data["version"] = "1.1 (test)"
        a5 = next(a for a in data["areas"] if a["code"] == "A5")
        a5["terms"].append("de-risking")
        data["areas"].append({"code": "A15", "name": "Space & polar", "cap": [17], "cap_subtopics": [1798],
                              "definition": "Outer space and the polar regions.",
                              "terms": ["lunar exploration", "polar research", "Arctic"]})
        data["exclusions"].append({"phrase": "Digital Minister", "reason": "a title"})
    path = edited_scheme(tmp_path, edit)

    # before: the shipped scheme knows none of it
    assert code_text("de-risking") == [] and code_text("lunar exploration") == []
    assert code_text("Digital Minister Taira") == ["A6"]

    mine = load_scheme(path)
    assert mine.version == "1.1 (test)"
    assert mine.codes[-1] == "A15" and len(mine.codes) == 15
    assert mine.area("A15").cap == (17,) and mine.area("A15").name == "Space & polar"
    assert "de-risking" in mine.area("A5").terms
    assert ("Digital Minister", "a title") in mine.exclusions

    m = term_matcher(path)
    assert found(m, "calls for de-risking") == ["A5"]
    assert found(m, "calls for de risking") == ["A5"]                 # hyphen/space variant
    assert found(m, "joint Lunar Explorations and polar research") == ["A15", "A15"]   # case, plural
    assert found(m, "the arctic") == ["A15"]
    assert found(m, "Digital Minister Taira") == []                  # the new exclusion blocks A6
    assert found(m, "the digital economy") == ["A6"]                 # the rest of A6 still works
    assert found(m, "Finance Minister Smith") == []                  # old exclusions kept

    # the shipped scheme is untouched by the copy
    assert "A15" not in load_scheme().codes
    assert code_text("lunar exploration") == []


def _area_without(field):
    def edit(data):
        del next(a for a in data["areas"] if a["code"] == "A3")[field]
    return edit


@pytest.mark.parametrize("field", ["definition", "terms", "cap", "name"])
def test_area_missing_a_field_is_an_error_naming_the_file(tmp_path, field):
    path = edited_scheme(tmp_path, _area_without(field))
    with pytest.raises(readouts.ReadoutsError) as err:
        load_scheme(path)
    assert str(path) in str(err.value) and "A3" in str(err.value) and field in str(err.value)
    with pytest.raises(readouts.ReadoutsError, match="A3"):
        term_matcher(path)


@pytest.mark.parametrize("key", ["version", "source", "areas"])
def test_scheme_missing_a_top_level_key_is_an_error_naming_the_file(tmp_path, key):
    path = edited_scheme(tmp_path, lambda data: data.pop(key))
    with pytest.raises(readouts.ReadoutsError) as err:
        load_scheme(path)
    assert str(path) in str(err.value) and key in str(err.value)


def test_duplicate_area_code_is_an_error_naming_the_file(tmp_path):
    def edit(data):
        data["areas"].append(dict(data["areas"][1], name="Copy of A2"))
    path = edited_scheme(tmp_path, edit)
    with pytest.raises(readouts.ReadoutsError) as err:
        load_scheme(path)
    assert str(path) in str(err.value) and "A2" in str(err.value)


def test_yaml_syntax_error_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    text = SHIPPED_SCHEME.read_text(encoding="utf-8").replace("terms: [Taiwan,", "terms: [Taiwan: {,", 1)
    assert text != SHIPPED_SCHEME.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(readouts.ReadoutsError) as err:
        load_scheme(path)
    assert str(path) in str(err.value)
    with pytest.raises(readouts.ReadoutsError):
        term_matcher(path)


def test_missing_scheme_file_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(readouts.ReadoutsError) as err:
        load_scheme(path)
    assert str(path) in str(err.value)


# -- tables ----------------------------------------------------------------------------------
def test_document_shares_counts_and_shares(sents, body, coding, scheme):
    table = areas.document_shares(sents)
    doc_ids = sents.doc_id.unique().tolist()
    assert len(table) == len(doc_ids) * len(scheme.codes)
    assert table.code.tolist() == scheme.codes
    assert table.name.tolist() == [a.name for a in scheme.areas]
    total_words = body.n_words.sum()
    for row in table.itertuples():
        having = body[body.policy_areas.map(lambda c: row.code in codes_of(c))]
        assert row.n_sentences == len(having), row.code
        assert row.share_sentences == pytest.approx(round(len(having) / len(body), 4)), row.code
        assert row.n_words == having.n_words.sum(), row.code
        assert row.share_words == pytest.approx(round(having.n_words.sum() / total_words, 4)), row.code

    # A1 by the hand coding: its body sentences that a reader coded A1
    body_sents = set(body.sent)
    hand_a1 = sum(1 for r in coding.itertuples() if r.sent in body_sents and "A1" in codes_of(r.areas))
    a1 = table.set_index("code").loc["A1"]
    assert len(body) == 19 and a1.n_sentences == hand_a1 == 12
    assert a1.share_sentences == pytest.approx(round(12 / 19, 4))
    # absent areas are there with zeros
    assert table.set_index("code").loc["A4"].n_sentences == 0


def test_documents_by_areas(sents, scheme):
    shares = areas.document_shares(sents)
    wide = areas.documents_by_areas(shares)
    assert wide.columns.tolist() == scheme.codes
    assert wide.index.tolist() == sents.doc_id.unique().tolist()
    for row in shares.itertuples():
        assert wide.loc[row.doc_id, row.code] == row.share_sentences


def test_share_chart_data(sents, body, scheme):
    fig, data = areas.share_chart(sents)
    try:
        assert data.code.tolist() == scheme.codes
        for row in data.itertuples():
            n = int(body.policy_areas.map(lambda c: row.code in codes_of(c)).sum())
            assert row.n_sentences == n and row.share_sentences == pytest.approx(round(n / len(body), 4))
    finally:
        plt.close(fig)


def test_cap_rollup_counts_a_sentence_once_per_topic(sents, body, scheme):
    table = areas.cap_rollup(sents)
    primary = {a.code: a.cap[0] for a in scheme.areas}
    assert {primary[c] for c in ("A1", "A2", "A3", "A14")} == {19}

    expected: dict[int, list] = {}
    for row in body.itertuples():
        for cap in {int(c) for c in row.policy_cap.split(";") if c}:
            expected.setdefault(cap, []).append(row)
    got = table.set_index("cap")
    assert sorted(got.index) == sorted(expected)
    for cap, rows in expected.items():
        assert got.loc[cap, "n_sentences"] == len(rows), cap
        assert got.loc[cap, "n_words"] == sum(r.n_words for r in rows), cap
        assert got.loc[cap, "share_sentences"] == pytest.approx(round(len(rows) / len(body), 4)), cap
        assert got.loc[cap, "cap_topic"] == scheme.cap_topics[cap]
    # the seed's "elderly care" rolls up to CAP 13 (1302 Elderly Assistance), not to A9's first topic (3)
    elderly = the_sentence(sents, "elderly care")
    assert "A9" in codes_of(elderly.policy_areas) and "13" in elderly.policy_cap.split(";")

    # the history/Taiwan sentence codes three CAP-19 areas and counts once for 19
    history = the_sentence(sents, "history", "Taiwan", "four political documents")
    assert len([c for c in codes_of(history.policy_areas) if primary[c] == 19]) == 3
    per_area = sum(body.policy_areas.map(lambda c, k=k: k in codes_of(c)).sum()
                   for k in scheme.codes if primary[k] == 19)
    n19 = int(body.policy_areas.map(lambda c: any(primary[k] == 19 for k in codes_of(c))).sum())
    assert got.loc[19, "n_sentences"] == n19 < per_area
    assert codes_of(got.loc[19, "areas"]) == ["A1", "A2", "A3", "A14"]


def test_terms_table_lists_terms_behind_each_code(tables, scheme):
    table = areas.terms_table(tables.spans)
    spans = tables.spans[tables.spans.layer == "policy"]
    counts = spans.assign(term=spans.text.str.lower()).groupby(["label", "term"]).size()
    assert len(table) == len(counts)
    for row in table.itertuples():
        assert row.n == counts[(row.code, row.term)], row
        assert row.documents == 1
        assert row.name == scheme.area(row.code).name
        forms = {v.lower() for t in scheme.area(row.code).terms for v in variants(t)}
        assert row.term in forms, row
    taiwan = table[(table.code == "A2") & (table.term == "taiwan")]
    assert len(taiwan) == 1 and taiwan.iloc[0].n == counts[("A2", "taiwan")] >= 1
    assert table.code.map(scheme.codes.index).is_monotonic_increasing


def test_uncoded_lists_exactly_the_body_sentences_without_code(sents, body, coding):
    table = areas.uncoded(sents)
    hand_empty = [r.text for r in coding.itertuples()
                  if r.sent in set(body.sent) and not codes_of(r.areas)]
    assert table.text.tolist() == body[body.policy_areas == ""].text.tolist() == hand_empty
    assert table.text.tolist() == ["Second, Xi called for upholding cooperation and mutual benefit."]
    # the caption codes nothing but is not a body sentence
    assert not table.text.str.contains("meets with").any()


def test_areas_over_time(tables, seed_path, write, scheme):
    from readouts.analyses import plots

    assert isinstance(areas.areas_over_time(tables.sentences, tables.documents), plots.NoChart)   # one date

    text = seed_path.read_text(encoding="utf-8")
    assert text.startswith(" date 2025-10-31 ")
    write("corpus/" + seed_path.name, text)
    later = write("corpus/2025-11-05_xinhua_later-meeting.txt",
                  text.replace(" date 2025-10-31 ", " date 2025-11-05 ", 1))
    two = readouts.annotate(readouts.load_corpus(later.parent))
    assert sorted(two.documents.date) == ["2025-10-31", "2025-11-05"]
    result = areas.areas_over_time(two.sentences, two.documents)
    assert result is not None
    fig, data = result
    try:
        assert data.period.tolist() == ["2025-10-31", "2025-11-05"]
        assert fig.axes[0].xaxis.get_major_locator().__class__.__name__ == "AutoDateLocator"   # a real time axis
        shares = areas.document_shares(tables.sentences).set_index("code").share_sentences
        for code in scheme.codes:
            assert data[code].tolist() == pytest.approx([shares[code]] * 2), code
    finally:
        plt.close(fig)


def test_a_corpus_can_be_coded_with_caps_major_topics(tmp_path):
    import readouts
    from readouts.errors import ReadoutsError
    from readouts.layers.policy import SCHEMES, load_scheme

    cap = load_scheme(SCHEMES["cap"])
    assert sorted(a.cap[0] for a in cap.areas) == [*range(1, 11), *range(12, 22), 23]     # CAP's 21 major topics
    (tmp_path / "sotu.txt").write_text("We will protect Social Security for every retiree. "
                                       "Our national security depends on a strong military.\n", encoding="utf-8")
    corpus = readouts.load_corpus(tmp_path / "sotu.txt")
    coded = readouts.annotate(corpus, scheme="cap").sentences.policy_areas.tolist()
    assert coded == ["C13", "C16"]                      # "Social Security" is welfare, "national security" defence
    diplomatic = readouts.annotate(readouts.load_corpus(tmp_path / "sotu.txt")).sentences.policy_areas.tolist()
    assert all(not c or c.startswith("A") for c in diplomatic)
    with pytest.raises(ReadoutsError, match="unknown policy scheme"):
        readouts.annotate(corpus, scheme="manifesto")


def test_terms_roll_up_to_the_cap_topic_the_codebook_files_them_under(tmp_path):
    """The diplomatic scheme's CAP roll-up goes by term where CAP files a term elsewhere than its area's
    first topic: education is CAP 6 though A11's first code is 23; Social Security is 13 (welfare),
    national security 16 (defence); energy 8 though A8's first code is 7."""
    (tmp_path / "speech.txt").write_text(
        "We will protect Social Security for every retiree. Our national security depends on a strong military. "
        "Students and teachers deserve better schools. Cultural exchanges enrich both peoples. "
        "We will cut carbon emissions and invest in clean energy.\n", encoding="utf-8")
    s = readouts.annotate(readouts.load_corpus(tmp_path / "speech.txt")).sentences
    assert s.policy_areas.tolist() == ["A9", "A4", "A11", "A11", "A8"]
    assert s.policy_cap.tolist() == ["13", "16", "6", "23", "7;8"]
    rolled = areas.cap_rollup(s).set_index("cap")
    assert rolled.loc[6, "areas"] == "A11" and rolled.loc[6, "n_sentences"] == 1
    assert rolled.loc[8, "cap_topic"] == "Energy" and rolled.loc[7, "n_sentences"] == 1
    assert load_scheme().rollup_topics == [1, 2, 3, 4, 6, 7, 8, 9, 12, 13, 15, 16, 17, 18, 19, 23]


def test_a_malformed_cap_terms_entry_names_the_file_and_area(tmp_path):
    from readouts.errors import ReadoutsError
    data = yaml.safe_load((DATA_DIR / SCHEME_FILE).read_text(encoding="utf-8"))
    data["areas"][10]["cap_terms"] = {"education": ["schools"]}
    bad = tmp_path / "bad_scheme.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReadoutsError, match=r"bad_scheme.yaml: area A11's cap_terms has a topic that is not a CAP code"):
        load_scheme(bad)
    data["areas"][10]["cap_terms"] = ["schools"]
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReadoutsError, match=r"bad_scheme.yaml: area A11's cap_terms must map"):
        load_scheme(bad)


@pytest.mark.parametrize("text, codes", [
    ("双方同意推动中日关系改善发展。", ["A1"]),                       # relations
    ("王毅表示，台湾问题是中国内政。", ["A2"]),
    ("继续推进中美禁毒、气变、人工智能合作。", ["A6", "A8", "A12"]),
    ("扩大两国人文交流，欢迎对方国家留学生。", ["A11"]),
    ("新西兰贸易和农业部长麦克莱到机场送行。", []),                    # a title is not a field
    ("我们要维护粮食安全。", ["A10"]),                                 # food security, not defence
])
def test_chinese_sentences_are_coded_by_their_chinese_terms(text, codes):
    assert code_text(text) == codes


# -- charts that scale ------------------------------------------------------------------------
def test_percent_axis_ticks_are_honest():
    from readouts.analyses import plots

    def labels(data_max):
        fig, ax = plt.subplots()
        try:
            ax.barh([0], [data_max])
            plots.percent_axis(ax, "x", data_max=data_max)
            fig.canvas.draw()
            lo, hi = ax.get_xlim()
            return [t.get_text() for t, v in zip(ax.get_xticklabels(), ax.get_xticks()) if lo - 1e-9 <= v <= hi + 1e-9]
        finally:
            plt.close(fig)

    assert labels(0.18) == ["0%", "5%", "10%", "15%", "20%"]
    assert labels(0.5) == ["0%", "10%", "20%", "30%", "40%", "50%"]
    assert labels(0.09) == ["0%", "2%", "4%", "6%", "8%", "10%"]
    assert labels(0.022) == ["0.0%", "0.5%", "1.0%", "1.5%", "2.0%", "2.5%"]


def test_top_columns_keeps_the_largest_and_pools_the_rest_as_other():
    import pandas as pd

    from readouts.analyses.plots import top_columns

    table = pd.DataFrame({f"s{i}": [i, 1] for i in range(30)})
    kept, pooled = top_columns(table, 20)
    assert kept.shape[1] == 20 and kept.columns[-1] == "other" and len(pooled) == 11
    assert kept.columns[:-1].tolist() == [f"s{i}" for i in range(11, 30)]
    assert kept.to_numpy().sum() == table.to_numpy().sum()
    same, none = top_columns(table.iloc[:, :5], 20)
    assert same.equals(table.iloc[:, :5]) and none == []


def test_heatmaps_keep_points_apart_and_pool_speakers_beyond_the_limit(sents):
    from readouts.analyses import plots

    two = sents.copy()
    other = sents.assign(doc_id="second-readout")
    both = pd.concat([two, other], ignore_index=True)
    fig, data = areas.heatmap(both, "point")
    try:
        points = [c for c in data.columns if c not in ("area", "name")]
        assert any(c.startswith("second-readout: point 1") for c in points)
        assert len([c for c in points if c.endswith(": point 1")]) == 2             # one column per document
        assert data.set_index("area").loc["A3", [c for c in points if c.endswith(": point 1")]].tolist() == [3, 3]
    finally:
        plt.close(fig)
    many = sents.assign(speaker=[f"speaker {i}" for i in range(len(sents))], speaker_role="person")
    fig, data = areas.heatmap(many, "speaker", max_columns=6)
    try:
        assert data.columns.tolist()[-1] == "other" and len(data.columns) == 2 + 6
        assert data.drop(columns=["area", "name"]).to_numpy().sum() == areas._long(many).shape[0]
    finally:
        plt.close(fig)
    unnumbered = sents.assign(point=0)
    assert isinstance(areas.heatmap(unnumbered, "point"), plots.NoChart)
