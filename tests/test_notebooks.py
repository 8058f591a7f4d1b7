"""Every notebook, executed with papermill as `make report` runs it, on the seed and on a
3-document fixture corpus; assertions on what each notebook wrote."""
from __future__ import annotations

import ast
import re
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import readouts
from readouts.report import build as report
from test_compare import check_06_seed, check_06_fixture
from readouts.paths import NOTEBOOKS_DIR, PROJ_ROOT, SEEDS_DIR
SHARED_DIPLOMATIC = PROJ_ROOT.parent / "shared" / "validation-data" / "diplomatic" / "texts"

SEED_NAME = "2025-10-31_xinhua_xi-jinping-meets-sanae-takaichi-apec-gyeongju"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))

UN_SPEECH = """Allow me first to congratulate the President on his assumption
of the presidency of the General Assembly at its eightieth
session. I also thank the Secretary-General, Mr. Guterres, for
his report on the work of the Organization.

Japan has worked with its neighbours for peace and stability in
the region. We will continue to do so, in accordance with the
Charter of the United Nations.
"""

JSONL_ROW = {
    "id": "mfa-briefing-2025-11-03",
    "date": "2025-11-03",
    "title": "Foreign Ministry Spokesperson's Regular Press Conference",
    "source": "MFA of China",
    "text": "Q: Can you share more on the meeting?\n\nA: The two leaders had a candid exchange. "
            "China's position on the Taiwan question is consistent. We urge Japan to honor its commitments.",
}


@pytest.fixture(scope="module")
def fixture_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEEDS_DIR / f"{SEED_NAME}.txt", folder / f"{SEED_NAME}.txt")
    (folder / "speeches").mkdir()
    (folder / "speeches" / "JPN_80_2025.txt").write_text(UN_SPEECH, encoding="utf-8")
    (folder / "briefings.jsonl").write_text(json.dumps(JSONL_ROW) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    build = tmp_path_factory.mktemp("build-seed")
    return report.build_report(corpus=SEEDS_DIR, build_dir=build), build


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory, fixture_corpus):
    build = tmp_path_factory.mktemp("build-fixture")
    return report.build_report(corpus=fixture_corpus, build_dir=build), build


def _errors(executed: Path) -> list[str]:
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return [f"{o['ename']}: {o['evalue']}" for c in nb["cells"] if c["cell_type"] == "code"
            for o in c.get("outputs", []) if o["output_type"] == "error"] + [
        "".join(o["text"]) for c in nb["cells"] if c["cell_type"] == "code"
        for o in c.get("outputs", []) if o["output_type"] == "stream" and o["name"] == "stderr"]


# -- what each notebook must have produced -------------------------------------------------
def check_00_seed(data: Path) -> None:
    docs = pd.read_csv(data / "documents.csv")
    assert len(docs) == 1
    row = docs.iloc[0]
    assert (row.doc_id, row.date, row.outlet, row.place, row.photo_credit) == (
        SEED_NAME, "2025-10-31", "Xinhua", "GYEONGJU, South Korea", "Xinhua/Ding Lin")
    assert (row.n_paragraphs, row.n_sentences) == (14, 21)
    sents = pd.read_csv(data / "sentences.csv")
    assert sents.sent.tolist() == list(range(21))
    assert sents.para.tolist() == [0, 1, 2, 3, 4, 5, 5, 6, 6, 7, 8, 9, 9, 10, 11, 11, 12, 12, 12, 13, 13]
    assert sents.section.value_counts().to_dict() == {"body": 19, "headline": 1, "caption": 1}
    words = pd.read_csv(data / "words_per_document.csv")
    assert words.n_words.tolist() == [int(row.n_words)] == [sents.n_words.sum()]
    per_para = pd.read_csv(data / "sentences_per_paragraph.csv")
    # body paragraphs of the seed: six of one sentence, five of two, one of three
    assert per_para.set_index("n_sentences").n_paragraphs.to_dict() == {1: 6, 2: 5, 3: 1}


