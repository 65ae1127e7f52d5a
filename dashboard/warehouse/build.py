"""Build a warehouse snapshot from a folder of CSVs, validate it, then publish it atomically."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from dashboard.settings import Settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.invariants import data_problems

SCHEMA_FILE = Path(__file__).with_name("schema.sql")
DEMO_AS_OF = date(2018, 10, 25)


class BuildError(RuntimeError):
    """Raised when input files cannot make a valid snapshot; nothing live changes."""


def schema_hash() -> str:
    """Return a short hash of schema.sql; a snapshot built from another version must be rebuilt."""
    return hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest()[:12]


def built_with_current_schema(path: Path) -> bool:
    """Say whether a snapshot file was built from today's schema.sql (older ones lack views and columns)."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            rows = con.table("snapshot_info").order("built_at desc").limit(1).select("schema_hash").fetchall()
    except duckdb.Error:
        return False  # no such column: built before schema hashes were recorded
    return bool(rows) and rows[0][0] == schema_hash()


def table_names() -> list[str]:
    """Return the schema's tables in creation order, which respects foreign keys."""
    return re.findall(r"^create table (\w+)", SCHEMA_FILE.read_text(encoding="utf-8"), re.M)


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Return a table's column names in schema order."""
    return con.table(table).columns


def _insert_csv(con: duckdb.DuckDBPyConnection, table: str, csv_path: Path) -> None:
    """Append one CSV to its table by column name, so column order in the file does not matter."""
    wanted = table_columns(con, table)
    rel = con.read_csv(str(csv_path), header=True, all_varchar=True, encoding="utf-8")
    missing = [c for c in wanted if c not in rel.columns]
    extra = [c for c in rel.columns if c not in wanted]
    if missing or extra:
        raise BuildError(f"{csv_path.name}: missing columns {missing}, unknown columns {extra}")
    rel.select(*[duckdb.ColumnExpression(c) for c in wanted]).insert_into(table)


def build_snapshot(settings: Settings, csv_dir: Path, description: str, data_kind: str = "demo",
                   as_of: date = DEMO_AS_OF) -> str:
    """Write every `<table>.csv` of csv_dir into a new snapshot, publish it and return its id."""
    tables = [t for t in table_names() if t != "snapshot_info"]
    inputs = [csv_dir / f"{t}.csv" for t in tables]
    absent = [p.name for p in inputs if not p.exists()]
    if absent:
        raise BuildError(f"{csv_dir}: missing input files {absent}")
    snapshot_id = snapshot.new_snapshot_id(inputs)
    settings.snapshots_dir.mkdir(parents=True, exist_ok=True)
    final = snapshot.snapshot_path(settings, snapshot_id)
    tmp = final.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(tmp)) as con:
            con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
            for table, path in zip(tables, inputs, strict=True):
                try:
                    _insert_csv(con, table, path)
                except duckdb.Error as exc:
                    raise BuildError(f"{path.name}: {str(exc).splitlines()[0]}") from exc
            problems = data_problems(con, settings.queries_dir)
            if problems:
                raise BuildError(f"{csv_dir.name}: {problems[0]}")
            con.table("snapshot_info").insert(
                [snapshot_id, datetime.now(UTC).replace(tzinfo=None), as_of, data_kind, description, schema_hash()]
            )
        tmp.replace(final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    snapshot.publish(settings, snapshot_id)
    return snapshot_id
