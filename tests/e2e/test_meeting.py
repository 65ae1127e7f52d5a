"""Meeting mode in a real browser: a secretary loads data and freezes an edition with the CLI; the overview shows it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from dashboard.base.settings import REPO_ROOT
from tests.e2e.conftest import ARTIFACTS, serve
from tests.e2e.test_pages import full_page_screenshot, load

pytestmark = pytest.mark.e2e
FOLLOW_UP = ("follow_up_id,edition_id,subject,subject_id,task,owner,due_on,done_on,note,source\n"
             "F2018-10-09,2018-10,township,T03,平息乡补报村级服务中心进度,平息乡,2018-11-15,,,loaded\n")


def cli(var: Path, *args: str) -> str:
    """Run `python -m dashboard` on a var folder, as a secretary would, and return what it printed."""
    env = {**os.environ, "DASHBOARD_VAR_DIR": str(var), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-m", "dashboard", *args], env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout


def test_an_edition_made_with_the_cli_after_a_load_shows_on_the_overview(browser: Browser, demo_var: Path,
                                                                          tmp_path: Path) -> None:
    var = tmp_path / "var"
    shutil.copytree(demo_var, var)
    upload = tmp_path / "follow_ups.csv"
    upload.write_text(FOLLOW_UP, encoding="utf-8")
    cli(var, "load", str(upload), "--table", "follow_ups", "--mode", "upsert")
    cli(var, "edition", "create", "--name", "2018年10月例会（复会）", "--as-of", "2018-10-25", "--id", "2018-10-b")
    assert "2018-10-b" in cli(var, "editions")
    with serve(var) as url:
        page = load(browser, f"{url}/?edition=2018-10-b&compare=2018-09")
        main = page.locator('[data-testid="stMain"]')
        expect(main.get_by_text("正在查看期次 2018年10月例会（复会）（2018-10-25）", exact=False)).to_be_visible()
        # What moved is on the first screen (需关注) and in full under the 本期变化 tab.
        expect(main.locator('[data-attention="block"]').get_by_text("较2018年9月例会", exact=False)).to_be_visible()
        main.get_by_role("tab", name="本期变化").click()
        expect(main.get_by_role("heading", name="本期变化")).to_be_visible()
        expect(main.get_by_text("2018年9月例会（2018-09-30） 相比", exact=False).first).to_be_visible()
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        full_page_screenshot(page, "overview-edition-1400")
        phone = load(browser, f"{url}/?edition=2018-10-b&compare=2018-09", width=390)
        phone.get_by_role("tab", name="本期变化").click()
        expect(phone.get_by_role("heading", name="本期变化")).to_be_visible()
        height = phone.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        phone.set_viewport_size({"width": 390, "height": min(int(height) + 40, 12000)})
        phone.wait_for_timeout(800)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(ARTIFACTS / "overview-edition-390.png"), full_page=True)