def check_00_fixture(data: Path) -> None:
    docs = pd.read_csv(data / "documents.csv").set_index("doc_id")
    assert sorted(docs.index) == sorted([SEED_NAME, "JPN_80_2025", "mfa-briefing-2025-11-03"])
    un = docs.loc["JPN_80_2025"]
    assert (un.country, un.session, un.date) == ("JPN", 80, "2025")
    assert (un.n_paragraphs, un.n_sentences) == (2, 4)
    mfa = docs.loc["mfa-briefing-2025-11-03"]
    assert (mfa.date, mfa.outlet, mfa.headline) == ("2025-11-03", "MFA of China", JSONL_ROW["title"])
    words = pd.read_csv(data / "words_per_document.csv")
    assert words.doc_id.tolist()[0] == SEED_NAME      # sorted longest first
    assert words.n_words.tolist() == sorted(words.n_words, reverse=True)


def check_01_seed(data: Path) -> None:
    sents = pd.read_csv(data.parent / "tables" / "sentences.csv", keep_default_na=False)
    body = sents[sents.section == "body"]
    assert set(body.speaker) == {"Xi Jinping"} and sents.speaker[sents.section == "headline"].tolist() == ["Xi Jinping"]
    assert sents.loc[sents.section == "caption", "speaker_role"].tolist() == ["narrator"]
    speaks = pd.read_csv(data / "who_speaks.csv")
    assert speaks.speaker.tolist() == ["Xi Jinping", "narrator"]
    assert speaks.n_sentences.tolist() == [20, 1]
    from readouts.analyses.plots import doc_chart_name

    ladder = pd.read_csv(data / f"{doc_chart_name('verb_ladder', SEED_NAME)}.csv")      # named by its doc_id
    assert ladder.doc_id.unique().tolist() == [SEED_NAME]
    assert ladder.verb.tolist() == ["say"] + body.verb.tolist()
    assert ladder.point.tolist() == [0] + body.point.tolist()
    quotes = pd.read_csv(data / "quotations.csv")
    assert quotes.quote.tolist() == [
        "comprehensively advancing the strategic, mutually beneficial relationship",
        "being partners and not threats to each other",
        "taking history as a mirror and opening up the future", "Murayama Statement"]
    named = pd.read_csv(data / "mentioned_vs_speaking.csv").set_index("actor")
    assert named.loc["Sanae Takaichi"].tolist() == [2, 0]          # named twice, quoted never
    tiers = pd.read_csv(data / "verb_tiers.csv")                    # the corpus summary: one row per document
    assert tiers.doc_id.tolist() == [SEED_NAME] and tiers.n_verbs.tolist() == [len(ladder)]
    assert sorted(p.stem for p in data.glob("*.png")) == sorted(["who_speaks", "verb_tiers", f"verb_ladder_{SEED_NAME}"])
    assert all(p.with_suffix(".svg").exists() for p in data.glob("*.png"))


def check_01_fixture(data: Path) -> None:
    speaks = pd.read_csv(data / "who_speaks_by_document.csv", keep_default_na=False)
    mfa = speaks[speaks.doc_id == "mfa-briefing-2025-11-03"].set_index("speaker")
    # the JSONL briefing is a transcript: Q is the questioner, A the spokesperson; its title the narrator's
    assert mfa.speaker_role.to_dict() == {"spokesperson": "person", "questioner": "questioner",
                                          "narrator": "narrator"}
    assert mfa.n_sentences.to_dict() == {"spokesperson": 3, "questioner": 1, "narrator": 1}
    un = speaks[speaks.doc_id == "JPN_80_2025"]
    assert un.speaker.tolist() == ["Japan"]          # a first-person speech: its country, by name (ISO3 JPN)
    from readouts.analyses.plots import doc_chart_name

    # every document with a reporting verb has its ladder, named by its doc_id, with an SVG beside it
    ladder = pd.read_csv(data / "verb_ladder.csv")
    assert set(ladder.doc_id) == {SEED_NAME, "JPN_80_2025", "mfa-briefing-2025-11-03"}
    assert sorted(p.stem for p in data.glob("verb_ladder_*.png")) == sorted(
        doc_chart_name("verb_ladder", d) for d in set(ladder.doc_id))
    assert pd.read_csv(data / "verb_ladder_JPN_80_2025.csv").doc_id.unique().tolist() == ["JPN_80_2025"]
    assert len(pd.read_csv(data / "verb_tiers.csv")) == 3
    assert all(p.with_suffix(".svg").exists() for p in data.glob("*.png"))


