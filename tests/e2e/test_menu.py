"""In a real browser: a chart's one download menu holds CSV, Excel and the slide image, and the CSV downloads."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from dashboard.base.i18n import translate
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_pages import load, wait_for_charts

pytestmark = pytest.mark.e2e
ENTRIES = ("menu.csv", "menu.xlsx", "menu.slide")


def open_menu(page: Page, lang: str = "zh") -> Locator:
    """Open the download menu under the page's first chart (the funnel) and return its body."""
    button = page.locator('[data-testid="stPopover"]').nth(1).get_by_role("button", name=translate("menu.label", lang))
    button.scroll_into_view_if_needed()
    button.click()
    body = page.locator('[data-testid="stPopoverBody"]')
    expect(body).to_be_visible()
    return body


def test_a_chart_menu_offers_three_files_and_the_csv_has_rows(browser: Browser, server: str, tmp_path: Path) -> None:
    page = load(browser, f"{server}/voice?lang=zh")
    body = open_menu(page)
    for key in ENTRIES:
        expect(body.get_by_role("button", name=translate(key, "zh"))).to_be_visible()
    with page.expect_download(timeout=60_000) as download:
        body.get_by_role("button", name=translate("menu.csv", "zh")).click()
    # The file names the edition the view opens on (the demo's latest meeting).
    assert download.value.suggested_filename == "voice_funnel-edition-2018-10.csv"
    rows = pd.read_csv(io.BytesIO(Path(download.value.path()).read_bytes()), encoding="utf-8-sig")
    assert list(rows.columns) == ["环节", "数量", "单位"] and len(rows) >= 4
    assert rows["单位"].iloc[0] == "份", "a step says what it counts, by its shared name"
    page.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_screenshot_of_a_chart_with_its_menu_open(browser: Browser, server: str, width: int) -> None:
    page = load(browser, f"{server}/voice?lang=zh", width=width)
    wait_for_charts(page)
    body = open_menu(page)
    body.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"voice-menu-{width}.png"))
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
