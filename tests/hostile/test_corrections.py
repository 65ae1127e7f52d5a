"""Corrections of referenced rows through the CLI: stored in place with every reference kept; removals refused."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dashboard.base.settings import REPO_ROOT

# (table, column) pairs that refer to a community or a work, as schema.sql's table_references declares them.
REFERS_TO_COMMUNITY = ["questionnaires", "household_visits", "consultation_meetings", "projects", "resident_demands",
                       "facilities", "service_coverage", "volunteer_teams", "volunteer_registrations",
                       "volunteer_activities"]


@pytest.fixture
def var(demo_var: Path, tmp_path: Path) -> Path:
    """A private copy of the demo warehouse."""
    copy = tmp_path / "var"
    shutil.copytree(demo_var, copy)
    return copy


def _cli(var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m dashboard ...` against var, as a clerk would."""
    env = {**os.environ, "DASHBOARD_VAR_DIR": str(var), "DASHBOARD_WARM_SECONDS": "0", "PYTHONPATH": str(REPO_ROOT),
           "DASHBOARD_LANG": "zh"}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], env=env, capture_output=True, text=True,
                          timeout=300, cwd=REPO_ROOT)


def _live(var: Path) -> Path:
    """Return the live snapshot's file."""
    return var / "snapshots" / f"{(var / 'CURRENT').read_text().strip()}.duckdb"


def _rows(var: Path, sql: str, params: dict[str, object] | None = None) -> list[tuple]:
    """Read rows from the live snapshot."""
    with duckdb.connect(str(_live(var)), read_only=True) as con:
        return con.execute(sql, params or {}).fetchall()


def _row_file(var: Path, tmp_path: Path, table: str, key: str, value: str, **changes: object) -> Path:
    """Write a one-row CSV holding a stored row with some columns changed: what a clerk's correction looks like."""
    with duckdb.connect(str(_live(var)), read_only=True) as con:
        rel = con.sql(f"select * from {table} where {key} = $v", params={"v": value})  # names are the test's own
        columns, row = rel.columns, dict(zip(rel.columns, rel.fetchall()[0], strict=True))
    row.update(changes)
    path = tmp_path / f"{table}-{value}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerow(["" if row[c] is None else str(row[c]) for c in columns])
    return path


def _referring(var: Path, column: str, value: str, tables: list[str]) -> dict[str, int]:
    """Count, per table, the rows whose column names value."""
    return {t: _rows(var, f"select count(*) from {t} where {column} = $v", {"v": value})[0][0] for t in tables}


def test_a_referenced_community_is_renamed_in_place(var: Path, tmp_path: Path) -> None:
    before = _referring(var, "community_id", "C0001", REFERS_TO_COMMUNITY)
    assert sum(before.values()) > 0  # the case at hand: a community other rows refer to
    path = _row_file(var, tmp_path, "communities", "community_id", "C0001", name_zh="政府街社区（更名）")
    done = _cli(var, "load", str(path), "--table", "communities", "--mode", "upsert")
    assert done.returncode == 0, done.stderr
    assert "替换 1 行" in done.stdout
    assert _rows(var, "select name_zh from communities where community_id = 'C0001'") == [("政府街社区（更名）",)]
    assert _referring(var, "community_id", "C0001", REFERS_TO_COMMUNITY) == before
    located = _rows(var, "select distinct community_zh from projects_located where community_id = 'C0001'")
    assert located in ([], [("政府街社区（更名）",)])


def test_a_referenced_work_is_completed_and_moved_keeping_its_demands(var: Path, tmp_path: Path) -> None:
    demands = _rows(var, "select demand_id from resident_demands where project_id = 'P0003' order by 1")
    assert demands
    path = _row_file(var, tmp_path, "projects", "project_id", "P0003", status="completed", stage="completed",
                     actual_end="2018-10-20")
    done = _cli(var, "load", str(path), "--table", "projects", "--mode", "upsert")
    assert done.returncode == 0, done.stderr
    assert _rows(var, "select status, stage, cast(actual_end as varchar) from projects where project_id = 'P0003'") \
        == [("completed", "completed", "2018-10-20")]
    # A column that itself refers to another table (its community) can be corrected too.
    path = _row_file(var, tmp_path, "projects", "project_id", "P0003", community_id="C0001")
    done = _cli(var, "load", str(path), "--table", "projects", "--mode", "upsert")
    assert done.returncode == 0, done.stderr
    assert _rows(var, "select community_id from projects where project_id = 'P0003'") == [("C0001",)]
    assert _rows(var, "select demand_id from resident_demands where project_id = 'P0003' order by 1") == demands


def test_removing_a_referenced_work_is_refused_naming_the_rows(var: Path, tmp_path: Path) -> None:
    demands = [r[0] for r in _rows(var, "select demand_id from resident_demands where project_id = 'P0003' "
                                        "order by 1")]
    live = _live(var)
    digest = hashlib.sha256(live.read_bytes()).hexdigest()
    path = tmp_path / "remove.csv"
    path.write_text("project_id\nP0003\n", encoding="utf-8")
    done = _cli(var, "load", str(path), "--table", "projects", "--mode", "delete")
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert "P0003" in first and "群众诉求" in first and f"{len(demands)} 行" in first
    assert all(d in first for d in demands[:3])
    assert "Traceback" not in done.stderr
    assert _live(var) == live and hashlib.sha256(live.read_bytes()).hexdigest() == digest