def check_04_seed(data: Path) -> None:
    shares = pd.read_csv(data / "area_shares.csv").set_index("code")
    # A1 in 12 of the 19 body sentences; A4, A10, A12, A13 nowhere
    assert shares.n_sentences.to_dict() == {"A1": 12, "A2": 2, "A3": 3, "A4": 0, "A5": 1, "A6": 1, "A7": 2, "A8": 1,
                                            "A9": 1, "A10": 0, "A11": 2, "A12": 0, "A13": 0, "A14": 3}
    assert shares.loc["A1", "share_sentences"] == round(12 / 19, 4)
    unc = pd.read_csv(data / "uncoded_sentences.csv")
    assert unc.text.tolist() == ["Second, Xi called for upholding cooperation and mutual benefit."]
    scores = pd.read_csv(data / "validation_scores.csv")
    micro = scores[scores.area == "micro"].set_index("sample")
    assert micro.loc["seed_policy_coding.csv", "f1"] >= 0.9
    assert set(micro.index) == {"seed_policy_coding.csv", "un_heldout_policy_coding.csv"}
    by_point = pd.read_csv(data / "areas_by_point.csv").set_index("area")
    assert by_point.loc["A11", "point 3"] == 2 and by_point.loc["A3", "point 1"] == 3
    assert not (data / "areas_over_time.png").exists()             # one date: no trend chart
    by_speaker = pd.read_csv(data / "areas_by_speaker.csv").set_index("area")
    assert list(by_speaker.columns) == ["name", "Xi Jinping"]       # the caption is the narrator's and codes nothing
    assert all(p.with_suffix(".svg").exists() for p in data.glob("*.png"))


def check_04_fixture(data: Path) -> None:
    by_doc = pd.read_csv(data / "documents_by_areas.csv").set_index("doc_id")
    assert len(by_doc) == 3 and list(by_doc.columns) == [f"A{i}" for i in range(1, 15)]
    assert by_doc.loc["mfa-briefing-2025-11-03", "A2"] > 0           # "the Taiwan question"
    assert (data / "areas_over_time.png").exists()                   # dates differ: a trend chart
    over_time = pd.read_csv(data / "areas_over_time.csv", dtype={"period": str})
    # a real time axis: "2025" (the UN speech, a year only) sits at mid-year, before the dated readouts
    assert over_time.period.tolist() == ["2025", "2025-10-31", "2025-11-03"]
    assert over_time.date.tolist() == ["2025-07-01", "2025-10-31", "2025-11-03"]
    by_point = pd.read_csv(data / "areas_by_point.csv").set_index("area")
    assert "point 1" in by_point.columns                             # only the seed has numbered points
    assert all(p.with_suffix(".svg").exists() for p in data.glob("*.png"))
    rollup = pd.read_csv(data / "cap_rollup.csv")
    assert set(rollup.cap) <= set(readouts.layers.policy.load_scheme().rollup_topics)
    assert 13 in set(rollup.cap)                                     # the seed's "elderly care": CAP 13, not A9's first (3)


def check_03_seed(data: Path) -> None:
    found = pd.read_csv(data / "formulations.csv").set_index("id")["count"]
    assert found["strategic_mutually_beneficial_relationship"] == 2 and found["four_political_documents"] == 2
    assert found["seek_common_ground_reserve_differences"] == 1 and found["true_multilateralism"] == 1
    kwic_lines = pd.read_csv(data / "kwic_differences.csv")
    assert kwic_lines.match.str.lower().tolist() == ["differences"] * 3
    key = pd.read_csv(data / "keyness.csv")
    assert key.reference.iloc[0].startswith("general English")       # one document: a general reference
    assert pd.read_csv(data / "ngrams.csv").iloc[0].ngram == "two countries"
    assert (data / "top_phrases.png").exists() and (data / "top_phrases.svg").exists()
    assert all(p.with_suffix(".svg").exists() for p in data.glob("*.png"))


def check_03_fixture(data: Path) -> None:
    presence = pd.read_csv(data / "formulation_presence.csv").set_index("doc_id")
    assert len(presence) == 3 and presence.loc[SEED_NAME, "four_political_documents"] == 2
    assert presence.loc["JPN_80_2025"].sum() == 0
    key = pd.read_csv(data / "keyness.csv")          # the longest document (the seed) against the other two
    assert key.reference.iloc[0] == "the rest of the corpus" and "xi" in key.word.head(5).tolist()
    assert all(p.with_suffix(".svg").exists() for p in data.glob("*.png"))


