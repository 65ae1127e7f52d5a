"""Every page loads in a real browser with no exception element; a full-page screenshot of each is kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from dashboard.base.i18n import translate
from dashboard.ui.frame.nav import PageEntry, all_pages
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def load(browser: Browser, url: str, width: int = 1400) -> Page:
    """Open url in a new page and wait until Streamlit has finished the script run."""
    page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(800)  # charts draw after the script run ends
    page.wait_for_selector(READY, timeout=60_000)
    return page


def wait_for_charts(page: Page, timeout_ms: int = 30_000) -> None:
    """Wait until every Plotly chart on the page has drawn its SVG (charts draw lazily once visible)."""
    page.wait_for_function(
        """() => {
            const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
            return [...charts].every(c => c.querySelector('.main-svg'));
        }""", timeout=timeout_ms)
    page.wait_for_timeout(300)  # let the last chart finish its transition


def full_page_screenshot(page: Page, name: str) -> None:
    """Resize the viewport to the main area's height, so the screenshot shows the whole page."""
    height = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height) + 40, 900), 12000)})
    wait_for_charts(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("entry", all_pages(), ids=lambda p: p.url_path)
def test_page_renders_in_browser(browser: Browser, server: str, entry: PageEntry, lang: str) -> None:
    # The default page is served at the root, whatever its url_path.
    path = "" if entry == all_pages()[0] else entry.url_path
    page = load(browser, f"{server}/{path}?lang={lang}")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").count() >= 1
    full_page_screenshot(page, f"{entry.url_path}-{lang}")
    page.close()


def test_a_closed_data_section_is_built_only_when_opened(browser: Browser, server: str) -> None:
    page = load(browser, f"{server}/renovation?lang=en")  # local mode is admin, so each block has the section
    sections = page.locator('[data-testid="stExpander"]').filter(has_text=translate("menu.details", "en"))
    assert sections.count() >= 5
    assert page.locator('[data-testid="stExpander"] [data-testid="stCode"]').count() == 0, "closed ones stay empty"
    first = sections.first
    first.locator("summary").click()
    first.locator('[data-testid="stCode"]').wait_for(timeout=30_000)
    assert "select" in first.locator('[data-testid="stCode"]').inner_text().lower()
    first.locator('[data-testid="stDataFrame"]').wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
