"""The big screen at 1920×1080 (no chrome, large type, scenes that cycle, a publish seen without a reload) and the
overview on a 390 px phone (no sideways scrolling, every indicator's status on screen)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from dashboard.base.i18n import translate
from dashboard.base.settings import Settings, load_settings
from dashboard.query.registry import load_registry
from dashboard.warehouse.build import build_snapshot
from tests.conftest import FIXTURES
from tests.e2e.conftest import ARTIFACTS, serve
from tests.e2e.test_first_screen import deck_facts
from tests.e2e.test_pages import READY

pytestmark = pytest.mark.e2e
CHROME = ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stToolbar"]',
          '[data-testid="stMainMenu"]', '[data-testid="stExpandSidebarButton"]', '[data-testid="stSidebarNav"]')
SCENE, FACTS, TITLE = '[data-screen="scene"]', '[data-screen="facts"]', '[data-screen="scene-title"]'


@pytest.fixture(scope="module")
def screen_server(demo_var: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Serve a private copy of the demo warehouse, which a test publishes into."""
    var = tmp_path_factory.mktemp("screen") / "var"
    shutil.copytree(demo_var, var)
    with serve(var) as url:
        yield url, var


def open_screen(browser: Browser, url: str) -> Page:
    """Open the big screen at 1920×1080 and wait for its first scene."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, device_scale_factor=1)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=60_000)
    page.locator(SCENE).first.wait_for(timeout=60_000)
    return page


def shot(page: Page, name: str) -> None:
    """Save a screenshot of the viewport."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_screen_has_no_chrome_large_type_and_cycles(browser: Browser, screen_server: tuple[str, Path],
                                                    demo_settings: Settings) -> None:
    page = open_screen(browser, f"{screen_server[0]}/screen?cycle=3")
    for selector in CHROME:
        assert not page.locator(selector).first.is_visible(), f"{selector} shows on the big screen"
    assert page.locator('[data-testid="stException"]').count() == 0
    title_px = page.locator(TITLE).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    smallest = page.locator(SCENE).evaluate(
        "v => Math.min(...[...v.querySelectorAll('*')].filter(e => e.childNodes.length && [...e.childNodes]"
        ".some(n => n.nodeType === 3 && n.textContent.trim())).map(e => parseFloat(getComputedStyle(e).fontSize)))")
    assert title_px >= 60 and smallest >= 28, (title_px, smallest)
    seen = [page.locator(TITLE).inner_text()]
    shot(page, "screen-1")
    for step in (2, 3, 4):  # the next scene within two cycles, without a reload
        page.wait_for_function(f"t => document.querySelector('{TITLE}')?.innerText !== t", arg=seen[-1],
                               timeout=6_500)
        page.wait_for_timeout(400)
        seen.append(page.locator(TITLE).inner_text())
        shot(page, f"screen-{step}")
    assert len(set(seen)) == 4 and seen[-1] == "督办事项", seen  # pillars, laggards, key projects, follow-ups
    scene = page.locator(SCENE).inner_text()  # read once: the next scene comes within three seconds
    assert "已逾期" in scene, "the overdue follow-up shows on the meeting-room screen"
    overdue = deck_facts("zh")[1]
    assert re.search(rf"已逾期\s*{overdue}(?!\d)", scene), \
        f"the screen counts as many overdue follow-ups as the meeting deck ({overdue})"
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_screen_keeps_showing_the_edition_in_the_url(browser: Browser, screen_server: tuple[str, Path]) -> None:
    page = open_screen(browser, f"{screen_server[0]}/screen?cycle=3&edition=2018-09")
    first = page.locator(TITLE).inner_text()
    assert "2018年9月例会" in page.locator(FACTS).inner_text()
    page.wait_for_function(f"t => document.querySelector('{TITLE}')?.innerText !== t", arg=first, timeout=6_500)
    assert "2018年9月例会" in page.locator(FACTS).inner_text(), "a fragment rerun fell back to live data"
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_screen_shows_a_new_snapshot_without_a_reload(browser: Browser, screen_server: tuple[str, Path]) -> None:
    url, var = screen_server
    page = open_screen(browser, f"{url}/screen?cycle=3&edition=live")  # an edition, the default, never changes
    before = page.locator(FACTS).inner_text()
    assert "2018-09-30" not in before
    page.evaluate("() => { window.__sameDocument = true; }")
    settings = Settings(**{**load_settings().__dict__, "var_dir": var})
    build_snapshot(settings, FIXTURES, "screen test publish", as_of=dt.date(2018, 9, 30))
    page.wait_for_function(f"() => document.querySelector('{FACTS}')?.innerText.includes('2018-09-30')",
                           timeout=30_000)
    assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded"
    assert page.locator(FACTS).inner_text() != before
    shot(page, "screen-published")
    page.close()


def indicator_names() -> dict[str, list[str]]:
    """Return the Chinese name of every indicator query, by pillar."""
    registry = load_registry(load_settings().queries_dir)
    names: dict[str, list[str]] = {}
    for spec in registry.specs.values():
        if spec.indicator:
            names.setdefault(spec.indicator.pillar, []).append(spec.label("zh"))
    return names


def test_overview_on_a_phone_shows_every_status_without_sideways_scrolling(browser: Browser, server: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page.goto(f"{server}/", wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=60_000)
    page.locator("[data-status-card]").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # charts draw after the run
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner == 390
    assert not page.locator('[class*="st-key-wide-"]').first.is_visible(), "the wide table shows on a phone"
    cards = page.locator('[data-testid="stHtml"]').filter(has_text=translate("pillars.card.score_caption", "zh"))
    tops = [cards.nth(i).bounding_box()["y"] for i in range(cards.count())]
    assert len(tops) == 3 and tops == sorted(tops) and tops[1] - tops[0] > 150, f"pillar cards do not stack: {tops}"
    for pillar, names in indicator_names().items():  # one pillar's indicators to a tab
        page.get_by_role("tab", name=translate(f"pillar.{pillar}", "zh")).click()
        page.wait_for_timeout(500)
        for name in names:
            card = page.locator("[data-status-card]").filter(has_text=name).first
            card.scroll_into_view_if_needed()
            status = card.locator("[data-status]")
            box = status.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{name}: status off screen ({box})"
            assert status.inner_text().strip(), f"{name}: no status text"
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 390, "height": min(int(height) + 40, 16000)})
    page.wait_for_timeout(1500)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview-390.png"), full_page=True)
    page.close()


def test_overview_on_a_desktop_keeps_its_tables(browser: Browser, server: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
    page.goto(f"{server}/", wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=60_000)
    page.locator('[class*="st-key-wide-"] [data-testid="stDataFrame"]').first.wait_for(timeout=60_000)
    assert not page.locator("[data-status-card]").first.is_visible(), "the phone list shows on a desktop"
    page.close()
