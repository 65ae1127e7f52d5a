"""Maps in Chromium with every non-local request refused: they draw, say they are a schematic, and filter on click."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from dashboard.base.i18n import translate
from dashboard.warehouse import snapshot
from tests.briefing_support import settings_for
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_pages import READY

pytestmark = pytest.mark.e2e
LOCAL = {"127.0.0.1", "localhost"}
MAP = '[data-testid="stPlotlyChart"]:has(path.choroplethlocation)'


def offline_page(browser: Browser, url: str, width: int = 1400) -> tuple[Page, list[str]]:
    """Open url with every request to another host refused, returning the page and the refused addresses."""
    page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
    refused: list[str] = []

    def only_local(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=60_000)
    return page, refused


def township_names(var_dir: Path) -> dict[str, str]:
    """Return the live snapshot's township ids and Chinese names, read with DuckDB, not through the app."""
    path = snapshot.current_snapshot_path(settings_for(var_dir))
    with duckdb.connect(str(path), read_only=True) as con:
        return dict(con.execute("select township_id, name_zh from townships").fetchall())


def drawn_map(page: Page, within: str | Locator) -> Locator:
    """Return the map whose plot title is given (or the first map within a locator), once its places are drawn."""
    chart = (page.locator(MAP).filter(has_text=within) if isinstance(within, str) else within.locator(MAP)).first
    chart.scroll_into_view_if_needed()
    expect(chart.locator("path.choroplethlocation").first).to_be_attached(timeout=30_000)
    return chart


def test_maps_draw_offline_and_a_click_on_a_township_sets_the_filter(browser: Browser, server: str,
                                                                     demo_var: Path) -> None:
    names = township_names(demo_var)
    page, refused = offline_page(browser, f"{server}/?lang=zh")
    page.get_by_role("tab", name="指标详情").click()  # the overview keeps one indicator's detail in a tab
    lags = drawn_map(page, translate("maps.who_lags", "zh"))
    assert lags.locator("path.choroplethlocation").count() == len(names)
    written = set(lags.locator("text").all_text_contents())
    assert set(names.values()) <= written, "every township is named on the map"
    assert translate("maps.schematic", "zh") in written
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lags.screenshot(path=str(ARTIFACTS / "map-who-lags.png"))

    # Click inside one township's shape: the one whose name is written there.
    place = lags.locator("path.choroplethlocation").nth(4)
    box = place.bounding_box()
    assert box is not None
    label = next(n for n in names.values() if _inside(lags.locator("text", has_text=n).first, box))
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.25)
    selected = label + translate("pillars.detail.selected", "zh")
    expect(page.get_by_text(selected).first).to_be_visible(timeout=30_000)
    sidebar = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="街镇").first
    expect(sidebar.get_by_role("combobox")).to_have_value(label)

    # On to a domain page in the same session: its works map shows the clicked township alone, and the
    # communities' map, in its tab, that township's villages and communities.
    page.locator('[data-testid="stSidebarNav"] a', has_text="城市有变化").first.click()
    page.wait_for_selector(READY, timeout=60_000)
    works = drawn_map(page, page.get_by_role("tabpanel").first)
    assert works.locator("path.choroplethlocation").count() == 1, "the township filter set by the click holds"
    assert label in works.locator("text").all_text_contents()
    page.get_by_role("tab", name="地图：按村（社区）").first.click()
    cells = drawn_map(page, page.get_by_role("tabpanel").first)  # hidden panels have no role: the one shown
    assert cells.locator("path.choroplethlocation").count() > 1
    assert not [u for u in refused if "plot.ly" in u or "topojson" in u], refused
    page.close()


def test_an_english_map_says_it_is_a_schematic(browser: Browser, server: str) -> None:
    page, refused = offline_page(browser, f"{server}/services?lang=en")
    coverage = drawn_map(page, page.get_by_role("tabpanel").first)
    assert coverage.locator("path.choroplethlocation").count() == 12
    assert translate("maps.schematic", "en") in coverage.locator("text").all_text_contents()
    assert not [u for u in refused if "plot.ly" in u], refused
    page.close()


def _inside(text: Locator, box: dict[str, float]) -> bool:
    """Say whether a text element's centre lies within a bounding box."""
    own = text.bounding_box()
    if own is None:
        return False
    x, y = own["x"] + own["width"] / 2, own["y"] + own["height"] / 2
    return box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"]
