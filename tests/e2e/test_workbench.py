"""The ad-hoc SQL page in a real browser: type, run, see the rows, and download an Excel file with Chinese headers."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser

from dashboard.base.settings import Settings
from dashboard.engine.runner import Runner
from tests.e2e.test_pages import READY, full_page_screenshot, load

pytestmark = pytest.mark.e2e
SQL = ("select t.name_zh as 街镇, count(*) as 村社数, sum(c.population) as 人口\n"
       "from communities as c join townships as t using (township_id)\ngroup by all order by 街镇")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_adhoc_query_runs_and_downloads_excel(browser: Browser, server: str, demo_settings: Settings,
                                              lang: str, tmp_path: Path) -> None:
    page = load(browser, f"{server}/sql?lang={lang}")
    page.locator("textarea").first.fill(SQL)
    page.get_by_role("button", name="运行" if lang == "zh" else "Run").click()
    page.wait_for_timeout(300)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(".main-svg", timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    full_page_screenshot(page, f"sql-result-{lang}")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 Excel" if lang == "zh" else "Download Excel").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    rows = list(openpyxl.load_workbook(io.BytesIO(saved.read_bytes()))["data"].iter_rows(values_only=True))
    expected = Runner(demo_settings).run_sql(SQL).frame
    assert rows[0] == ("街镇", "村社数", "人口")
    assert [r[0] for r in rows[1:]] == expected["街镇"].tolist()
    assert [r[2] for r in rows[1:]] == expected["人口"].tolist()
    page.close()
