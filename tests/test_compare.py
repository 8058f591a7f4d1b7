"""06_compare and readouts.analyses.compare: choosing the sides, finding the same-event pairs, the side-by-side
tables, and the notebook run on the seed alone, on the seed with the other side's readout, and on two groups.

The Japanese-side readout, the Kantei remarks and the CGTN item below are invented for these tests (short texts
in the style of those outlets, written here); they are not copies of real pages."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from readouts import ReadoutsError, annotate, load_corpus
from readouts.analyses import compare as cmp, compare_charts as charts
from readouts.paths import NOTEBOOKS_DIR, PROJ_ROOT, SEEDS_DIR
from readouts.report.notebooks import execute

NOTEBOOK = NOTEBOOKS_DIR / "06_compare.ipynb"
SHARED_TEXTS = PROJ_ROOT.parent / "shared" / "validation-data" / "diplomatic" / "texts"
SEED_NAME = "2025-10-31_xinhua_xi-jinping-meets-sanae-takaichi-apec-gyeongju"
JP_NAME = "2025-10-31_mofa-jp_takaichi-xi-summit"
PAIR_KEY = "2025-10-31-mofa-jp-vs-xinhua"

JP_READOUT = """Japan-China Summit Meeting

On October 31, commencing at 5:10 p.m. local time for about 30 minutes, Ms. TAKAICHI Sanae, Prime Minister of Japan, who is visiting Gyeongju in the Republic of Korea to attend the APEC Economic Leaders' Meeting, held a summit meeting with Mr. Xi Jinping, President of the People's Republic of China. The overview is as follows.

1. Prime Minister Takaichi stated that Japan and China would comprehensively promote a "Mutually Beneficial Relationship Based on Common Strategic Interests" and build constructive and stable relations, and that the two leaders should keep talking frankly at the summit level.

2. Prime Minister Takaichi expressed serious concerns over the situation in the East China Sea, including around the Senkaku Islands, and over China's military activities around Japan.

3. Prime Minister Takaichi stressed the importance of peace and stability across the Taiwan Strait.

4. Prime Minister Takaichi requested the early release of the Japanese nationals detained in China, and expressed concerns about the safety of Japanese citizens living in China.

5. Prime Minister Takaichi called for the lifting of the import restrictions on Japanese seafood, and expressed concerns about export controls on rare earths.

6. Prime Minister Takaichi stated that Japan would continue to work toward a free and open Indo-Pacific, and raised the abductions issue and North Korea's nuclear and missile development.

7. President Xi expressed similar views on continuing communication, and the two leaders confirmed that they would maintain dialogue at all levels.
"""
KANTEI_REMARKS = """Remarks by the Prime Minister on the economy

The Prime Minister said that Japan would raise wages and invest in semiconductors and energy security.

She added that the government would support small businesses in the regions.
"""
CGTN_ITEM = """Xi arrives in Gyeongju for APEC meeting

