"""The load page in a real browser while the app holds the warehouse: check, refuse, load, see it on the pages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import coordTransform
import duckdb
import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.base.i18n import translate
from dashboard.base.settings import REPO_ROOT
from dashboard.ui.frame.nav import all_pages
from tests.e2e.conftest import ARTIFACTS, open_township_list, serve
from tests.e2e.test_maps import MAP
from tests.e2e.test_pages import READY, full_page_screenshot, load

pytestmark = pytest.mark.e2e
TOWNSHIPS = "街镇编号,街镇名称,英文名称,类型,城乡类别\n"
HOSTILE_NAME = "[数据有误，点此核对](http://evil.example/x).csv"


@pytest.fixture
def private_server(demo_var: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Serve a private copy of the demo warehouse, so loads here leave other tests' data alone."""
    var = tmp_path / "var"
    shutil.copytree(demo_var, var)
    with serve(var, env={"DASHBOARD_WARM_SECONDS": "60"}) as url:  # as deployed: a load warms its snapshot
        yield url, var


def upload(page: Page, name: str, data: bytes, which: int = 0) -> None:
    """Choose a file in the page's uploader (the table load's, or which=1 the boundary file's), as a user would."""
    page.locator('[data-testid="stFileUploader"] input[type="file"]').nth(which).set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data})
    page.wait_for_timeout(1000)  # the upload itself, then the script run it starts
    page.wait_for_selector(READY, timeout=60_000)


def press(page: Page, label: str) -> None:
    """Click a button by its label and wait for the script run it starts to end."""
    page.get_by_role("button", name=label).click()
    page.wait_for_timeout(500)
    page.wait_for_selector(READY, timeout=120_000)


def choose(page: Page, select: Locator, option: str) -> None:
    """Pick an option of a selectbox, opening it again when a script run ending just after the click closed it."""
    for _attempt in range(3):
        page.wait_for_selector(READY, timeout=60_000)
        select.click()
        try:
            page.get_by_role("option", name=option).click(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.wait_for_selector(READY, timeout=60_000)
    expect(select).to_have_value(option)


def choose_table(page: Page, label: str) -> None:
    """Pick the target table in the selectbox by its Chinese name."""
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=label).click()
    page.wait_for_selector(READY, timeout=60_000)


