"""Build a warehouse snapshot from a folder of CSVs (the demo seed), or an empty one for a city's own data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from dashboard.base.settings import Settings
from dashboard.query.sqlfile import first_line
from dashboard.warehouse import snapshot
from dashboard.warehouse.dictionary import loadable_tables
from dashboard.warehouse.editions import add_demo_editions
from dashboard.warehouse.history import refuse_replacing_loaded_rows
from dashboard.warehouse.schema import schema_hash, table_names  # noqa: F401  (re-exported for callers)
from dashboard.warehouse.schematic import add_schematic
from dashboard.warehouse.writer import Event, WriteError, write_snapshot

DEMO_AS_OF = date(2018, 10, 25)
BuildError = WriteError


def _insert_csv(con: duckdb.DuckDBPyConnection, table: str, csv_path: Path) -> int:
    """Append one CSV to its table by column name, so column order in the file does not matter."""
    wanted = con.table(table).columns
    rel = con.read_csv(str(csv_path), header=True, all_varchar=True, encoding="utf-8")
    missing = [c for c in wanted if c not in rel.columns]
    extra = [c for c in rel.columns if c not in wanted]
    if missing or extra:
        raise BuildError(f"{csv_path.name}: missing columns {missing}, unknown columns {extra}")
    rel.select(*[duckdb.ColumnExpression(c) for c in wanted]).insert_into(table)
    return len(rel)


def build_snapshot(settings: Settings, csv_dir: Path, description: str, data_kind: str = "demo",
                   as_of: date = DEMO_AS_OF, *, force: bool = True) -> str:
    """Write every `<table>.csv` of csv_dir into a new snapshot, publish it and return its id.

    Without force it is refused, under the writer lock, when the live snapshot holds loaded rows.
    """
    inputs = [csv_dir / f"{t}.csv" for t in loadable_tables()]
    absent = [p.name for p in inputs if not p.exists()]
    if absent:
        raise BuildError(f"{csv_dir}: missing input files {absent}")

    new_id = snapshot.new_snapshot_id([])

    def fill(con: duckdb.DuckDBPyConnection) -> Event:
        if not force:
            refuse_replacing_loaded_rows(con, "rebuild the demo")
        # The seed's meeting editions read this very snapshot; follow-ups (a loadable table) refer to them.
        added = add_demo_editions(con, csv_dir / "editions.csv", new_id)
        for path in inputs:
            try:
                added += _insert_csv(con, path.stem, path)
            except duckdb.Error as exc:
                raise BuildError(f"{path.name}: {first_line(exc)}") from exc
        add_schematic(con)  # maps need shapes; these say they are a schematic, not real boundaries
        return Event(data_kind, description, added=added, as_of=as_of)

    if (csv_dir / "editions.csv").exists():
        snapshot.pin(settings, new_id, "edition")
    snapshot_id, _ = write_snapshot(settings, fill, base=None, new_id=new_id)
    return snapshot_id


def build_empty(settings: Settings, as_of: date, *, force: bool = True) -> str:
    """Write and publish a snapshot with today's schema and no rows: a clean start for a city's own data.

    Without force it is refused, under the writer lock, when the live snapshot holds loaded rows.
    """

    def start(con: duckdb.DuckDBPyConnection) -> Event:
        if not force:
            refuse_replacing_loaded_rows(con, "start empty")
        return Event("empty", "empty warehouse (no demo rows)", as_of=as_of)

    return write_snapshot(settings, start, base=None)[0]
