"""A schema change keeps older editions readable: their frozen rows are carried into today's views and macros."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard.base.settings import Settings, load_settings
from dashboard.warehouse import schema, snapshot
from dashboard.warehouse.editions import create_edition
from dashboard.warehouse.history import migrate

PROBE = "\ncreate macro upgrade_probe() as 42;\n"


def rows(path: Path, table: str) -> list[tuple[object, ...]]:
    """Return a table's rows from a snapshot file, in a stable order."""
    with duckdb.connect(str(path), read_only=True) as con:
        return sorted(con.sql(f"select * from {table}").fetchall(), key=repr)


def test_a_schema_change_carries_the_editions_frozen_rows_into_todays_schema(
        fixture_var: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    var = tmp_path / "var"
    shutil.copytree(fixture_var, var)
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(var))
    settings: Settings = load_settings()
    edition = create_edition(settings, "升级前的例会")
    frozen = snapshot.snapshot_path(settings, edition.snapshot_id)
    before = {table: rows(frozen, table) for table in ("projects", "communities", "questionnaires")}

    changed = tmp_path / "schema.sql"
    changed.write_text(schema.SCHEMA_FILE.read_text(encoding="utf-8") + PROBE, encoding="utf-8")
    monkeypatch.setattr(schema, "SCHEMA_FILE", changed)
    migrate(settings)

    with duckdb.connect(str(frozen), read_only=True) as con:
        assert con.sql("select upgrade_probe()").fetchall() == [(42,)]  # today's macros answer on the edition
        latest = con.sql("select schema_hash from snapshot_info order by built_at desc limit 1").fetchall()[0][0]
    assert latest == schema.schema_hash()
    assert {table: rows(frozen, table) for table in before} == before  # and its rows are exactly those it froze
    assert edition.snapshot_id in snapshot.kept_ids(settings)