def test_upload_through_the_page_is_checked_loaded_and_shown(browser: Browser,
                                                             private_server: tuple[str, Path]) -> None:
    url, var = private_server
    page = load(browser, f"{url}/load")
    choose_table(page, "街镇 · townships")
    bad = (TOWNSHIPS + "T98,坏街道,Bad,街道,郊区\nT98,重复,Dup,镇,农村\n").encode("gbk")
    upload(page, "bad.csv", bad)
    press(page, "检查文件")
    full_page_screenshot(page, "load-refused-zh")
    expect(page.get_by_text("共 2 个问题", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="下载问题清单（CSV）")).to_be_visible()
    expect(page.get_by_role("button", name="确认加载")).to_be_disabled()

    good = (TOWNSHIPS + "T99,测试新街道,Test Subdistrict,街道,城市\n").encode("gbk")
    upload(page, HOSTILE_NAME, good)
    press(page, "检查文件")
    expect(page.get_by_text("检查通过：1 行", exact=False)).to_be_visible()
    press(page, "确认加载")
    expect(page.get_by_text("已加载", exact=False).first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "重建" not in page.inner_text("body") and "rebuild" not in page.inner_text("body")
    assert page.locator('a[href*="evil.example"]').count() == 0, "a file name never becomes a link"
    full_page_screenshot(page, "load-done-zh")
    live = (var / "CURRENT").read_text(encoding="utf-8").strip()
    warmed = list((var / "results" / live).glob("*.arrow"))
    assert len(warmed) > 50, "the load warmed the overview's and the pages' queries before publishing"

    overview = load(browser, f"{url}/?edition=live")  # views open on the latest edition; a load changes live data
    open_township_list(overview)
    expect(overview.get_by_role("option", name="测试新街道")).to_be_visible()
    overview.keyboard.press("Escape")
    overview.close()
    voice = load(browser, f"{url}/voice?edition=live")
    full_page_screenshot(voice, "voice-after-load-zh")
    expect(voice.get_by_text("点此核对", exact=False).first).to_be_visible()
    assert voice.locator('a[href*="evil.example"]').count() == 0, "a file name never becomes a link"
    voice.close()
    page.close()


def test_the_preview_shows_status_names_and_plain_dates(browser: Browser,
                                                        private_server: tuple[str, Path]) -> None:
    url, _var = private_server
    page = load(browser, f"{url}/load")
    choose_table(page, "重点项目 · key_projects")
    header = "重点项目编号,项目名称,项目类别,计划开工,计划完工,状态\n"
    upload(page, "台账.csv", (header + "K90,测试项目,old_courtyard,2018-01-01,2018-12-31,已完成\n").encode())
    press(page, "检查文件")
    expect(page.get_by_text("确认后将新增 1 行", exact=False)).to_be_visible()
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_contain_text("已完成", timeout=30_000)  # the grid's accessible cells carry the text
    expect(grid).to_contain_text("2018-01-01")
    shown = grid.inner_text()
    assert "completed" not in shown and "00:00:00" not in shown, shown
    assert page.locator('[data-testid="stException"]').count() == 0
    full_page_screenshot(page, "load-preview-zh")
    page.close()


def test_a_boundary_file_in_gcj02_loads_by_name_and_reports_what_did_not_match(
        browser: Browser, private_server: tuple[str, Path]) -> None:
    url, var = private_server
    live = (var / "CURRENT").read_text(encoding="utf-8").strip()
    with duckdb.connect(str(var / "snapshots" / f"{live}.duckdb"), read_only=True) as con:
        shapes = con.execute("select t.name_zh, b.geometry from boundaries b join townships t on "
                             "t.township_id = b.place_id where b.level = 'township' order by 1").fetchall()
    # A city's file from Amap: names only, GCJ-02; the last township has no feature, one feature is no township.
    stray = {"type": "Feature", "properties": {"名称": "新城镇", "adcode": 1}, "geometry": json.loads(shapes[0][1])}
    features = [stray]
    for name, geometry in shapes[:-1]:
        outline = json.loads(geometry)
        rings = [[coordTransform.wgs84_to_gcj02(lon, lat) for lon, lat in ring] for ring in outline["coordinates"]]
        features.append({"type": "Feature", "properties": {"名称": name, "adcode": 1},
                         "geometry": {"type": "Polygon", "coordinates": rings}})
    data = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()

    page = load(browser, f"{url}/load")
    page.get_by_text("地图边界", exact=True).click()
    upload(page, "townships-gcj.geojson", data, which=1)
    section = page.locator('[data-testid="stExpander"]').filter(has_text="地图边界")
    # The file's properties are offered once its upload has run; the one holding names is picked by itself.
    expect(section.get_by_role("combobox", name="标明地点的属性")).to_have_value("名称", timeout=30_000)
    choose(page, section.get_by_role("combobox", name="文件的坐标系"), "GCJ-02（高德、腾讯）")
    press(page, "加载边界")
    expect(section.get_by_text(f"{len(features)} 个要素得到 {len(shapes) - 1} 个街镇形状", exact=False)).to_be_visible()
    expect(section.get_by_text("第 1 个要素：「新城镇」", exact=False)).to_be_visible()
    expect(section.get_by_text(shapes[-1][0], exact=False)).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(ARTIFACTS / "load-boundaries-zh.png"))
    page.set_viewport_size({"width": 390, "height": 1600})
    page.wait_for_timeout(500)
    section.screenshot(path=str(ARTIFACTS / "load-boundaries-phone-zh.png"))
    page.close()

    # The overview's map now draws the city's own outlines, says which file they came from, and names the
    # township the file left out; nothing calls them a schematic any more.
    overview = load(browser, f"{url}/?lang=zh&edition=live")
    overview.get_by_role("tab", name="指标详情").click()  # the indicator's detail, with its map, is a tab of its own
    lags = overview.locator(MAP).filter(has_text=translate("maps.who_lags", "zh")).first
    lags.scroll_into_view_if_needed()
    expect(lags.locator("path.choroplethlocation")).to_have_count(len(shapes) - 1, timeout=30_000)
    written = lags.locator("text").all_text_contents()
    note = next(t for t in written if "townships-gcj.geojson" in t)
    assert translate("maps.crs_gcj02", "zh") in note and shapes[-1][0] in note
    assert translate("maps.schematic", "zh") not in written
    overview.close()

    env = {**os.environ, "DASHBOARD_VAR_DIR": str(var), "PYTHONPATH": str(REPO_ROOT)}
    listed = subprocess.run([sys.executable, "-m", "dashboard", "boundaries", "list"], env=env, check=True,
                            capture_output=True, text=True).stdout
    assert f"{len(shapes) - 1} 个来自 townships-gcj.geojson（GCJ-02）" in listed
    assert "没有形状：" in listed and shapes[-1][0] in listed


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[str]:
    """Serve a warehouse started with `init --empty`: a city's clean start with no demo rows."""
    var = tmp_path / "var"
    env = {"DASHBOARD_VAR_DIR": str(var), "PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "dashboard", "init", "--empty", "--as-of", "2026-11-30"], env=env,
                   check=True, capture_output=True)
    with serve(var) as url:
        yield url


def test_every_page_shows_honest_empty_states_on_a_clean_start(browser: Browser, empty_server: str) -> None:
    for entry in all_pages():
        path = "" if entry == all_pages()[0] else entry.url_path
        page = load(browser, f"{empty_server}/{path}")
        assert page.locator('[data-testid="stException"]').count() == 0, entry.url_path
        assert "演示数据" not in page.locator('[data-testid="stAlert"]').all_inner_texts().__str__(), entry.url_path
        if entry.url_path in {"overview", "voice", "load"}:
            full_page_screenshot(page, f"empty-{entry.url_path}-zh")
        page.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
