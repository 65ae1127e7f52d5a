"""In a real browser: a chart's slide image and the briefing page's deck download as files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pptx import Presentation

from dashboard.base.i18n import translate
from dashboard.base.settings import load_settings
from dashboard.briefing import frame
from dashboard.engine.runner import Runner
from tests.briefing_support import png_size
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_pages import READY, full_page_screenshot, load

pytestmark = pytest.mark.e2e


def test_slide_image_downloads_from_a_chart_block(browser: Browser, server: str, tmp_path: Path) -> None:
    page = load(browser, f"{server}/load?lang=en")  # its history is a chart block
    page.locator('[data-testid="stPopover"]').first.get_by_role("button", name=translate("menu.label", "en")).click()
    with page.expect_download(timeout=120_000) as download:
        page.locator('[data-testid="stPopoverBody"]').get_by_role(
            "button", name=translate("menu.slide", "en")).click()
    assert download.value.suggested_filename.endswith("-slide.png")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert png_size(path.read_bytes()) == (frame.WIDTH * 2, frame.HEIGHT * 2)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path.replace(ARTIFACTS / "slide-image-en.png")
    page.close()


def test_briefing_page_builds_and_downloads_a_deck(browser: Browser, server: str, tmp_path: Path,
                                                    demo_settings: object) -> None:
    page = load(browser, f"{server}/briefing?lang=zh")
    page.get_by_role("button", name=translate("briefing.build", "zh")).click()
    deck_button = page.get_by_role("button", name=translate("briefing.download_pptx", "zh"))
    deck_button.wait_for(timeout=120_000)
    page.wait_for_selector(READY, timeout=60_000)
    full_page_screenshot(page, "briefing-built-zh")
    with page.expect_download(timeout=60_000) as download:
        deck_button.click()
    deck = Presentation(io.BytesIO(Path(download.value.path()).read_bytes()))
    # The meeting deck is the default, named after the edition the page opens on (the latest meeting's).
    edition = str(Runner(load_settings()).run_sql(
        "select name from editions order by as_of desc limit 1").frame.iloc[0, 0])
    assert deck.slides[0].shapes.title.text == translate("meeting_deck.title", "zh", edition=edition)
    said = translate("briefing.ready_slides", "zh", count=len(deck.slides))
    assert page.get_by_text(said.rstrip("。")).first.is_visible(), f"the page says how many slides it made: {said}"
    page.close()
