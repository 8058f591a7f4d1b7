"""The report on a corpus, not one text: 40 documents (20 readouts, press conferences and statements of
several governments from the development corpus, 20 UN General Debate speeches), as a new user would
build it. Needs ../shared (the texts are third-party and not in the repository); skipped without it.

Checks what a reader of the sent report meets: every per-document chart names its document, no
page carries the machine's absolute paths, tables search every row (in Chromium), the comparison
notebook finds the two sides' readouts of one meeting by itself and compares two groups given as
settings on the command line.
"""
from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pandas as pd
import pytest

from readouts.analyses import plots
from readouts.paths import PROJ_ROOT
from readouts.report import build as report

SHARED = PROJ_ROOT.parent / "shared"
DIPLOMATIC = SHARED / "validation-data" / "diplomatic" / "texts"
UN_ARCHIVE = SHARED / "corpora" / "ungdc-1946-2019.tar.xz"
# both sides of two meetings (Woodside 2023, Seoul 2024), and texts of five governments and news
READOUTS = [
    "2023-11-15_whitehouse_biden-xi-woodside-readout.txt", "2023-11-15_xinhua_xi-biden-woodside-cooperation.txt",
    "2024-05-26_mofa-jp_kishida-li-qiang-summit.txt", "2024-05-26_xinhua_li-qiang-kishida-seoul.txt",
    "2022-12-21_xinhua_china-australia-fsd-joint-outcomes-statement.txt", "2023-11-06_xinhua_xi-albanese-beijing.txt",
    "2023-11-25_mofa-jp_kamikawa-wang-yi-busan.txt", "2024-01-27_whitehouse_sullivan-wang-yi-bangkok-readout.txt",
    "2024-02-08_mfa-cn_presscon-wang-wenbin.txt", "2024-02-26_mfa-cn_presscon-mao-ning.txt",
    "2024-04-10_whitehouse_us-japan-joint-leaders-statement.txt", "2024-04-16_xinhua_xi-scholz-beijing.txt",
    "2024-04-16_dpa_scholz-xi-beijing-news.txt", "2024-04-26_usstate_blinken-visit-prc-readout.txt",
    "2024-04-26_xinhua_wang-yi-blinken-five-point-consensus.txt", "2024-06-17_mfa-cn_li-qiang-albanese-annual-meeting.txt",
    "2024-07-26_xinhua_wang-yi-kamikawa-vientiane.txt", "2024-11-15_xinhua_xi-ishiba-lima.txt",
    "2024-11-16_asahi_ishiba-xi-lima-news.txt", "2024-06-15_xinhua_li-qiang-arrives-adelaide-zh.txt",
]
N_SPEECHES = 20

pytestmark = pytest.mark.skipif(not (DIPLOMATIC.is_dir() and UN_ARCHIVE.is_file()),
                                reason="../shared (development corpus and UN speeches) is not beside the project")


def _speeches(folder: Path, n: int) -> list[str]:
    """The first ``n`` speeches of the archive, streamed (the archive is not unpacked)."""
    names = []
    with tarfile.open(UN_ARCHIVE, "r|xz") as archive:
        for member in archive:
            if member.isfile() and member.name.endswith(".txt"):
                name = Path(member.name).name
                (folder / name).write_bytes(archive.extractfile(member).read())
                names.append(name)
                if len(names) == n:
                    break
    return names


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("forty") / "texts"
    (folder / "un").mkdir(parents=True)
    for name in READOUTS:
        (folder / name).write_bytes((DIPLOMATIC / name).read_bytes())
    assert len(_speeches(folder / "un", N_SPEECHES)) == N_SPEECHES
    return folder


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    build = tmp_path_factory.mktemp("forty-build")
    result = report.build_report(corpus=corpus, build_dir=build)
    assert not result.failed, [(p.name, p.error) for p in result.failed]
    return result, build


def test_forty_documents_every_notebook_runs(built):
    result, build = built
    docs = pd.read_csv(build / "data" / "tables" / "documents.csv")
    assert len(docs) == 40
    # the Chinese text is named, with the layers that cannot read it, in the CLI's and the report's words
    assert "2024-06-15_xinhua_li-qiang-arrives-adelaide-zh (Chinese)" in result.language_warning
    index = (build / "html" / "index.html").read_text(encoding="utf-8")
    assert "mostly not English" in index


