"""The report as a reader meets it: every page opened in headless Chromium with the network cut.

Fails on a console error, a failed or outside request, an image that does not decode, a link
inside the site that does not resolve, or a dialog (an injected ``alert``). Saves a screenshot of
each page under ``build/screenshots/``. Needs Debian's ``chromium`` (``.ci/run`` installs it);
without it the tests are reported as not run, with the reason.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from readouts.report import build as report
from readouts.paths import BUILD_DIR, SEEDS_DIR

from conftest import CHROMIUM
from test_safety import HOSTILE_COLUMN, HOSTILE_KEY, _hostile_tables as hostile_tables

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")

SEED = "2025-10-31_xinhua_xi-jinping-meets-sanae-takaichi-apec-gyeongju.txt"
HOSTILE = (" date 2025-11-01 Hostile <script>alert(1)</script> headline\n\n"
           "Xi said the text <img src=x onerror=alert(1)> must show as written. He urged calm.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEEDS_DIR / SEED, corpus / SEED)
    (corpus / "2025-11-01_test_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    hostile_tables(corpus)              # a colleague's CSV and JSONL: payloads in column names, keys and values
    build = tmp_path_factory.mktemp("build")
    result = report.build_report(corpus=corpus, build_dir=build)
    assert not result.failed, [(p.name, p.error) for p in result.failed]
    return build / "html"


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_loads_offline_without_errors(site, browser):
    # index, 5 reader pages, 5 code pages, the documents' index and 2 documents
    assert len(_pages(site)) >= 13
    check_site(site, browser, BUILD_DIR / "screenshots")


def check_site(site: Path, browser, shots: Path) -> None:
    shots.mkdir(parents=True, exist_ok=True)
    for path in _pages(site):
        problems: list[str] = []
        context = browser.new_context(offline=True)          # the network is cut
        page = context.new_page()

        def route(r, problems=problems):
            if urlparse(r.request.url).scheme in ("file", "data"):
                r.continue_()
            else:
                problems.append(f"request to another host: {r.request.url}")
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m, problems=problems: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda err, problems=problems: problems.append(f"page error: {err}"))
        page.on("requestfailed", lambda r, problems=problems: problems.append(f"failed request: {r.url}"))
        page.on("dialog", lambda d, problems=problems: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        broken = page.evaluate("Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
                               ".map(i => i.alt || i.src.slice(0, 60))")
        problems += [f"image does not decode: {b}" for b in broken]
        for href in page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"):
            url = urlparse(href)
            if url.scheme == "file" and not Path(unquote(url.path)).exists():
                problems.append(f"link does not resolve: {href}")
            elif url.scheme not in ("file", "data", "mailto", ""):
                problems.append(f"link outside the site: {href}")
        rel = path.relative_to(site).with_suffix(".png")
        page.screenshot(path=str(shots / str(rel).replace("/", "__")), full_page=True)
        context.close()
        assert problems == [], f"{path.relative_to(site)}: {problems}"


def test_hostile_text_shows_as_text_and_runs_nothing(site, browser):
    docs = sorted(p for p in (site / "documents").glob("*.html") if p.name != "index.html")
    pages = [site / "00_corpus_overview.html", site / "01_readout_anatomy.html", *docs]
    seen = 0
    for path in pages:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        text = page.inner_text("body")
        if "Hostile" in text:
            seen += 1
            assert "<script>alert(1)</script>" in text or "<img src=x onerror=alert(1)>" in text, path.name
        # the only scripts in a page's body are the tables' inert JSON data blocks
        assert page.evaluate("document.querySelectorAll('main script:not([type=\"application/json\"]), "
                             "img[src=\"x\"]').length") == 0, path.name
        assert dialogs == [], path.name
        page.close()
    assert seen >= 2
    overview = browser.new_page()
    overview.goto((site / "00_corpus_overview.html").as_uri())
    shown = overview.inner_text("body")
    assert HOSTILE_COLUMN in shown and HOSTILE_KEY in shown      # the column name and the key, as text
    overview.close()


def test_tables_can_be_sorted_and_searched_offline(site, browser):
    page = browser.new_page()
    page.goto((site / "03_recurring_phrases.html").as_uri())
    assert page.locator("input.table-search").count() >= 1
    box = page.locator("input.table-search").first
    box.fill("countries")
    table = page.locator("div.table-wrap table").first
    visible = table.evaluate("t => Array.from(t.tBodies[0].rows).filter(r => r.style.display !== 'none').length")
    assert visible >= 1
    assert table.evaluate("t => Array.from(t.tBodies[0].rows).filter(r => r.style.display !== 'none')"
                          ".every(r => r.textContent.toLowerCase().includes('countries'))")
    box.fill("")
    # a click on a header sorts by that column, numbers as numbers
    # a click on a header sorts every row by that column, numbers as numbers: largest first, then smallest
    click = """t => {
        const heads = Array.from(t.tHead.rows[t.tHead.rows.length - 1].cells);
        const i = heads.findIndex(h => h.textContent.trim() === 'count');
        heads[i].click();
        return Array.from(t.tBodies[0].rows).map(r => parseFloat(r.cells[i].textContent));
    }"""
    values = table.evaluate(click)
    assert len(values) > 3 and values == sorted(values, reverse=True)
    values = table.evaluate(click)
    assert values == sorted(values)
    page.close()


def test_the_site_of_make_report_loads_offline(browser):
    """The site `make report` wrote in build/html (run it first): the same checks on the real thing."""
    site = BUILD_DIR / "html"
    if not (site / "index.html").exists():
        pytest.skip("build/html/index.html is not there: run `make report` first")
    check_site(site, browser, BUILD_DIR / "screenshots" / "make-report")