Chinese President Xi Jinping arrived in Gyeongju on Thursday to attend the 32nd APEC Economic Leaders' Meeting.
"""


def _corpus(folder: Path, extra: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEEDS_DIR / f"{SEED_NAME}.txt", folder / f"{SEED_NAME}.txt")
    (folder / f"{JP_NAME}.txt").write_text(JP_READOUT, encoding="utf-8")
    if extra:
        (folder / "2025-06-02_kantei_remarks-on-economy.txt").write_text(KANTEI_REMARKS, encoding="utf-8")
        (folder / "2025-10-30_cgtn_xi-arrives-gyeongju.txt").write_text(CGTN_ITEM, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return annotate(load_corpus(_corpus(tmp_path_factory.mktemp("compare") / "texts")))


@pytest.fixture(scope="module")
def pair(tables):
    pairs = cmp.same_event_pairs(tables.documents, tables.spans, tables.sentences)
    return cmp.choose(tables.documents, pairs)[0]


# -- sources and sides --------------------------------------------------------------------------
def test_each_document_gets_its_outlet_country_and_date_from_the_text_or_the_file_name(tables):
    docs = cmp.with_sources(tables.documents).set_index("doc_id")
    assert docs.loc[SEED_NAME, ["outlet", "country", "date"]].tolist() == ["xinhua", "CHN", "2025-10-31"]
    assert docs.loc[JP_NAME, ["outlet", "country", "date", "year"]].tolist() == ["mofa-jp", "JPN", "2025-10-31", "2025"]
    assert docs.loc[JP_NAME, "country_name"] == "Japan"
    assert docs.loc["2025-06-02_kantei_remarks-on-economy", "country"] == "JPN"
    assert cmp.outlet_key("MFA of China") == "mfa-cn" and cmp.outlet_key("The White House") == "whitehouse"


def test_a_side_is_a_doc_id_a_list_of_them_or_a_column_and_values(tables):
    docs = tables.documents
    assert cmp.select(docs, SEED_NAME) == [SEED_NAME]
    assert cmp.select(docs, f"{SEED_NAME}; {JP_NAME}") == [SEED_NAME, JP_NAME]
    assert sorted(cmp.select(docs, "country=JPN")) == sorted([JP_NAME, "2025-06-02_kantei_remarks-on-economy"])
    assert cmp.select(docs, "country=China") == cmp.select(docs, "outlet=Xinhua,cgtn")
    assert len(cmp.select(docs, "country=CHN")) == 2
    assert cmp.select(docs, "year=2024-2025") == cmp.select(docs, "year=2025") and len(cmp.select(docs, "year=2025")) == 4
    assert cmp.select(docs, "date=2025-06-02") == ["2025-06-02_kantei_remarks-on-economy"]
    assert set(cmp.select(docs, "form=reported")) >= {SEED_NAME, JP_NAME}


@pytest.mark.parametrize("spec, message", [
    ("colour=red", "no column 'colour'; columns: .*country.*outlet.*year"),
    ("country=FRA", "no document has country FRA; country values in this corpus: CHN, JPN"),
    ("outlet=kyodo", "no document has outlet kyodo; outlet values in this corpus: cgtn, kantei, mofa-jp, xinhua"),
    ("no-such-doc", "no document no-such-doc; doc_ids: .*" + SEED_NAME),
    ("", "side_a is empty"),
])
def test_a_side_that_picks_nothing_is_one_line_naming_the_valid_choices(tables, spec, message):
    with pytest.raises(ReadoutsError, match=message) as raised:
        cmp.select(tables.documents, spec, "side_a")
    assert "\n" not in str(raised.value)


def test_both_sides_or_neither_and_sides_must_not_overlap(tables):
    with pytest.raises(ReadoutsError, match="give both side_a and side_b, or neither"):
        cmp.choose(tables.documents, pd.DataFrame(), "country=CHN", "")
    with pytest.raises(ReadoutsError, match="share 1 document"):
        cmp.choose(tables.documents, pd.DataFrame(), "country=CHN", f"{SEED_NAME};{JP_NAME}")
    [c] = cmp.choose(tables.documents, pd.DataFrame(), "country=JPN", "country=CHN")
    assert (c.key, c.label_a, c.label_b, len(c.docs_a), len(c.docs_b)) == (
        "country-jpn-vs-country-chn", "country=JPN", "country=CHN", 2, 2)


# -- same-event pairs ---------------------------------------------------------------------------
def test_the_two_readouts_of_one_meeting_are_found_first(tables, pair):
    pairs = cmp.same_event_pairs(tables.documents, tables.spans, tables.sentences)
    best = pairs.iloc[0]
    assert (best.doc_a, best.doc_b, best.match) == (JP_NAME, SEED_NAME, "likely")
    assert best.shared_principals == "Sanae Takaichi;Xi Jinping" and best.days_apart == 0
    # the CGTN item of the day before names Xi only: a possible pair with the Japanese side, ranked lower;
    # never with Xinhua (same country), and the Kantei remarks of June pair with nothing
    cgtn = pairs[pairs.doc_a.str.contains("cgtn")]
    assert cgtn[["doc_b", "days_apart", "match"]].values.tolist() == [[JP_NAME, 1, "possible"]]
    assert not pairs.isin(["2025-06-02_kantei_remarks-on-economy"]).any().any()
    assert len(pairs) == 2
    assert (pair.key, pair.docs_a, pair.docs_b) == (PAIR_KEY, (JP_NAME,), (SEED_NAME,))
    assert [c.key for c in cmp.choose(tables.documents, pairs, max_pairs=3)] == [PAIR_KEY]   # each doc once


def test_same_event_pairs_needs_only_dates_and_outlets():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2024-11-15", "2024-11-16", "2024-11-18"],
                         "outlet": ["Xinhua", "asahi", "kbs"]})
    pairs = cmp.same_event_pairs(docs)
    assert pairs[["doc_a", "doc_b", "days_apart", "country_a", "country_b", "match"]].values.tolist() == [
        ["a", "b", 1, "CHN", "JPN", "date only"]]
    assert cmp.same_event_pairs(docs, max_days=0).empty


# -- side by side -------------------------------------------------------------------------------
def test_speakers_and_their_verbs_per_side(tables, pair):
    who = cmp.speakers(tables.sentences, pair)
    takaichi = who[(who.side == "A") & (who.speaker == "Sanae Takaichi")].iloc[0]
    assert takaichi.n_sentences == 6 and "express concern ×1 (T4)" in takaichi.verbs
    assert (takaichi.strongest_verb, takaichi.strongest_tier) in {("express concern", 4), ("raise", 4)}
    xi = who[who.side == "B"]
    assert xi.speaker.tolist() == ["Xi Jinping"] and xi.n_sentences.tolist() == [19]
    assert xi.verbs.iloc[0].startswith(("call for ×4 (T3)", "urge ×4 (T3)"))


def test_areas_each_side_raises_and_omits(tables, pair):
    areas = cmp.area_shares(tables.sentences, pair).set_index("code")
    assert areas.loc["A4"].tolist()[1:] == [2, 0.2, 0, 0.0, -0.2, "A only"]       # the East China Sea, military
    assert areas.loc["A12", "raised_by"] == "A only"                               # detained nationals
    assert areas.loc["A3", ["n_b", "raised_by"]].tolist() == [3, "B only"]        # history: the seed only
    assert areas.loc["A1", "raised_by"] == "mostly B" and areas.loc["A1", "n_b"] == 12
    assert areas.loc["A2", "raised_by"] == "both" and areas.loc["A13", "raised_by"] == "neither"
    fig, data = charts.areas_chart(areas.reset_index(), pair)
    assert "A13" not in set(data.code) and len(data) == 13
    assert fig._suptitle.get_text().startswith("3 areas only mofa-jp (JPN) raises; 6 areas only xinhua (CHN) raises")
    only = charts.one_sided_sentences(tables.sentences, areas.reset_index(), pair, n=5)
    a4 = only[only.code == "A4"]
    assert a4.side.unique().tolist() == ["A"] and a4.text.str.contains("East China Sea").any()
    assert only[only.code == "A3"].text.str.contains("Murayama").any()


def test_tone_per_side(tables, pair):
    tone = cmp.tone(tables.sentences, pair).set_index("side")
    assert tone.loc["A", ["documents", "body_sentences", "share_firm"]].tolist() == [1, 10, 0.4]
    assert tone.loc["B", "body_sentences"] == 19
    assert (tone[["share_cordial", "share_neutral", "share_firm"]].sum(axis=1).round(3) == 1).all()
    fig, data = charts.tone_chart(tone.reset_index(), pair)
    assert len(data) == 2


def test_formulations_present_on_one_side_only(tables, pair):
    forms = charts.formulations(tables.spans, pair).set_index("id")
    assert forms.loc["free_open_indo_pacific", ["count_a", "count_b", "found_in"]].tolist() == [1, 0, "A only"]
    assert forms.loc["free_open_indo_pacific", "original"] == "自由で開かれたインド太平洋"
    assert forms.loc["four_political_documents", ["count_a", "count_b", "found_in"]].tolist() == [0, 2, "B only"]
    assert forms.loc["strategic_mutually_beneficial_relationship", "found_in"] == "both"
    assert forms.found_in.tolist()[0] == "A only"                                  # one-sided ones first


def test_keyness_both_directions(tables, pair):
    key = charts.keyness(tables.sentences, pair, min_count=2)
    concerns = key[key.word == "concerns"].iloc[0]
    assert (concerns.key_for, concerns.count_a, concerns.count_b, bool(concerns.significant)) == ("A", 3, 0, True)
    cooperation = key[key.word == "cooperation"].iloc[0]
    assert (cooperation.key_for, cooperation.count_a, cooperation.count_b) == ("B", 0, 6)
    assert cooperation.log_ratio > 2 and cooperation.g2 > 3.84
    assert not key.word.str.fullmatch(r"[\d.]+").any()                             # no numbers
    fig, data = charts.keyness_chart(key, pair, top=5)
    assert data.key_for.tolist() == ["A"] * 5 + ["B"] * 5


def test_findings_state_the_differences_with_numbers_and_escape_text(tables, pair):
    areas = cmp.area_shares(tables.sentences, pair)
    text = charts.findings(pair, areas, cmp.tone(tables.sentences, pair), charts.formulations(tables.spans, pair),
                           charts.keyness(tables.sentences, pair), cmp.speakers(tables.sentences, pair))
    assert "Only **mofa-jp (JPN)** raises A4 Defence, maritime &amp; regional security (2 sentence(s))" in text
    assert "firm in 40%" in text and "“free and open Indo-Pacific”" in text
    evil = cmp.Comparison("k", "<b>A</b>", "B", pair.docs_a, pair.docs_b)
    assert "<b>" not in charts.findings(evil, areas, cmp.tone(tables.sentences, evil),
                                        charts.formulations(tables.spans, evil), charts.keyness(tables.sentences, evil),
                                        cmp.speakers(tables.sentences, evil))


def test_outlets_file_cites_resolvable_sources():
    outlets = cmp.outlets()
    assert outlets.outlet.is_unique and outlets.country.str.fullmatch(r"[A-Z]{3}").all()
    assert outlets.source.str.fullmatch(r"(\[S\d+\] ?)+").all()


# -- the notebook -------------------------------------------------------------------------------
def check_06_seed(data: Path) -> None:
    """The seed alone: nothing to compare, said plainly; the sources and the (empty) pairs written."""
    sources = pd.read_csv(data / "document_sources.csv", keep_default_na=False)
    assert sources[["doc_id", "outlet", "country", "date"]].values.tolist() == [
        [SEED_NAME, "xinhua", "CHN", "2025-10-31"]]
    assert pd.read_csv(data / "same_event_pairs.csv").empty
    assert pd.read_csv(data / "comparisons.csv").empty
    # one chart only, the corpus's sources by date (one dot); no comparison chart drawn empty
    assert [p.name for p in data.glob("*.png")] == ["sources_by_date.png"]
    assert pd.read_csv(data / "sources_by_date.csv").doc_id.tolist() == [SEED_NAME]


def check_06_fixture(data: Path) -> None:
    """The seed, a UN speech (JPN_80_2025) and a JSONL MFA briefing of 3 November: countries from the outlet and the
    file name, no same-event pair (the briefing is three days later, the speech dated by year only)."""
    sources = pd.read_csv(data / "document_sources.csv", keep_default_na=False).set_index("doc_id")
    assert sources.loc["JPN_80_2025", "country"] == "JPN"
    assert sources.loc["mfa-briefing-2025-11-03", ["outlet", "country"]].tolist() == ["mfa-cn", "CHN"]
    assert sources.loc[SEED_NAME, "country"] == "CHN"
    assert pd.read_csv(data / "same_event_pairs.csv").empty and pd.read_csv(data / "comparisons.csv").empty
    dated = pd.read_csv(data / "sources_by_date.csv")                  # the speech, dated by year only, left out
    assert sorted(dated.doc_id) == sorted([SEED_NAME, "mfa-briefing-2025-11-03"])
    assert [p.name for p in data.glob("*.png")] == ["sources_by_date.png"]


def _run(tmp_path: Path, corpus: Path, **params) -> Path:
    out = tmp_path / "out"
    execute(NOTEBOOK, tmp_path / "06_compare.ipynb", {"corpus_path": str(corpus), "out_dir": str(out), **params})
    nb = json.loads((tmp_path / "06_compare.ipynb").read_text(encoding="utf-8"))
    errors = [o for c in nb["cells"] for o in c.get("outputs", [])
              if o["output_type"] == "error" or (o["output_type"] == "stream" and o["name"] == "stderr")]
    assert errors == []
    return out


def _markdown(tmp_path: Path) -> str:
    nb = json.loads((tmp_path / "06_compare.ipynb").read_text(encoding="utf-8"))
    return "\n".join("".join(o["data"]["text/markdown"]) for c in nb["cells"] for o in c.get("outputs", [])
                     if "text/markdown" in o.get("data", {}))


def test_notebook_on_the_seed_alone_says_there_is_nothing_to_compare(tmp_path):
    out = _run(tmp_path, SEEDS_DIR)
    check_06_seed(out)
    text = _markdown(tmp_path)
    assert "Nothing to compare" in text and "mofa-jp" in text


def test_notebook_finds_the_pair_by_itself(tmp_path):
    out = _run(tmp_path, _corpus(tmp_path / "texts", extra=False))
    comparisons = pd.read_csv(out / "comparisons.csv")
    assert comparisons[["key", "docs_a", "docs_b"]].values.tolist() == [[PAIR_KEY, JP_NAME, SEED_NAME]]
    areas = pd.read_csv(out / f"areas_{PAIR_KEY}.csv").set_index("code")
    assert areas.loc["A4", "raised_by"] == "A only" and areas.loc["A3", "raised_by"] == "B only"
    assert pd.read_csv(out / "sources_by_date.csv").source.tolist() == ["JPN · mofa-jp", "CHN · xinhua"]
    for chart in ("areas_diverging", "tone_shares", "keyness_words"):
        assert (out / f"{chart}_{PAIR_KEY}.png").exists() and (out / f"{chart}_{PAIR_KEY}.csv").exists()
    forms = pd.read_csv(out / f"formulations_{PAIR_KEY}.csv").set_index("id")
    assert forms.loc["free_open_indo_pacific", "found_in"] == "A only"
    key = pd.read_csv(out / f"keyness_{PAIR_KEY}.csv")
    assert key[key.word == "concerns"].key_for.tolist() == ["A"]
    for name in ("sides", "speakers", "tone", "one_sided_sentences"):
        assert len(pd.read_csv(out / f"{name}_{PAIR_KEY}.csv"))
    assert "Only **mofa-jp (JPN)** raises" in _markdown(tmp_path)


def test_notebook_compares_two_groups_given_as_parameters(tmp_path):
    out = _run(tmp_path, _corpus(tmp_path / "texts"), side_a="country=JPN", side_b="outlet=xinhua,cgtn")
    key = "country-jpn-vs-outlet-xinhua-cgtn"
    assert pd.read_csv(out / "comparisons.csv").key.tolist() == [key]
    sides = pd.read_csv(out / f"sides_{key}.csv")
    assert sides.groupby("side").doc_id.size().to_dict() == {"A": 2, "B": 2}
    tone = pd.read_csv(out / f"tone_{key}.csv").set_index("side")
    assert tone.loc["A", "documents"] == 2 and tone.loc["A", "body_sentences"] == 10 + 3   # readout + remarks
    assert (out / f"areas_diverging_{key}.png").exists()


def test_notebook_refuses_a_bad_side_in_one_line(tmp_path):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as raised:
        _run(tmp_path, SEEDS_DIR, side_a="country=JPN", side_b="country=CHN")
    assert raised.value.ename == "ReadoutsError" and "country values in this corpus: CHN" in raised.value.evalue


def test_notebook_is_saved_without_outputs_with_one_plain_parameters_cell():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert [c for c in code if "parameters" in c["metadata"].get("tags", [])] == [code[0]]
    assert "".join(nb["cells"][0]["source"]).startswith("# Compare:")
    assert "**Question:**" in "".join(nb["cells"][0]["source"])


# -- the development corpus, when it is beside the project -----------------------------------------
def test_the_woodside_and_seoul_readouts_pair_on_the_development_corpus(tmp_path):
    if not SHARED_TEXTS.is_dir():
        pytest.skip(f"the development corpus is not beside the project ({SHARED_TEXTS})")
    names = ["2023-11-15_whitehouse_biden-xi-woodside-readout", "2023-11-15_xinhua_xi-biden-woodside-cooperation",
             "2023-11-15_cgtn_xi-arrives-san-francisco", "2023-11-15_whitehouse_biden-press-conference-woodside",
             "2024-05-26_mofa-jp_kishida-li-qiang-summit", "2024-05-26_xinhua_li-qiang-kishida-seoul",
             "2024-11-15_xinhua_xi-ishiba-lima", "2024-11-16_asahi_ishiba-xi-lima-news",
             "2024-11-16_kbs_yoon-xi-lima-news"]
    for name in names:
        shutil.copy(SHARED_TEXTS / f"{name}.txt", tmp_path / f"{name}.txt")
    t = annotate(load_corpus(tmp_path))
    pairs = cmp.same_event_pairs(t.documents, t.spans, t.sentences)
    chosen = {(c.docs_a[0], c.docs_b[0]) for c in cmp.choose(t.documents, pairs, max_pairs=5)}
    assert (names[0], names[1]) in chosen                      # Woodside: the White House and Xinhua readouts
    assert (names[4], names[5]) in chosen                      # Seoul: Japan's MOFA and Xinhua
    assert (names[6], names[7]) in chosen                      # Lima, a day apart: Xinhua and the Asahi
