"""The HTML report in a real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright; nothing downloads a browser). Pages are opened from file:// exactly as an
editor would, with every non-file request recorded and refused.

Outside CI these tests skip when Chromium or Playwright is missing; in CI (CI=true) a
missing browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from auditor.cli import main
from conftest import ROOT

CHROMIUM = os.environ.get("AUDITOR_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.browser


def _require_browser():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("Playwright is not installed (it is a test dependency)")
        pytest.skip("Playwright is not installed")
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("no Chromium at /usr/bin/chromium: .ci/run installs Debian's chromium")
        pytest.skip("no Chromium installed (apt-get install chromium), browser tests skipped")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["audit", "seeds", "-o", str(out), "-q", "-j", "1"]) == 0
    finally:
        os.chdir(cwd)
    return out


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.errors, page.requests = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            page.requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    yield page
    context.close()


def test_index_opens_riskiest_first_sorts_and_filters(page, report):
    page.goto((report / "index.html").as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    scores = lambda: [float(x) for x in page.locator("#documents tbody tr td:nth-child(3)").all_inner_texts()]
    score_header = page.locator("#documents thead th[data-key='score']")
    assert score_header.get_attribute("aria-sort") == "descending"
    assert scores() == sorted(scores(), reverse=True) and len(scores()) == 5
    score_header.locator("button").click()
    assert scores() == sorted(scores()) and score_header.get_attribute("aria-sort") == "ascending"
    words_header = page.locator("#documents thead th[data-key='words']")
    words_header.locator("button").click()  # numbers: biggest first on the first click
    words = [int(x) for x in page.locator("#documents tbody tr td:last-child").all_inner_texts()]
    assert words == sorted(words, reverse=True) and words_header.get_attribute("aria-sort") == "descending"
    page.fill("#filter", "leap")
    rows = page.locator("#documents tbody tr")
    assert rows.count() == 1 and "Leap" in rows.inner_text()
    assert page.locator("#documents-status").inner_text() == (
        "Showing 1–1 of 1 documents (of 5), sorted by Words (descending).")
    assert page.errors == [] and page.requests == []


def test_index_verdict_column_and_filter(page, report):
    page.goto((report / "index.html").as_uri())
    verdicts = page.locator("#documents tbody tr td:nth-child(2) .verdict").all_inner_texts()
    assert len(verdicts) == 5 and set(verdicts) <= {"Needs review", "Worth a look", "No concerns"}
    first = page.locator("#documents tbody tr").first
    assert first.locator(".reasons").inner_text()  # the riskiest article says why
    page.select_option("#verdict-filter", "review")
    shown = page.locator("#documents tbody tr td:nth-child(2) .verdict").all_inner_texts()
    assert shown and set(shown) == {"Needs review"}
    assert page.errors == [] and page.requests == []


def test_index_facts_table_sorts_and_filters(page, report):
    page.goto((report / "index.html").as_uri())
    facts = page.locator("#facts tbody tr")
    total = facts.count()
    assert total >= 2
    page.check("input[data-table-flag='facts']")
    assert 1 <= facts.count() < total
    assert all(text == "conflict" for text in page.locator("#facts tbody tr td:last-child").all_inner_texts())
    page.uncheck("input[data-table-flag='facts']")
    page.fill("#facts-filter", "130")
    assert facts.count() == 1 and "130" in facts.inner_text()
    link = facts.locator("a", has_text="130")
    assert link.get_attribute("href").startswith("docs/002_ed445210abc7ed50.html#o")
    page.fill("#facts-filter", "")
    page.locator("#facts thead th[data-key='values'] button").click()
    counts = [len(t.split(";")) for t in page.locator("#facts tbody tr td:nth-child(2)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)
    assert page.errors == [] and page.requests == []


def test_finding_to_highlight_and_back(page, report):
    page.goto((report / "docs" / "004_d6a33341c51f5dc6.html").as_uri())
    item = page.locator(".finding", has_text="farm.spliced-sentence").first
    link = item.locator("a.finding-link")
    target = link.get_attribute("href")
    link.click()
    assert page.url.endswith(target)
    highlight = page.locator(f"{target} + .hl, {target} ~ .hl").first
    assert "particularly highlighted by" in highlight.inner_text() or highlight.count() == 1
    back = highlight.get_attribute("href")
    highlight.click()
    assert page.url.endswith(back)
    assert page.locator(back).is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=False)
    assert page.errors == [] and page.requests == []


def test_conflict_link_opens_the_other_documents_span(page, report):
    page.goto((report / "docs" / "000_1ab227ac991bd81d.html").as_uri())
    item = page.locator(".finding", has_text="consistency.conflict")
    related = item.locator(".related a").first
    href = related.get_attribute("href")
    assert href.startswith("002_ed445210abc7ed50.html#o")
    related.click()
    assert page.url.endswith(href)
    anchor = href.split("#", 1)[1]
    marked = page.locator(f"#{anchor} ~ .hl").first
    assert marked.inner_text().startswith("130")
    assert page.errors == [] and page.requests == []


def test_filters_and_keyboard_navigation(page, report):
    page.goto((report / "docs" / "001_a20f071f0c03a890.html").as_uri())
    page.uncheck("input[data-filter-family='boilerplate']")
    assert page.locator(".finding[data-family='boilerplate']:not(.hidden-by-filter)").count() == 0
    assert page.locator(".finding[data-family='statistics']:not(.hidden-by-filter)").count() > 0
    page.evaluate("document.activeElement.blur()")  # shortcuts are off while a form control has focus
    page.keyboard.press("n")
    page.wait_for_url("**/002_ed445210abc7ed50.html")
    page.keyboard.press("i")
    page.wait_for_url("**/index.html")
    assert page.errors == [] and page.requests == []


def test_self_contained_report_is_one_file_holding_every_page(page, tmp_path):
    os.chdir(ROOT)
    assert main(["audit", "seeds", "-o", str(tmp_path / "out"), "-q", "--self-contained"]) == 0
    assert not (tmp_path / "out" / "docs").exists() and not (tmp_path / "out" / "assets").exists()
    single = tmp_path / "alone.html"
    shutil.copy(tmp_path / "out" / "index.html", single)  # travels alone: nothing beside it
    page.goto(single.as_uri())
    page.locator("#documents thead th", has_text="Words").locator("button").click()
    words = [int(x) for x in page.locator("#documents tbody tr td:last-child").all_inner_texts()]
    assert words == sorted(words, reverse=True)
    # open an article from the index: its page, from the same file
    page.locator("#documents tbody tr a", has_text="Leap").click()
    assert page.url.endswith("#doc/001_a20f071f0c03a890")
    assert page.locator("#document-view h1").inner_text().startswith("China's Leap in AI")
    assert not page.locator("#index-view").is_visible()
    # a finding's link leads to its highlight in the same page, and back
    item = page.locator("#document-view .finding").first
    item.locator("a.finding-link").click()
    assert "#doc/001_a20f071f0c03a890/f" in page.url
    highlight = page.locator("#document-view .anchor.targeted ~ .hl").first
    assert highlight.count() == 1
    # a link to another article's span opens that article at the span
    page.goto(single.as_uri() + "#doc/000_1ab227ac991bd81d")
    related = page.locator("#document-view .finding", has_text="consistency.conflict").locator(".related a").first
    related.click()
    assert "#doc/002_ed445210abc7ed50/o" in page.url
    assert page.locator("#document-view .anchor.targeted ~ .hl").first.inner_text().startswith("130")
    # keyboard and the index link
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("n")
    page.wait_for_url("**#doc/003_5ee09b2ac27d2ae6")
    page.locator("#document-view nav.pager a", has_text="Index").click()
    page.locator("#index-view").wait_for(state="visible", timeout=10_000)  # drawn on hashchange
    assert page.errors == [] and page.requests == []


def synthetic_index(folder: Path, documents: int) -> Path:
    """An index page for `documents` rows (made-up figures, real page writer)."""
    from auditor.report.html import IndexRow, write_index
    from auditor.rules import FAMILIES

    rows = []
    for i in range(documents):
        score = round((i * 7919) % 1000 / 10, 1)
        rows.append(IndexRow(id=f"d{i:06d}", title=f"Article number {i}", path=f"drop/d{i:06d}.txt",
                             href=f"docs/d{i:06d}.html", score=score, words=100 + i % 900,
                             counts={"error": i % 3, "warning": i % 5, "info": i % 7},
                             families={f: (i + k) % 4 for k, f in enumerate(FAMILIES)},
                             reading_ease=50.0 + i % 30, grade=8.0 + i % 9,
                             verdict="review" if score >= 50 else "check" if score >= 20 else "clean",
                             reasons=("A statistic with no source at all (2)",)))
    write_index(folder, rows, [], {"facts": []})
    return folder / "index.html"


def test_index_of_ten_thousand_documents_pages_sorts_and_filters(page, tmp_path):
    index = synthetic_index(tmp_path, 10_000)
    page.set_default_timeout(20_000)  # a hang fails; speed is measured by benchmarks/bench_index.py
    page.goto(index.as_uri())
    rows = page.locator("#documents tbody tr")
    assert rows.count() == 100
    scores = [float(x) for x in page.locator("#documents tbody tr td:nth-child(3)").all_inner_texts()]
    assert scores == sorted(scores, reverse=True) and scores[0] == 99.9
    assert page.locator("#documents-status").inner_text() == (
        "Showing 1–100 of 10000 documents, sorted by Score (descending).")
    page.locator("[data-pager='documents'] button[data-page='next']").click()
    assert page.locator("#documents-status").inner_text().startswith("Showing 101–200 of 10000")
    page.fill("#filter", "d009999")
    assert rows.count() == 1 and "Article number 9999" in rows.inner_text()
    assert page.errors == [] and page.requests == []
