"""The warehouse over time: rollback, one writer at a time, schema changes that keep data, a clean start, templates."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.cli import main
from dashboard.engine.runner import Runner
from dashboard.present.downloads import csv_bytes
from dashboard.present.formatting import markdown_literal
from dashboard.query.registry import load_registry
from dashboard.warehouse import schema, snapshot
from dashboard.warehouse.history import list_snapshots, rollback, rollback_preview
from dashboard.warehouse.load import load_file
from dashboard.warehouse.writer import WriteError, WriterBusy, writer_lock

HEADER = "activity_id,team_id,community_id,held_on,name_zh,name_en,volunteers,external_org_zh"


def activities_file(path: Path, ids: list[str], community: str) -> Path:
    """Write a volunteer-activities CSV with one row per id."""
    rows = [f"{i},,{community},2018-10-01,活动,Activity,3," for i in ids]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def value(settings: Settings, sql: str) -> object:
    """Return the single value a query gives on the live snapshot."""
    runner = Runner(settings)
    try:
        return runner.run_sql(sql).frame.iloc[0, 0]
    finally:
        runner.close()


def a_community(settings: Settings) -> str:
    """Return an existing community id."""
    return str(value(settings, "select min(community_id) from communities"))


def test_rollback_restores_an_earlier_snapshot_and_can_itself_be_undone(settings: Settings, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture) -> None:
    before_load = snapshot.current_snapshot_id(settings)
    load_file(settings, activities_file(tmp_path / "a.csv", ["R1", "R2"], a_community(settings)),
              "volunteer_activities")
    after_load = snapshot.current_snapshot_id(settings)
    assert main(["rollback", before_load]) == 0
    assert value(settings, "select count(*) from volunteer_activities where activity_id like 'R_'") == 0
    assert value(settings, "select data_kind from snapshot_info order by built_at desc limit 1") == "rollback"
    rollback(settings, after_load)  # undo the rollback the same way
    assert value(settings, "select count(*) from volunteer_activities where activity_id like 'R_'") == 2
    capsys.readouterr()
    assert main(["snapshots"]) == 0
    listing = capsys.readouterr().out
    assert f"rollback to {after_load}" in listing and "← live" in listing and "a.csv" in listing
    assert main(["rollback", "20000101T000000000000-nothere"]) == 1


def test_a_rollback_says_what_it_would_change_before_anything_is_written(settings: Settings, tmp_path: Path) -> None:
    before_load = snapshot.current_snapshot_id(settings)
    kept = value(settings, "select count(*) from volunteer_activities")
    load_file(settings, activities_file(tmp_path / "a.csv", ["P1", "P2", "P3"], a_community(settings)),
              "volunteer_activities")
    live = snapshot.current_snapshot_id(settings)
    preview = rollback_preview(settings, before_load)
    assert [(c.table, c.now, c.after) for c in preview.tables] == [("volunteer_activities", kept + 3, kept)]
    assert [e["description"] for e in preview.undone] == [
        e["description"] for e in list_snapshots(settings).to_dict("records") if e["snapshot_id"] == live]
    assert "a.csv" in str(preview.undone[0]["description"])
    assert preview.target_built_at < pd.Timestamp(preview.undone[0]["built_at"])
    assert snapshot.current_snapshot_id(settings) == live, "a preview writes nothing"


def test_concurrent_loads_keep_every_row(settings: Settings, tmp_path: Path) -> None:
    community = a_community(settings)
    files = [activities_file(tmp_path / f"c{n}.csv", [f"CC{n}-{i}" for i in range(5)], community) for n in range(3)]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    command = [sys.executable, "-m", "dashboard", "load", "--table", "volunteer_activities"]
    processes = [subprocess.Popen([*command, str(f)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for f in files]
    outcomes = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], outcomes
    assert value(settings, "select count(*) from volunteer_activities where activity_id like 'CC%'") == 15
    assert value(settings, "select count(*) from snapshot_info where data_kind = 'loaded'") == 3


def test_a_second_writer_waits_then_is_refused_with_a_clear_message(settings: Settings, tmp_path: Path) -> None:
    impatient = Settings(**{**settings.__dict__, "write_wait": 1})
    live = snapshot.current_snapshot_id(settings)
    path = activities_file(tmp_path / "w.csv", ["W1"], a_community(settings))
    with writer_lock(settings), ThreadPoolExecutor(1) as pool:
        future = pool.submit(load_file, impatient, path, "volunteer_activities")
        with pytest.raises(WriterBusy, match="another build, load or rollback is still running"):
            future.result(timeout=30)
    assert snapshot.current_snapshot_id(settings) == live


def _changed_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    """Point the code at a copy of schema.sql with one change, as if the file had been edited."""
    text = schema.SCHEMA_FILE.read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / "schema.sql"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr(schema, "SCHEMA_FILE", changed)


def test_schema_change_carries_loaded_rows_into_the_new_schema(settings: Settings, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    load_file(settings, activities_file(tmp_path / "a.csv", ["S1"], a_community(settings)), "volunteer_activities")
    loaded = snapshot.current_snapshot_id(settings)
    _changed_schema(tmp_path, monkeypatch, "    external_org_zh varchar",
                    "    reviewed boolean default false,\n    external_org_zh varchar")
    assert main(["build", "--if-missing"]) == 0
    assert snapshot.current_snapshot_id(settings) != loaded
    assert value(settings, "select count(*) from volunteer_activities where activity_id = 'S1' and not reviewed") == 1
    kinds = value(settings, "select string_agg(data_kind, ',' order by built_at) from snapshot_info")
    assert str(kinds).endswith("loaded,migrated")


def test_schema_change_that_would_drop_data_publishes_nothing(settings: Settings, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture) -> None:
    load_file(settings, activities_file(tmp_path / "a.csv", ["S1"], a_community(settings)), "volunteer_activities")
    live = snapshot.current_snapshot_id(settings)
    before = snapshot.current_snapshot_path(settings).read_bytes()
    _changed_schema(tmp_path, monkeypatch, "    topic_en      varchar,\n", "")
    assert main(["build", "--if-missing"]) == 1
    assert "nothing changed" in capsys.readouterr().err
    assert snapshot.current_snapshot_id(settings) == live
    assert snapshot.current_snapshot_path(settings).read_bytes() == before


def test_build_never_replaces_loaded_rows_with_the_demo_unless_forced(settings: Settings, tmp_path: Path) -> None:
    load_file(settings, activities_file(tmp_path / "a.csv", ["B1"], a_community(settings)), "volunteer_activities")
    live = snapshot.current_snapshot_id(settings)
    assert main(["build"]) == 1
    assert snapshot.current_snapshot_id(settings) == live
    assert main(["build", "--force"]) == 0
    assert snapshot.snapshot_path(settings, live).exists(), "the replaced snapshot stays for rollback"


def test_init_empty_gives_a_clean_start_that_loads_in_order(settings: Settings, tmp_path: Path) -> None:
    assert main(["init", "--empty", "--force", "--as-of", "2026-11-30"]) == 0
    assert value(settings, "select count(*) from questionnaires") == 0
    runner = Runner(settings)
    info = runner.run(load_registry(settings.queries_dir).get("reference/snapshot")).frame.iloc[0]
    runner.close()
    assert not info["includes_demo"]
    towns = tmp_path / "townships.csv"
    towns.write_text("街镇编号,街镇名称,英文名称,类型,城乡类别\nT1,新城街道,Xincheng,街道,城市\n", encoding="utf-8")
    places = tmp_path / "communities.csv"
    places.write_text("村社编号,街镇编号,村社名称,英文名称,类型,城乡类别,重点村,贫困村,示范社区,户数,人口\n"
                      "C1,T1,新城社区,Xincheng Community,社区,城市,否,否,是,100,300\n", encoding="utf-8")
    assert main(["load", str(towns), "--table", "townships"]) == 0
    assert main(["load", str(places), "--table", "communities"]) == 0
    assert value(settings, "select source from townships") == "loaded"


def test_orphans_of_a_killed_writer_are_removed_by_the_next_write(settings: Settings, tmp_path: Path) -> None:
    orphan = settings.snapshots_dir / "20200101T000000000000-dead.writing"
    orphan.write_bytes(b"half")
    load_file(settings, activities_file(tmp_path / "a.csv", ["O1"], a_community(settings)), "volunteer_activities")
    assert not orphan.exists()


def test_app_start_removes_orphans_unless_a_writer_is_running(settings: Settings) -> None:
    from dashboard.warehouse.writer import clean_if_idle

    orphan = settings.snapshots_dir / "20200101T000000000000-dead.loading"
    orphan.write_bytes(b"half")
    with writer_lock(settings):
        with ThreadPoolExecutor(1) as pool:  # another process's view: the lock is taken, so hands off
            assert pool.submit(clean_if_idle, settings).result() == []
        orphan.write_bytes(b"half")  # the writer itself cleared it on taking the lock; a new one appears
    assert clean_if_idle(settings) == [orphan] and not orphan.exists()


def test_pinned_snapshots_are_never_pruned(settings: Settings, tmp_path: Path) -> None:
    few = Settings(**{**settings.__dict__, "keep_snapshots": 1})
    first = snapshot.current_snapshot_id(settings)
    snapshot.pin(settings, first, "briefing")
    for n in range(2):
        load_file(few, activities_file(tmp_path / f"p{n}.csv", [f"P{n}"], a_community(settings)),
                  "volunteer_activities")
    kept = list_snapshots(settings)
    assert first in set(kept["snapshot_id"]) and len(kept) == 2


def test_template_round_trip(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "projects.xlsx"
    assert main(["template", "projects", "--out", str(out)]) == 0
    book = load_workbook(out)
    data, guide = book.worksheets
    assert (data.title, guide.title) == ("数据", "说明")
    headers = [c.value for c in data[1]]
    assert headers[0] == "项目编号 (project_id)" and "状态 (status)" in headers
    rows = {r[1]: r for r in guide.iter_rows(min_row=2, values_only=True)}
    assert "实施中 = in_progress" in rows["status"][5] and rows["township_id"][7] == "街镇 (townships)"
    assert rows["budget_wan"][3] == "最多 2 位小数的数" and rows["project_id"][4] == "是"
    town = value(settings, "select min(township_id) from townships")
    filled = {"项目编号 (project_id)": "PT1", "项目类别 (category)": "停车", "项目名称 (name_zh)": "停车场",
              "英文名称 (name_en)": "Car park", "街镇编号 (township_id)": town, "阶段 (stage)": "规划",
              "状态 (status)": "规划中", "计划开工 (planned_start)": "2018-11-01",
              "计划完工 (planned_end)": "2019-01-31"}
    data.append([filled.get(h) for h in headers])
    book.save(out)
    assert main(["load", str(out), "--table", "projects"]) == 0
    assert value(settings, "select status from projects where project_id = 'PT1'") == "planned"


def test_user_text_is_shown_as_text_and_downloads_run_no_formulas() -> None:
    name = "[数据有误，点此核对](http://evil.example/x).csv"
    # Both brackets escaped: no link (tests/hostile/test_text.py renders it with a CommonMark parser to check).
    assert "\\[" in markdown_literal(name) and "\\](" in markdown_literal(name)
    assert "http\u2060\\:" in markdown_literal(name), "no bare link either"
    data = csv_bytes(pd.DataFrame({"name": ['=HYPERLINK("http://x","y")', "+cmd", "ok"], "n": [1, -2, 3]}))
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("\"'=HYPERLINK") and lines[2] == "'+cmd,-2" and lines[3] == "ok,3"


def test_write_errors_say_nothing_changed(settings: Settings) -> None:
    with pytest.raises(WriteError, match="not kept"):
        rollback(settings, "nope")
