"""Hostile files on the load page in a real browser: the cell named for a guess refused, a sheet chosen by name."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_load_page import choose, choose_table, press, private_server  # noqa: F401 - a fixture
from tests.e2e.test_pages import READY, full_page_screenshot, load

pytestmark = pytest.mark.e2e
HEADER = ["activity_id", "team_id", "community_id", "held_on", "name_zh", "name_en", "volunteers", "external_org_zh"]
TABLE = "志愿服务活动 · volunteer_activities"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def put_file(page: Page, name: str, data: bytes, mime: str) -> None:
    """Choose a file in the table load's uploader and wait for the script run it starts."""
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(
        {"name": name, "mimeType": mime, "buffer": data})
    page.wait_for_timeout(1000)
    page.wait_for_selector(READY, timeout=60_000)


def activity(key: str, held_on: str) -> list[str]:
    """Return one activity row of the demo's first community."""
    return [key, "", "C0001", held_on, "敬老活动", "Visit", "8", ""]


def stored(var: Path, sql: str) -> list[tuple]:
    """Read the live snapshot the server publishes."""
    live = (var / "CURRENT").read_text(encoding="utf-8").strip()
    with duckdb.connect(str(var / "snapshots" / f"{live}.duckdb"), read_only=True) as con:
        return con.sql(sql).fetchall()


def test_a_two_digit_year_is_refused_naming_its_cell_and_a_sheet_is_chosen_by_name(
        browser: Browser, private_server: tuple[str, Path]) -> None:  # noqa: F811 - the imported fixture
    url, var = private_server
    page = load(browser, f"{url}/load")
    choose_table(page, TABLE)
    rows = [HEADER, activity("EY1", "2018-09-01"), activity("EY2", "18/9/1")]
    put_file(page, "years.csv", "\n".join(",".join(r) for r in rows).encode("utf-8"), "text/csv")
    press(page, "检查文件")
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="未加载")
    expect(alert).to_contain_text("第 3 行 · 活动日期 (held_on) 「18/9/1」不是四位年份的日期")
    expect(page.get_by_role("button", name="确认加载")).to_be_disabled()
    full_page_screenshot(page, "load-two-digit-year-zh")

    book = Workbook()
    book.active.title = "十月"
    for row in rows[:2]:
        book.active.append(row)
    other = book.create_sheet("九月")
    for row in [HEADER, activity("EN1", "2018-09-03"), activity("EN2", "2018-09-04")]:
        other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    put_file(page, "两个月.xlsx", buffer.getvalue(), XLSX)
    press(page, "检查文件")
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="两个月.xlsx")).to_contain_text(
        "多个含数据的工作表（十月、九月）")
    choose(page, page.get_by_role("combobox", name="工作表"), "九月")
    press(page, "检查文件")
    expect(page.get_by_text("检查通过：2 行", exact=False)).to_be_visible()
    press(page, "确认加载")
    expect(page.get_by_text("已加载", exact=False).first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert stored(var, "select activity_id from volunteer_activities where activity_id like 'E%' order by 1") == [
        ("EN1",), ("EN2",)]
    page.close()
