"""The rollback page in a real browser: pick a data version, read what changes, confirm, see it done."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from dashboard.access.audit import author_of
from dashboard.base.settings import Settings, load_settings
from dashboard.present.writes import write_time
from dashboard.warehouse.history import kept_ids, list_snapshots
from dashboard.warehouse.load import load_file
from tests.e2e.conftest import serve
from tests.e2e.test_load_page import choose, press
from tests.e2e.test_pages import READY, full_page_screenshot, load

pytestmark = pytest.mark.e2e


@pytest.fixture
def loaded_server(demo_var: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Settings]]:
    """Serve a private copy of the demo warehouse that has had one load since its build."""
    var = tmp_path / "var"
    shutil.copytree(demo_var, var)
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(var))
    settings = load_settings()
    path = tmp_path / "台账.csv"
    path.write_text("key_project_id,name_zh,category,planned_start,planned_end,status\n"
                    "K90,测试项目,old_courtyard,2018-01-01,2018-12-31,completed\n", encoding="utf-8")
    load_file(settings, path, "key_projects")
    with serve(var) as url:
        yield url, settings


def test_a_rollback_is_chosen_previewed_confirmed_and_done(browser: Browser,
                                                          loaded_server: tuple[str, Settings]) -> None:
    url, settings = loaded_server
    live, target = kept_ids(settings)[:2]
    page = load(browser, f"{url}/snapshots")
    select = page.get_by_role("combobox", name="回滚到哪个数据版本")
    expect(select).to_have_value("")  # nothing preselected
    expect(page.get_by_role("button", name="确认回滚")).to_have_count(0)

    built = list_snapshots(settings).set_index("snapshot_id").loc[target, "built_at"]
    choose(page, select, f"{write_time(built)} · 演示数据构建")
    preview = page.locator(".st-key-snapshots-preview")
    expect(preview.get_by_text("回滚前请核对")).to_be_visible()
    # Who wrote it, from the audit log the copied warehouse brought (the demo build: nobody, unless a test before
    # this one wrote into the shared demo folder).
    author = author_of(settings, target) or "未记录"
    expect(preview.get_by_text(f"操作人：{author}", exact=False)).to_be_visible()
    tables = preview.locator('[data-testid="stDataFrame"]')
    expect(tables.first).to_contain_text("重点项目", timeout=30_000)
    expect(tables.nth(1)).to_contain_text("数据导入：重点项目，追加，文件「台账.csv」")
    confirm = page.get_by_role("button", name="确认回滚")
    expect(confirm).to_be_disabled()
    full_page_screenshot(page, "snapshots-preview-zh")

    page.get_by_text("我已核对以上变化").click()
    page.wait_for_timeout(300)
    page.wait_for_selector(READY, timeout=60_000)
    expect(confirm).to_be_enabled()
    press(page, "确认回滚")
    expect(page.get_by_text("已回滚到", exact=False)).to_be_visible(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    now = kept_ids(settings)[0]
    assert now not in {live, target}, "the rollback wrote a new live version"
    expect(select).to_have_value("")  # the next rollback starts from nothing chosen again
    full_page_screenshot(page, "snapshots-done-zh")
    page.close()
