"""The read-only runner: locked config, row cap, parameters, and reconnecting after a new snapshot."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard.base.settings import Settings
from dashboard.engine.runner import QueryError, Runner
from dashboard.warehouse import snapshot
from dashboard.warehouse.build import BuildError, build_snapshot
from tests.conftest import FIXTURES


def copy_settings(settings: Settings, var_dir: Path, **changes: object) -> Settings:
    """Return settings with another var folder (and any other changes)."""
    return Settings(**{**settings.__dict__, "var_dir": var_dir, **changes})


def test_row_cap_truncates_and_flags(fixture_settings: Settings) -> None:
    runner = Runner(copy_settings(fixture_settings, fixture_settings.var_dir, row_cap=5))
    result = runner.run_sql("select * from range(5000)")
    assert len(result.frame) == 5 and result.truncated
    small = runner.run_sql("select * from range(5)")
    assert len(small.frame) == 5 and not small.truncated


def test_empty_result_keeps_its_columns(fixture_settings: Settings) -> None:
    result = Runner(fixture_settings).run_sql("select township_id, name_zh from townships where false")
    assert result.frame.empty and list(result.frame.columns) == ["township_id", "name_zh"]


def test_configuration_is_locked(fixture_settings: Settings) -> None:
    runner = Runner(fixture_settings)
    with pytest.raises(QueryError, match="not SET"):
        runner.run_sql("set threads = 1")
    # Below run_sql's statement check, the connection itself refuses (tests/test_sandbox.py tries many more).
    cursor, _ = runner.connection()
    with pytest.raises(duckdb.InvalidInputException, match="locked"):
        cursor.execute("set threads = 1")
    with pytest.raises(duckdb.InvalidInputException, match=r"read-only|read only"):
        cursor.execute("delete from townships")


def test_errors_hide_server_paths(fixture_settings: Settings) -> None:
    with pytest.raises(QueryError) as info:
        Runner(fixture_settings).run_sql("select * from read_csv('/etc/passwd')")
    assert "/etc/passwd" not in str(info.value) and "\n" not in str(info.value)


def test_new_snapshot_is_picked_up_without_restart(fixture_settings: Settings, tmp_path: Path) -> None:
    settings = copy_settings(fixture_settings, tmp_path / "var")
    first = build_snapshot(settings, FIXTURES, "first")
    runner = Runner(settings)
    count_sql = "select count(*) as n from published_figures"
    before = runner.run_sql(count_sql)
    assert before.snapshot_id == first
    changed = tmp_path / "csv"
    shutil.copytree(FIXTURES, changed)
    lines = (changed / "published_figures.csv").read_text(encoding="utf-8").splitlines()
    (changed / "published_figures.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    second = build_snapshot(settings, changed, "second")
    after = runner.run_sql(count_sql)
    assert after.snapshot_id == second != first
    assert after.frame["n"].iloc[0] == before.frame["n"].iloc[0] - 1


def test_failed_build_changes_nothing(fixture_settings: Settings, tmp_path: Path) -> None:
    settings = copy_settings(fixture_settings, tmp_path / "var")
    live = build_snapshot(settings, FIXTURES, "good")
    before = snapshot.current_snapshot_path(settings).read_bytes()
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURES, broken)
    (broken / "communities.csv").write_text("community_id,township_id\nC1,NOPE\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"communities\.csv"):
        build_snapshot(settings, broken, "bad")
    assert snapshot.current_snapshot_id(settings) == live
    assert snapshot.current_snapshot_path(settings).read_bytes() == before
    assert not list(settings.snapshots_dir.glob("*.building"))


def test_build_if_missing_carries_a_snapshot_from_an_older_schema_over(fixture_settings: Settings, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    from dashboard.cli import main

    settings = copy_settings(fixture_settings, tmp_path / "var")
    first = build_snapshot(settings, FIXTURES, "first")
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(settings.var_dir))
    monkeypatch.setenv("DASHBOARD_SEED_DIR", str(FIXTURES))
    assert main(["build", "--if-missing"]) == 0
    assert snapshot.current_snapshot_id(settings) == first, "a current snapshot is kept"
    with duckdb.connect(str(snapshot.snapshot_path(settings, first))) as con:
        con.execute("update snapshot_info set schema_hash = 'older'")  # as if built before a schema change
    assert main(["build", "--if-missing"]) == 0
    carried = snapshot.current_snapshot_id(settings)
    assert carried != first
    history = Runner(settings).run_sql("select data_kind from snapshot_info order by built_at").frame
    assert history["data_kind"].tolist()[-1] == "migrated"


def test_load_into_a_snapshot_from_an_older_schema_carries_it_over(fixture_settings: Settings,
                                                                    tmp_path: Path) -> None:
    import duckdb

    from dashboard.warehouse.load import load_file

    settings = copy_settings(fixture_settings, tmp_path / "var")
    live = build_snapshot(settings, FIXTURES, "first")
    with duckdb.connect(str(snapshot.snapshot_path(settings, live))) as con:
        con.execute("update snapshot_info set schema_hash = 'older'")
    path = tmp_path / "townships.csv"
    path.write_text("township_id,name_zh,name_en,kind,area\nTX,新街道,New,subdistrict,urban\n", encoding="utf-8")
    assert load_file(settings, path, "townships").added == 1
    kinds = Runner(settings).run_sql("select data_kind from snapshot_info order by built_at").frame["data_kind"]
    assert kinds.tolist()[-2:] == ["migrated", "loaded"]