def check_02_seed(data: Path) -> None:
    from textblob import TextBlob

    by_sentence = pd.read_csv(data / "tone_by_sentence.csv")
    assert [round(TextBlob(t).sentiment.polarity, 9) for t in by_sentence.text] == by_sentence.polarity.round(9).tolist()
    murayama = by_sentence[by_sentence.text.str.contains("Murayama")].iloc[0]
    assert murayama.firmness > 0 and murayama.register_label == "firm"
    agreement = pd.read_csv(data / "agreement.csv").set_index("measure")
    assert agreement.loc["register", "kappa"] > agreement.loc["textblob", "kappa"]
    assert agreement.loc["register", "n"] == 19
    blind = pd.read_csv(data / "textblob_blind_terms.csv").set_index("term")
    assert bool(blind.loc["urged", "textblob_blind"]) and bool(blind.loc["differences", "textblob_blind"])
    from readouts.analyses.plots import doc_chart_name

    arc = pd.read_csv(data / f"{doc_chart_name('tone_arc', SEED_NAME)}.csv")        # named by its doc_id
    assert arc.doc_id.unique().tolist() == [SEED_NAME] and arc.sent.tolist() == by_sentence.sent.tolist()
    assert (data / f"tone_arc_{SEED_NAME}.png").exists() and (data / f"tone_arc_{SEED_NAME}.svg").exists()
    assert all(p.with_suffix(".svg").exists() for p in data.glob("*.png"))
    shares = pd.read_csv(data / "label_shares.csv").iloc[0]
    labels = by_sentence[by_sentence.section == "body"].register_label
    assert shares.share_firm == round((labels == "firm").mean(), 4) and (data / "label_shares.png").exists()
    development = pd.read_csv(data / "development_agreement.csv")
    assert list(development.columns) == ["genre", "reader", "n", "kappa", "accuracy", "firm_recall"]
    if SHARED_DIPLOMATIC.is_dir():                # the development corpus's texts beside the project
        overall = development[development.genre == "all"].set_index("reader").kappa
        assert overall["register (tone_label)"] > max(overall["TextBlob polarity"], overall["VADER compound"])
    else:
        assert development.empty


def check_02_fixture(data: Path) -> None:
    docs = pd.read_csv(data.parent / "tables" / "documents.csv").set_index("doc_id")
    assert docs[["polarity", "vader", "warmth", "firmness"]].notna().all().all()
    from readouts.analyses.plots import doc_chart_name

    assert sorted(p.stem for p in data.glob("tone_arc_*.png")) == sorted(doc_chart_name("tone_arc", d) for d in docs.index)
    assert all(p.with_suffix(".svg").exists() for p in data.glob("*.png"))
    agreement = pd.read_csv(data / "agreement.csv")
    assert set(agreement.measure) == {"textblob", "vader", "register"}     # the seed is in the fixture corpus
    shares = pd.read_csv(data / "label_shares.csv")
    assert len(shares) == 3 and shares.share_firm.is_monotonic_decreasing
    assert (shares[["share_cordial", "share_neutral", "share_firm"]].sum(axis=1).round(3) == 1).all()


def check_05_seed(data: Path) -> None:
    sets = pd.read_csv(data / "sets.csv").set_index("set")
    assert sets.loc["seed", "status"] == "scored" and sets.loc["un-heldout", "status"] == "scored"
    figures = pd.read_csv(data / "figures.csv")
    seed = figures[(figures.set == "seed") & (figures.layer == "tone")].set_index("reader").value
    assert seed["readouts"] > seed["TextBlob polarity"] and seed["readouts"] > seed["VADER compound"]
    headline = pd.read_csv(data / "headline.csv")
    assert {"set", "layer", "measure", "Readouts", "baseline", "human agreement"} <= set(headline.columns)
    assert (data / "validation_tone.png").exists() and (data / "validation_policy.png").exists()


def check_05_fixture(data: Path) -> None:
    assert (data / "figures.csv").exists() and (data / "errors.csv").exists()


