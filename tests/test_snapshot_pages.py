"""App tests of the write-side pages: rollback from the admin page, and one snapshot per page run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.base.settings import Settings, load_settings
from dashboard.engine.runner import Runner
from dashboard.warehouse import snapshot
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


def test_rollback_from_the_admin_page_makes_the_earlier_data_live(private: Settings) -> None:
    loaded = snapshot.current_snapshot_id(private)
    at = open_page("ui/pages/snapshots.py")
    assert not at.exception, [e.value for e in at.exception]
    target = at.selectbox(key="snapshots.target").options[0]
    at.button(key="snapshots.rollback").click().run()
    assert not at.exception
    live = snapshot.current_snapshot_id(private)
    assert live not in {loaded, target}
    runner = Runner(private)
    assert runner.run_sql("select count(*) from volunteer_activities where activity_id = 'PG1'").frame.iloc[0, 0] == 0
    runner.close()
    assert any(target in s.value.replace("\\", "") for s in at.success), "the page says what it did"


def source_lines(at: AppTest) -> list[str]:
    """Return the source lines under the page's blocks (each names its query file and snapshot)."""
    return [c.value for c in at.caption if "queries/" in c.value and "快照" in c.value]


def test_a_page_run_reads_the_snapshot_that_was_live_when_it_began(private: Settings) -> None:
    began = snapshot.current_snapshot_id(private)
    at = open_page("voice")
    lines = source_lines(at)
    assert lines and all(began[-10:] in line for line in lines), "every source line names the run's snapshot"
    from dashboard.warehouse.history import rollback

    rollback(private, began)  # a publish between runs
    at.run()
    now = snapshot.current_snapshot_id(private)
    lines = source_lines(at)
    assert now != began and lines and all(now[-10:] in line for line in lines), "the next run reads the new one"
