"""App tests of the load page: the preview a clerk reads, a removal that waits for a tick, the history in words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.base.i18n import translate
from dashboard.base.settings import Settings, load_settings
from dashboard.engine.runner import Runner
from dashboard.warehouse import snapshot
from dashboard.warehouse.load import load_file
from tests.test_app import open_page

HEADER = "key_project_id,name_zh,category,planned_start,planned_end,status\n"


@pytest.fixture
def private(fixture_var: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the app at a private copy of the fixture warehouse, so loads here leave other tests' data alone."""
    var = tmp_path / "var"
    shutil.copytree(fixture_var, var)
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(var))
    return load_settings()


def stored(settings: Settings, key: str) -> int:
    """Return how many key projects with this id the live snapshot holds."""
    runner = Runner(settings)
    try:
        return int(runner.run_sql(f"select count(*) from key_projects where key_project_id = '{key}'").frame.iloc[0, 0])
    finally:
        runner.close()


def check(at: AppTest, table: str, mode: str, name: str, data: bytes) -> AppTest:
    """Choose the table and mode, upload a file and press 检查文件, as a clerk would."""
    at.selectbox(key="load.table").set_value(table).run()
    at.radio(key="load.mode").set_value(mode).run()
    at.file_uploader(key="load.file").upload(name, data, "text/csv").run()
    at.button(key="load.check").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def preview(at: AppTest) -> pd.DataFrame:
    """Return the preview table as shown."""
    return next(frame.value for frame in at.dataframe if "行号" in frame.value.columns)


def test_the_preview_shows_code_names_and_dates_as_a_clerk_wrote_them(private: Settings) -> None:
    at = check(open_page("ui/pages/load.py"), "key_projects", "append", "台账.csv",
               (HEADER + "K90,测试项目,old_courtyard,2018-01-01,2018-12-31,completed\n").encode())
    shown = preview(at)
    assert shown.loc[0, "状态"] == translate("domains.code.status.completed", "zh") == "已完成"
    assert str(shown.loc[0, "计划开工"]) == "2018-01-01", "a date without 00:00:00"
    assert "completed" not in shown.to_string() and "00:00:00" not in shown.to_string()
    said = " ".join(i.value for i in at.info)
    assert "检查通过：1 行（编码 UTF-8，逗号分隔）" in said and "确认后将新增 1 行、替换 0 行、删除 0 行" in said
    assert stored(private, "K90") == 0, "a check changes nothing"


def test_a_removal_says_what_goes_and_waits_for_the_tick(private: Settings, tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text(HEADER + "K90,测试项目,old_courtyard,2018-01-01,2018-12-31,completed\n", encoding="utf-8")
    load_file(private, path, "key_projects")
    at = check(open_page("ui/pages/load.py"), "key_projects", "delete", "删除.csv", b"key_project_id\nK90\n")
    assert any("将从重点项目删除 1 行" in w.value for w in at.warning)
    assert preview(at)["重点项目编号"].tolist() == ["K90"]
    submit = at.button(key="load.submit")
    assert submit.disabled and "我已核对将要删除的行" in submit.help, "the removal waits for the tick"
    live = snapshot.current_snapshot_id(private)

    tick = next(c for c in at.checkbox if c.label == "我已核对将要删除的行")
    tick.check().run()
    assert snapshot.current_snapshot_id(private) == live and stored(private, "K90") == 1, "a tick alone removes nothing"
    at.button(key="load.submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert stored(private, "K90") == 0
    assert any("删除 1 行" in s.value for s in at.success)


def test_the_load_history_says_each_write_in_words(private: Settings, tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text(HEADER + "K90,测试项目,old_courtyard,2018-01-01,2018-12-31,completed\n", encoding="utf-8")
    load_file(private, path, "key_projects")
    at = open_page("ui/pages/load.py")
    assert not at.exception, [e.value for e in at.exception]
    history = next(frame.value for frame in at.dataframe if "内容" in frame.value.columns)
    assert history["内容"].iloc[0] == "数据导入：重点项目，追加，文件「k.csv」"
    assert not history.astype(str).apply(lambda c: c.str.contains("append|loaded|←")).any().any()