CHECKS = {"00_corpus_overview": (check_00_seed, check_00_fixture),
          "05_validation": (check_05_seed, check_05_fixture),
          "02_tone": (check_02_seed, check_02_fixture),
          "03_recurring_phrases": (check_03_seed, check_03_fixture),
          "01_readout_anatomy": (check_01_seed, check_01_fixture),
          "04_policy_areas": (check_04_seed, check_04_fixture),
          "06_compare": (check_06_seed, check_06_fixture)}


def test_every_notebook_has_checks():
    assert sorted(p.stem for p in NOTEBOOKS) == sorted(CHECKS), "add assertions for each notebook to CHECKS"


def test_the_seed_site_is_small_enough_to_send(seed_run):
    result, build = seed_run
    size = sum(p.stat().st_size for p in (build / "html").rglob("*") if p.is_file())
    assert size < 5 * 1024 * 1024, f"{size / 1e6:.1f} MB"
    assert (build / "html" / "documents" / f"{SEED_NAME}.html").exists()      # pages named by doc_id


@pytest.mark.parametrize("which", ["seed", "fixture"])
def test_report_runs_every_notebook_without_error(which, seed_run, fixture_run):
    result, build = seed_run if which == "seed" else fixture_run
    assert [p.name for p in result.pages] == [p.stem for p in NOTEBOOKS]
    assert not result.failed, [(p.name, p.error) for p in result.failed]
    for nb in NOTEBOOKS:
        assert _errors(build / "notebooks" / nb.name) == []
        check = CHECKS[nb.stem][0 if which == "seed" else 1]
        check(build / "data" / nb.stem)
        # every chart has its data beside it
        for png in (build / "data" / nb.stem).glob("*.png"):
            assert png.with_suffix(".csv").exists(), png


