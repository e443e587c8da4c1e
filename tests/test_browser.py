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


def test_index_sorts_and_has_no_errors_or_requests(page, report):
    page.goto((report / "index.html").as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    scores = lambda: [float(x) for x in page.locator("#documents tbody tr td:nth-child(2)").all_inner_texts()]
    header = page.locator("#documents thead th", has_text="Score").locator("button")
    header.click()
    assert scores() == sorted(scores())
    assert page.locator("#documents thead th", has_text="Score").get_attribute("aria-sort") == "ascending"
    header.click()
    assert scores() == sorted(scores(), reverse=True)
    page.fill("#filter", "leap")
    visible = page.locator("#documents tbody tr:not(.hidden-by-filter)")
    assert visible.count() == 1 and "Leap" in visible.inner_text()
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


def test_self_contained_index_opens_alone(page, tmp_path):
    os.chdir(ROOT)
    assert main(["audit", "seeds", "-o", str(tmp_path), "-q", "--self-contained"]) == 0
    single = tmp_path / "alone.html"
    shutil.copy(tmp_path / "index.html", single)
    page.goto(single.as_uri())
    assert page.locator("#documents thead th button").first.evaluate("b => getComputedStyle(b).cursor") == "pointer"
    page.locator("#documents thead th", has_text="Words").locator("button").click()
    words = [int(x) for x in page.locator("#documents tbody tr td:last-child").all_inner_texts()]
    assert words == sorted(words)
    assert page.errors == [] and page.requests == []