def test_every_per_document_chart_names_its_document(built):
    _, build = built
    docs = pd.read_csv(build / "data" / "tables" / "documents.csv").doc_id.tolist()
    slugs = {plots.doc_chart_name("", d).lstrip("_"): d for d in docs}
    per_document = [p for folder in ("01_readout_anatomy", "02_tone")
                    for p in (build / "data" / folder).glob("*.png")
                    if p.stem.startswith(("verb_ladder_", "tone_arc_"))]
    assert per_document, "no per-document chart was drawn"
    for png in per_document:
        named = [d for slug, d in slugs.items() if png.stem.endswith(slug)]
        assert named, f"{png.name} does not name a document"
        svg = png.with_suffix(".svg").read_text(encoding="utf-8")
        assert named[0][:30] in svg or named[0][:30].replace("_", " ") in svg, f"{png.name}: title lacks the doc_id"


def test_no_page_carries_an_absolute_path_of_the_machine(built, corpus):
    _, build = built
    forbidden = [str(build.resolve()), str(corpus.resolve()), str(corpus.parent.resolve()), str(PROJ_ROOT)]
    for page in (build / "html").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for path in forbidden:
            assert path not in text, f"{page.relative_to(build)} contains {path}"


def test_the_overview_prints_a_few_texts_and_links_the_document_pages(built):
    _, build = built
    page = (build / "html" / "00_corpus_overview.html").read_text(encoding="utf-8")
    assert page.count("class=\"readouts-doc\"") + page.count("class='readouts-doc'") <= 3
    assert 'href="documents/index.html"' in page
    assert len(list((build / "html" / "documents").glob("*.html"))) == 41      # 40 pages and their index


def test_the_tone_disagreements_table_searches_every_row(built, browser):
    _, build = built
    disagree = pd.read_csv(build / "data" / "02_tone" / "disagreements.csv", keep_default_na=False)
    assert len(disagree) > 100
    # a sentence well past the first 60 rows, and a stretch of it no earlier row has
    row = disagree.iloc[len(disagree) - 5]
    needle = next(w for w in re.findall(r"[A-Za-z][A-Za-z ,'-]{24,40}", row.text)
                  if disagree.text.str.contains(w, regex=False).sum() == 1)
    page = browser.new_page()
    page.goto((build / "html" / "02_tone.html").as_uri())
    table = page.locator("div.ro-table", has=page.locator("th", has_text="register_words"))
    assert table.count() == 1
    table.locator("input.table-search").fill(needle)
    rows = table.locator("tbody tr")
    assert rows.count() == 1 and needle in rows.first.inner_text()
    # sorting covers every row: the largest firmness of the documents table is the corpus's largest
    page.close()


def test_the_comparison_finds_both_sides_of_a_meeting_by_itself(built):
    _, build = built
    pairs = pd.read_csv(build / "data" / "06_compare" / "same_event_pairs.csv", keep_default_na=False)
    found = {frozenset((a, b)) for a, b in zip(pairs.doc_a, pairs.doc_b)}
    assert frozenset(("2023-11-15_whitehouse_biden-xi-woodside-readout",
                      "2023-11-15_xinhua_xi-biden-woodside-cooperation")) in found


def test_the_comparison_of_two_groups_given_on_the_command_line(corpus, tmp_path, browser):
    build = tmp_path / "groups"
    proc = subprocess.run([sys.executable, "-m", "readouts", "report", "--corpus", str(corpus), "--build", str(build),
                           "--notebook", "06_compare", "--param", "side_a=outlet=xinhua,mfa-cn",
                           "--param", "side_b=outlet=whitehouse,usstate"],
                          capture_output=True, text=True, cwd=PROJ_ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "[1/1] 06_compare: running" in proc.stderr            # progress, on stderr
    data = build / "data" / "06_compare"
    compared = pd.read_csv(data / "comparisons.csv", keep_default_na=False)
    assert len(compared) == 1
    xinhua_mfa = {n[:-4] for n in READOUTS if "_xinhua_" in n or "_mfa-cn_" in n}
    white_house_state = {n[:-4] for n in READOUTS if "_whitehouse_" in n or "_usstate_" in n}
    assert set(compared.docs_a[0].split(";")) == xinhua_mfa
    assert set(compared.docs_b[0].split(";")) == white_house_state
    key = compared.key[0]
    areas = pd.read_csv(data / f"areas_{key}.csv", keep_default_na=False)
    assert len(areas) and {"raised_by"} <= set(areas.columns)
    assert (data / f"areas_diverging_{key}.svg").exists()
    from test_browser import check_site
    check_site(build / "html", browser, tmp_path / "shots")


def test_the_forty_document_site_loads_offline_without_errors(built, browser, tmp_path):
    """Every page of the 40-document report, the comparison page among them, in Chromium with the network cut."""
    _, build = built
    from test_browser import check_site
    assert (build / "html" / "06_compare.html").exists()
    check_site(build / "html", browser, tmp_path / "shots")
