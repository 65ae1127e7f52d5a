"""App tests of the write-side pages: rollback from the admin page, and one snapshot per page run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Selectbox

from dashboard.base.settings import Settings, load_settings
from dashboard.engine.runner import Runner
from dashboard.present.writes import describe_write, described
from dashboard.warehouse import snapshot
from dashboard.warehouse.history import kept_ids, rollback
from dashboard.warehouse.load import load_file
from tests.test_app import open_page


@pytest.fixture
def private(fixture_var: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the app at a private copy of the fixture warehouse that has had one load."""
    var = tmp_path / "var"
    shutil.copytree(fixture_var, var)
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(var))
    settings = load_settings()
    runner = Runner(settings)
    community = runner.run_sql("select min(community_id) from communities").frame.iloc[0, 0]
    runner.close()
    path = tmp_path / "a.csv"
    path.write_text("activity_id,community_id,held_on,name_zh,name_en,volunteers\n"
                    f"PG1,{community},2018-10-01,活动,Activity,3\n", encoding="utf-8")
    load_file(settings, path, "volunteer_activities")
    return settings


def count_loaded(settings: Settings) -> int:
    """Return how many volunteer activities the live snapshot holds (the load above added one)."""
    runner = Runner(settings)
    try:
        return int(runner.run_sql("select count(*) from volunteer_activities").frame.iloc[0, 0])
    finally:
        runner.close()


def target_select(at: AppTest, settings: Settings) -> Selectbox:
    """Return the rollback's version select (keyed by the live version, so a write starts the choice afresh)."""
    return at.selectbox(key=f"snapshots.target.{snapshot.current_snapshot_id(settings)}")


def shown_tables(at: AppTest) -> list[pd.DataFrame]:
    """Return the tables the page shows, as the reader sees them."""
    return [frame.value for frame in at.dataframe]


def test_rollback_starts_with_nothing_chosen_and_previews_before_it_changes_anything(private: Settings) -> None:
    loaded = snapshot.current_snapshot_id(private)
    at = open_page("ui/pages/snapshots.py")
    assert not at.exception, [e.value for e in at.exception]
    select = target_select(at, private)
    assert select.value is None, "no version is preselected"
    assert "snapshots.rollback" not in [b.key for b in at.button], "no rollback is offered before a choice"
    versions = shown_tables(at)[0]
    assert list(versions.columns)[:2] == ["写入时间", "内容"] and list(versions.columns)[-1] == "编号"
    assert "数据导入：志愿服务活动，追加，文件「a.csv」" in versions["内容"].tolist(), "the load is said in words"
    assert not any("append" in text or "loaded" in text for text in versions["内容"])

    target = kept_ids(private)[1]  # the version before the load
    target_select(at, private).set_value(target).run()
    assert not at.exception, [e.value for e in at.exception]
    changes = next(frame for frame in shown_tables(at) if "数据表" in frame.columns)
    now = count_loaded(private)
    assert changes.to_dict("records") == [{"数据表": "志愿服务活动", "现有行数": now, "回滚后行数": now - 1,
                                           "变化": "-1"}]
    undone = next(frame for frame in shown_tables(at) if "操作人" in frame.columns)
    assert undone["内容"].tolist() == ["数据导入：志愿服务活动，追加，文件「a.csv」"]
    assert undone["操作人"].tolist() == ["未记录"], "a write made outside the app has no recorded author"
    said = " ".join(m.value.replace("\\", "") for m in at.markdown)
    assert "操作人：未记录" in said and "数据截至" in said

    button = at.button(key="snapshots.rollback")
    assert button.disabled and "我已核对以上变化" in button.help, "the button waits for the confirmation"
    assert snapshot.current_snapshot_id(private) == loaded and count_loaded(private) == now
    assert not at.success


def test_a_confirmed_rollback_makes_the_earlier_data_live_and_clears_the_choice(private: Settings) -> None:
    loaded = snapshot.current_snapshot_id(private)
    before = count_loaded(private)
    at = open_page("ui/pages/snapshots.py")
    target = kept_ids(private)[1]
    target_select(at, private).set_value(target).run()
    at.checkbox(key=f"snapshots.confirmed.{loaded}.{target}").check().run()
    at.button(key="snapshots.rollback").click().run()
    assert not at.exception, [e.value for e in at.exception]
    live = snapshot.current_snapshot_id(private)
    assert live not in {loaded, target}
    assert count_loaded(private) == before - 1
    assert any(target in s.value.replace("\\", "") and "已回滚" in s.value for s in at.success), "it says what it did"
    assert target_select(at, private).value is None, "the next rollback starts from nothing chosen"
    versions = shown_tables(at)[0]
    assert versions["内容"].iloc[0].startswith("回滚到 "), "the rollback is the newest version, in words"


def history_read(at: AppTest) -> str:
    """Return the version the load page's history was read from: its newest write is the one that made it."""
    history = next(frame.value for frame in at.dataframe if "快照" in frame.value.columns)
    return str(history["快照"].iloc[0])


def test_a_page_run_reads_the_snapshot_that_was_live_when_it_began(private: Settings) -> None:
    began = snapshot.current_snapshot_id(private)
    at = open_page("ui/pages/load.py")
    assert history_read(at) == began
    rollback(private, kept_ids(private)[1])  # a publish between runs
    at.run()
    now = snapshot.current_snapshot_id(private)
    assert now != began and history_read(at) == now, "the next run reads the new one"


@pytest.mark.parametrize(("kind", "description", "zh", "en"), [
    ("loaded", "projects ← 台账.xlsx · upsert", "数据导入：改造项目，更正，文件「台账.xlsx」",
     "Data import: Works, correction, file “台账.xlsx”"),
    ("loaded", "boundaries township ← a.geojson · gcj02, 12 places",
     "数据导入：地图边界（街镇），12 处，文件「a.geojson」",
     "Data import: map boundaries (township), 12 places, file “a.geojson”"),
    ("rollback", "rollback to 20261208T021604070786-83a6f3479d (was 20261208T021736551162-f32a4b3bc8)",
     "回滚到 2026-12-08 02:16:04 的数据版本", "Rollback to the data version of 2026-12-08 02:16:04"),
    ("demo", "demo warehouse from data/seed", "演示数据构建", "Demo build"),
    ("meeting", "edition E1 frozen", "例会记录：edition E1 frozen", "Meeting record: edition E1 frozen"),
])
def test_a_write_is_said_in_words(kind: str, description: str, zh: str, en: str) -> None:
    assert describe_write(kind, description, "zh") == zh
    assert describe_write(kind, description, "en") == en


def test_a_rollback_names_its_target_by_the_time_the_lists_show() -> None:
    history = pd.DataFrame({
        "snapshot_id": ["20261208T021604070786-83a6f3479d", "20261208T021736551162-f32a4b3bc8"],
        "built_at": pd.to_datetime(["2026-12-08 02:16:05.27", "2026-12-08 02:17:38.09"]),
        "data_kind": ["demo", "rollback"],
        "description": ["demo warehouse from data/seed",
                        "rollback to 20261208T021604070786-83a6f3479d (was 20261208T021700000000-0000000000)"]})
    shown = described(history, "zh")
    assert shown["description"].tolist() == ["演示数据构建", "回滚到 2026-12-08 02:16:05 的数据版本"]
    assert shown["built_at"].tolist() == ["2026-12-08 02:16:05", "2026-12-08 02:17:38"]
    assert list(shown.columns)[-1] == "snapshot_id" and "data_kind" not in shown.columns