def test_report_writes_linked_self_contained_pages(fixture_run):
    result, build = fixture_run
    index = (build / "html" / "index.html").read_text(encoding="utf-8")
    assert "The corpus holds 3 documents" in index
    for nb in NOTEBOOKS:
        page = build / "html" / f"{nb.stem}.html"
        assert f'href="{nb.stem}.html"' in index and f'href="code/{nb.stem}.html"' in index
        text = page.read_text(encoding="utf-8")
        assert "data:image/png;base64," in text                 # images embedded
        assert "prepare_out_dir" not in text                      # reader view: no code
        assert "prepare_out_dir" in (build / "html" / "code" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert "href='index.html'" in text and f"href='code/{nb.stem}.html'" in text
        # self-contained: nothing loaded from another host
        assert not re.search(r"""<(?:script|img|link)[^>]*(?:src|href)=["']https?://""", text)
    title, question = report.notebook_intro(json.loads(NOTEBOOKS[0].read_text(encoding="utf-8")))
    assert title in index and question in index
    # provenance: every input file and its SHA-256, in the footer and in inputs.csv
    inputs = pd.read_csv(build / "html" / "inputs.csv")
    assert len(inputs) == 3
    seed_digest = hashlib.sha256((SEEDS_DIR / f"{SEED_NAME}.txt").read_bytes()).hexdigest()
    assert seed_digest in inputs.sha256.tolist()
    assert seed_digest in index and seed_digest in page.read_text(encoding="utf-8")
    assert f"readouts {readouts.__version__}" in index


def test_notebook_defaults_read_the_seeds_from_the_notebook_folder(tmp_path):
    """Run as JupyterLab would: corpus_path left at its default, relative to notebooks/."""
    nb = NOTEBOOKS_DIR / "00_corpus_overview.ipynb"
    report.execute(nb, tmp_path / nb.name, {"out_dir": str(tmp_path / "out")})
    assert pd.read_csv(tmp_path / "out" / "documents.csv").doc_id.tolist() == [SEED_NAME]


def test_a_missing_corpus_is_refused_before_any_notebook_runs_and_in_a_notebook_in_one_line(tmp_path):
    from papermill.exceptions import PapermillExecutionError

    from readouts import ReadoutsError

    with pytest.raises(ReadoutsError, match="no-such-folder"):
        report.build_report(corpus=tmp_path / "no-such-folder", build_dir=tmp_path / "build")
    assert not (tmp_path / "build").exists()
    # the same mistake made in JupyterLab, by editing the parameters cell
    nb = NOTEBOOKS_DIR / "00_corpus_overview.ipynb"
    with pytest.raises(PapermillExecutionError) as raised:
        report.execute(nb, tmp_path / nb.name, {"corpus_path": str(tmp_path / "no-such-folder"),
                                                "out_dir": str(tmp_path / "out")})
    assert (raised.value.ename, raised.value.evalue) == ("InputError", f"{tmp_path / 'no-such-folder'}: no such "
                                                                        "file or folder")
    assert len(raised.value.traceback) == 1


def _broken_notebook(folder: Path) -> Path:
    """A notebook with the usual parameters whose second cell fails."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('corpus_path = "../seeds"\nout_dir = "out"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Broken\n\nDoes a failing notebook stop the others?"), params,
                nbformat.v4.new_code_cell('raise ValueError("deliberately broken")')]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "99_broken.ipynb"
    nbformat.write(nb, path)
    return path


def test_make_report_goes_on_after_a_failing_notebook_lists_it_and_exits_non_zero(tmp_path):
    import sys

    broken = _broken_notebook(tmp_path)
    build = tmp_path / "build"
    proc = subprocess.run([sys.executable, "-m", "readouts", "report", "--corpus", str(SEEDS_DIR), "--build",
                           str(build), "--notebook", str(broken), "--notebook", "00_corpus_overview"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1
    status = [line.split("  (")[0] for line in proc.stdout.splitlines() if "  (" in line]
    assert status == ["FAILED 99_broken", "ok     00_corpus_overview"]          # the next one still ran
    # progress lines first (which notebook runs), then the one line that names the failure
    assert proc.stderr.strip().splitlines()[-1] == "readouts: 1 notebook(s) failed: 99_broken (ValueError: deliberately broken)"
    assert "readouts: [1/2] 99_broken: FAILED in" in proc.stderr
    assert (build / "data" / "00_corpus_overview" / "documents.csv").exists()
    index = (build / "html" / "index.html").read_text(encoding="utf-8")
    assert "This notebook failed</b>: ValueError: deliberately broken" in index
    assert "Traceback" not in proc.stderr


def test_an_empty_corpus_is_said_in_one_line_in_the_notebooks_first_cells(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    build = tmp_path / "build"
    result = report.build_report(corpus=empty, build_dir=build)
    assert [p.name for p in result.failed] == [p.stem for p in NOTEBOOKS]
    for nb_path in NOTEBOOKS:
        cells = json.loads((build / "notebooks" / nb_path.name).read_text(encoding="utf-8"))["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        failing = [i for i, c in enumerate(code) for o in c.get("outputs", []) if o["output_type"] == "error"]
        loads = next(i for i, c in enumerate(code) if "read_corpus(" in "".join(c["source"]))
        # the cell that reads the corpus fails, and it comes first: after the parameters, papermill's
        # injected parameters, the imports (and, in 04, the scheme the notebook applies)
        assert failing and failing[0] == loads <= 4, nb_path.name
        error = next(o for o in code[failing[0]]["outputs"] if o["output_type"] == "error")
        assert error["ename"] == "ReadoutsError"
        assert error["evalue"] == f"{empty}: no texts found (Readouts reads .csv, .jsonl, .txt files)"
        assert len(error["traceback"]) == 1                     # one line, not a traceback
        page = (build / "html" / f"{nb_path.stem}.html").read_text(encoding="utf-8")
        assert "no texts found" in page and "Traceback" not in page


# -- notebooks in git ----------------------------------------------------------------------
def _tracked_notebooks() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=PROJ_ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return NOTEBOOKS
    return [PROJ_ROOT / p for p in out] or NOTEBOOKS


@pytest.mark.parametrize("path", _tracked_notebooks(), ids=lambda p: p.name)
def test_notebook_in_git_has_no_outputs_and_plain_parameters(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), \
        f"{path.name} carries outputs: clear them before committing"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    tree = ast.parse("".join(tagged[0]["source"]))
    names = []
    for node in tree.body:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant), \
            f"parameters cell holds only plain values: {ast.unparse(node)}"
        names += [t.id for t in node.targets]
    assert {"corpus_path", "out_dir"} <= set(names)


def test_skip_bad_leaves_out_unreadable_files_and_the_notebook_lists_them(tmp_path, fixture_corpus):
    corpus = tmp_path / "corpus"
    shutil.copytree(fixture_corpus, corpus)
    (corpus / "scan.txt").write_bytes(b"%PDF-1.7 not text")
    build = tmp_path / "build"
    failed = report.build_report(corpus=corpus, build_dir=build)
    assert [p.name for p in failed.failed] == [p.stem for p in NOTEBOOKS]
    assert "scan.txt: a PDF file" in failed.failed[0].error
    reader_page = (build / "html" / "00_corpus_overview.html").read_text(encoding="utf-8")
    assert "Traceback" not in reader_page and "scan.txt: a PDF file" in reader_page   # one line, no traceback
    assert not (build / "data" / "00_corpus_overview" / "documents.csv").exists()

    result = report.build_report(corpus=corpus, build_dir=build, on_error="skip")
    assert not result.failed
    assert len(pd.read_csv(build / "data" / "00_corpus_overview" / "documents.csv")) == 3
    assert "could not be read and were left out" in (build / "html" / "00_corpus_overview.html").read_text(
        encoding="utf-8")


def test_a_failed_rerun_leaves_no_stale_results(tmp_path, fixture_corpus):
    build = tmp_path / "build"
    assert not report.build_report(corpus=fixture_corpus, build_dir=build).failed
    empty = tmp_path / "empty"
    empty.mkdir()
    assert report.build_report(corpus=empty, build_dir=build).failed
    assert list((build / "data" / "00_corpus_overview").glob("*")) == []   # out_dir made, nothing written
    assert "The corpus holds" not in (build / "html" / "index.html").read_text(encoding="utf-8")


# -- nothing lost, same output -------------------------------------------------------------------
def make_report(*variables: str) -> subprocess.CompletedProcess:
    """``make report`` as a user runs it, in this environment (already set up: no install)."""
    import sys

    stamp = Path(sys.prefix) / ".readouts-installed"
    proc = subprocess.run(["make", "--no-print-directory", "-o", str(stamp), "report", f"ENV_DIR={sys.prefix}",
                           *variables], cwd=PROJ_ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_report_never_changes_its_input_folder_and_writes_the_same_tables_twice(tmp_path, fixture_corpus):
    corpus = tmp_path / "corpus"
    shutil.copytree(fixture_corpus, corpus)
    before = _tree_digest(corpus)
    first, second = tmp_path / "first", tmp_path / "second"
    for build in (first, second):
        make_report(f"CORPUS={corpus}", f"BUILD={build}")
    assert _tree_digest(corpus) == before                       # nothing written into the texts' folder
    tables_first = {k: v for k, v in _tree_digest(first / "data").items() if k.endswith(".csv")}
    tables_second = {k: v for k, v in _tree_digest(second / "data").items() if k.endswith(".csv")}
    assert len(tables_first) > 40
    assert tables_first == tables_second                        # byte-identical CSV outputs


def test_policy_notebook_codes_with_caps_topics_and_shows_a_learned_coder(tmp_path):
    """04 with policy_scheme="cap" codes the seed with CAP's major topics; with a model from `readouts learn`,
    the learned coder's codes stand beside the dictionary's."""
    from readouts.analyses import learned_policy

    texts = ["Trade and tariffs were discussed.", "Tariffs on steel.", "Trade rules.", "Taiwan is a red line.",
             "The Taiwan question.", "Sovereignty over Taiwan."] * 2
    labels = [{"A5"}] * 3 + [{"A2"}] * 3 + [{"A5"}] * 3 + [{"A2"}] * 3
    model = learned_policy.save(learned_policy.fit(texts, labels), tmp_path / "policy.json")
    nb = NOTEBOOKS_DIR / "04_policy_areas.ipynb"
    report.execute(nb, tmp_path / "cap.ipynb", {"out_dir": str(tmp_path / "cap"), "policy_scheme": "cap"})
    shares = pd.read_csv(tmp_path / "cap" / "area_shares_by_document.csv")
    assert set(shares.code) == {a.code for a in readouts.layers.policy.load_scheme("cap_topics.yaml").areas}
    report.execute(nb, tmp_path / "learned.ipynb", {"out_dir": str(tmp_path / "learned"), "policy_model": str(model)})
    both = pd.read_csv(tmp_path / "learned" / "dictionary_and_learned_by_area.csv")
    assert both.code.tolist()[:2] == ["A1", "A2"] and both.learned.sum() > 0
