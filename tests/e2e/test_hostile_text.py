"""Hostile text in Chromium: a township named as a link, a published figure and an edition named in Markdown, and
a phishing link in `?edition=` show as typed on the overview (map included), a domain page, the big screen and a
390 px phone, with no link to the attacker's site anywhere, Plotly's SVG included; `?cycle=inf` ends in one line."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from dashboard.base.i18n import translate
from tests.conftest import FIXTURES, _build
from tests.e2e.conftest import ARTIFACTS, serve
from tests.e2e.test_pages import READY

pytestmark = pytest.mark.e2e
TOWN = '<a href="https://evil.example/p">东城街道</a>'
TOWN_EN = '<a href="https://evil.example/p">Dongcheng</a> Subdistrict'
MARKDOWN = "**粗体**[点此](https://evil.example/x) :material/home:"
PHISH = "[会议已取消，请点此重新登录](https://evil.example/login)"
# Every link on the page, in HTML and in Plotly's SVG (which writes xlink:href), and every bold run of text.
LINKS = """() => [...document.querySelectorAll('a')].map(a => a.getAttribute('href')
    || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '')"""
BOLD = "() => [...document.querySelectorAll('strong, b')].map(e => e.textContent.trim())"
# What a reader can read: the page's text plus the text of every SVG (chart ticks, legends, map labels).
TEXT = """() => (document.body.innerText + '\\n' + [...document.querySelectorAll('svg text')]
    .map(t => t.textContent).join('\\n')).replaceAll('\\u2060', '')"""


def rewrite(path: Path, key: str, wanted: str, changes: dict[str, str]) -> None:
    """Change some cells of the row whose `key` column is `wanted` in a CSV, keeping its header and quoting."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for row in rows:
        if row[key] == wanted:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a fixture warehouse whose township T02, published figure and edition 2018-10 carry hostile names."""
    root = tmp_path_factory.mktemp("hostile")
    seed = root / "seed"
    shutil.copytree(FIXTURES, seed)
    rewrite(seed / "townships.csv", "township_id", "T02", {"name_zh": TOWN, "name_en": TOWN_EN})
    rewrite(seed / "published_figures.csv", "figure_id", "key_projects", {"label_zh": MARKDOWN, "label_en": MARKDOWN})
    rewrite(seed / "editions.csv", "edition_id", "2018-10", {"name": MARKDOWN})
    _build(root / "var", seed)
    with serve(root / "var") as url:
        yield url


def open_whole(browser: Browser, url: str, width: int) -> Page:
    """Open url at a width, then make the viewport as tall as the page so every chart draws, and wait for them."""
    page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=60_000)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(int(height) + 40, 900), 14000)})
    page.wait_for_selector(READY, timeout=60_000)
    # Charts mount after the run and draw once visible: wait for some, then for each one's SVG.
    page.wait_for_function("""() => {
        const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
        return charts.length > 0 && charts.every(c => c.querySelector('.main-svg text'));
    }""", timeout=60_000)
    page.wait_for_timeout(500)
    return page


def assert_no_live_markup(page: Page) -> None:
    """Assert no link leads to the attacker's site, no word from data was made bold or an icon, no traceback shows."""
    assert [h for h in page.evaluate(LINKS) if "evil.example" in h] == []
    assert "粗体" not in page.evaluate(BOLD)
    assert page.locator('[aria-label="home icon"]').count() == 0, "no icon drawn from data"
    assert page.locator('[data-testid="stException"]').count() == 0


def chart_text(page: Page) -> str:
    """Return the text drawn in the page's Plotly charts (ticks, legends, map labels, titles)."""
    return "\n".join(page.locator('[data-testid="stPlotlyChart"] svg text').all_text_contents())


@pytest.mark.parametrize("width", [1400, 390])
def test_overview_shows_hostile_names_as_typed_on_desktop_and_phone(browser: Browser, hostile_server: str,
                                                                    width: int) -> None:
    page = open_whole(browser, f"{hostile_server}/?lang=zh", width)
    assert_no_live_markup(page)
    text = page.evaluate(TEXT)
    assert TOWN in text, "the township's name is shown as typed"
    assert MARKDOWN in text, "the published figure's label is shown as typed"
    drawn = chart_text(page)
    assert page.locator('[data-testid="stPlotlyChart"]:has(path.choroplethlocation)').count() >= 1, "a map drew"
    assert "东城街道</a>" in drawn, "the map and bars write the name as text (a long name wraps at its space)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"hostile-overview-{width}.png"), full_page=True)
    page.close()


def test_a_domain_page_shows_hostile_labels_and_townships_as_typed(browser: Browser, hostile_server: str) -> None:
    page = open_whole(browser, f"{hostile_server}/renovation?lang=zh", 1400)
    assert_no_live_markup(page)
    assert MARKDOWN in page.evaluate(TEXT), "the KPI card's label is shown as typed"
    assert TOWN in chart_text(page), "the works-by-township bars name the township as typed"
    page.close()


def test_edition_names_from_data_and_from_the_url_show_as_typed(browser: Browser, hostile_server: str) -> None:
    page = open_whole(browser, f"{hostile_server}/?lang=zh&edition={quote(PHISH)}", 1400)
    assert_no_live_markup(page)
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any(PHISH in a.replace("\u2060", "") for a in alerts), alerts
    page.close()
    page = open_whole(browser, f"{hostile_server}/?lang=zh&edition=2018-10", 1400)
    assert_no_live_markup(page)
    banner = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any(MARKDOWN in a.replace("\u2060", "") for a in banner), banner
    page.close()


@pytest.mark.parametrize("cycle", ["inf", "nan", "-1", "1e309", "abc"])
def test_the_screen_takes_any_cycle_value_without_a_traceback(browser: Browser, hostile_server: str,
                                                              cycle: str) -> None:
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, device_scale_factor=1)
    page.goto(f"{hostile_server}/screen?lang=zh&cycle={cycle}", wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=60_000)
    page.locator('[data-screen="scene"]').first.wait_for(timeout=60_000)
    assert_no_live_markup(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text=f"cycle={cycle}")
    assert notice.count() == 1, "one line says the value was not taken as given"
    assert translate("screen.scene.pillars", "zh") in page.locator('[data-screen="scene-title"]').inner_text()
    page.close()
