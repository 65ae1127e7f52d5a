"""Writers started at the same moment lose nothing: rollback, edition, follow-ups and two loads, raced 20 times.

"Lost" means: a meeting record (edition, follow-up, its completion) that reported success is missing from the
final live warehouse, or a load's rows are missing although the rollback did not go back past them. A rollback
goes back to the snapshot live when the round started, so loads it published after are kept, loads before it
are legitimately undone.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import duckdb
import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.build import build_empty, build_snapshot
from dashboard.warehouse.editions import complete_follow_up, create_edition, record_follow_up
from dashboard.warehouse.history import rollback
from dashboard.warehouse.load import load_file
from dashboard.warehouse.writer import WriteError
from tests.conftest import FIXTURES

ROUNDS = 20


def _rows(settings: Settings, sql: str) -> list[tuple]:
    """Read rows from the live snapshot."""
    with duckdb.connect(str(snapshot.current_snapshot_path(settings)), read_only=True) as con:
        return con.execute(sql).fetchall()


def _townships_file(path: Path, township_id: str) -> Path:
    """Write a one-row townships file a clerk could load."""
    path.write_text(f"township_id,name_zh,name_en,kind,area\n{township_id},测试{township_id}镇,Town {township_id},"
                    "town,rural\n", encoding="utf-8")
    return path


def _race(jobs: dict[str, Callable[[], object]]) -> dict[str, object]:
    """Start every job at the same moment (a barrier) on its own thread; return each result or its exception."""
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[], object]) -> object:
        barrier.wait()
        try:
            return job()
        except Exception as exc:  # a refusal is an outcome the test looks at
            return exc

    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = {name: pool.submit(run, job) for name, job in jobs.items()}
        return {name: future.result(timeout=600) for name, future in futures.items()}


def test_racing_writers_lose_nothing(settings: Settings, tmp_path: Path) -> None:
    create_edition(settings, "竞争测试例会", edition_id="race")
    day = dt.date(2018, 10, 20)
    for n in range(ROUNDS):
        start = snapshot.current_snapshot_id(settings)
        open_one = record_follow_up(settings, "race", "township", "T01", f"待完成 {n}", "办公室", day)
        files = {k: _townships_file(tmp_path / f"{k}{n}.csv", f"X{n}{k}") for k in "ab"}
        outcome = _race({
            "rollback": partial(rollback, settings, start),
            "edition": partial(create_edition, settings, f"第 {n} 轮例会", edition_id=f"race-{n}"),
            "follow_up": partial(record_follow_up, settings, "race", "township", "T02", f"新任务 {n}", "街道", day),
            "complete": partial(complete_follow_up, settings, open_one.follow_up_id, day),
            "load_a": partial(load_file, settings, files["a"], "townships"),
            "load_b": partial(load_file, settings, files["b"], "townships"),
        })
        failed = {k: v for k, v in outcome.items() if isinstance(v, Exception)}
        assert not failed, f"round {n}: {failed}"
        editions = {r[0] for r in _rows(settings, "select edition_id from editions")}
        assert {"race", f"race-{n}"} <= editions, f"round {n}: an edition was lost"
        follow_ups = dict(_rows(settings, "select follow_up_id, done_on from follow_ups"))
        assert outcome["follow_up"].follow_up_id in follow_ups, f"round {n}: a recorded follow-up was lost"
        assert follow_ups.get(open_one.follow_up_id) == day, f"round {n}: a completion was lost"
        assert sum(1 for i in follow_ups if i.startswith("Frace-")) == 2 * (n + 1), f"round {n}: follow-ups lost"
        towns = {r[0] for r in _rows(settings, "select township_id from townships")}
        rolled_back_at = outcome["rollback"]
        for k in "ab":
            loaded_at = outcome[f"load_{k}"].snapshot_id
            # Snapshot ids sort by the moment they were written under the lock.
            assert (f"X{n}{k}" in towns) == (loaded_at > rolled_back_at), f"round {n}: load {k} wrongly kept/lost"


def test_cli_rollback_racing_an_edition_and_loads_loses_no_meeting(settings: Settings, tmp_path: Path) -> None:
    start = snapshot.current_snapshot_id(settings)
    env = {**os.environ, "DASHBOARD_VAR_DIR": str(settings.var_dir), "DASHBOARD_WARM_SECONDS": "0",
           "PYTHONPATH": str(REPO_ROOT)}
    commands = [["rollback", start], ["edition", "create", "--name", "命令行例会", "--id", "cli-race"],
                ["load", str(_townships_file(tmp_path / "a.csv", "Y1")), "--table", "townships"],
                ["load", str(_townships_file(tmp_path / "b.csv", "Y2")), "--table", "townships"]]
    processes = [subprocess.Popen([sys.executable, "-m", "dashboard", *c], env=env, cwd=REPO_ROOT, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands]
    outcomes = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], outcomes
    assert ("cli-race",) in _rows(settings, "select edition_id from editions")
    assert len(_rows(settings, "select * from snapshot_info where data_kind = 'rollback'")) == 1


def test_a_build_is_refused_under_the_lock_once_a_load_has_landed(settings: Settings, tmp_path: Path) -> None:
    load_file(settings, _townships_file(tmp_path / "a.csv", "Z1"), "townships")
    live = snapshot.current_snapshot_id(settings)
    with pytest.raises(WriteError, match="holds loaded rows"):
        build_snapshot(settings, FIXTURES, "a rebuild that would drop the load", force=False)
    with pytest.raises(WriteError, match="holds loaded rows"):
        build_empty(settings, dt.date(2018, 10, 25), force=False)
    assert snapshot.current_snapshot_id(settings) == live
    assert ("Z1",) in _rows(settings, "select township_id from townships where township_id = 'Z1'")
