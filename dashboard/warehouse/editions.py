"""Meeting records in the warehouse: editions (a snapshot frozen for one meeting) and their follow-ups.

Both are written like any load, as a new snapshot under the writer lock. An edition pins the snapshot it reads,
so pruning never removes it, and a rollback carries every meeting record over from the live snapshot, so going
back to older data never forgets a meeting.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard.base.settings import Settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.writer import Event, WriteError, write_snapshot

# Written in this order and removed in the reverse one: a follow-up refers to its edition.
MEETING_TABLES = ("editions", "follow_ups")
_EDITION_ID_RE = re.compile(r"[\w\-]{1,40}")


@dataclass(frozen=True)
class Edition:
    """One meeting's frozen view: its id, name, the day it is judged on and the snapshot it reads."""

    edition_id: str
    name: str
    as_of: dt.date
    snapshot_id: str


def create_edition(settings: Settings, name: str, as_of: dt.date | None = None, by: str = "cli",
                   edition_id: str | None = None) -> Edition:
    """Freeze the live snapshot as a named edition (judged on as_of, default its as-of date) and pin it."""
    name = name.strip()
    if not name:
        raise WriteError("an edition needs a name, such as 2018年10月例会")
    if edition_id is not None and not _EDITION_ID_RE.fullmatch(edition_id):
        raise WriteError(f"edition id {edition_id!r}: use letters, digits, '-' or '_' (at most 40)")
    made: list[Edition] = []

    def freeze(con: duckdb.DuckDBPyConnection) -> Event:
        frozen = con.execute("select snapshot_id from snapshot_info order by built_at desc limit 1").fetchall()[0][0]
        live_as_of = con.execute("select max(as_of) from snapshot_info").fetchall()[0][0]
        day = as_of or live_as_of
        if day > live_as_of:
            raise WriteError(f"as-of {day} is after the warehouse's as-of date {live_as_of}")
        taken = {row[0] for row in con.sql("select edition_id from editions").fetchall()}
        wanted = edition_id or _free_id(f"{day:%Y-%m}", taken)
        if wanted in taken:
            raise WriteError(f"edition {wanted} exists already; `python -m dashboard editions` lists them")
        con.execute("insert into editions values ($id, $name, $as_of, $snapshot, $at, $by)",
                    {"id": wanted, "name": name, "as_of": day, "snapshot": frozen,
                     "at": dt.datetime.now(dt.UTC).replace(tzinfo=None), "by": by})
        made.append(Edition(wanted, name, day, frozen))
        snapshot.pin(settings, frozen, "edition")  # before the write publishes and prunes; kept for good
        return Event("meeting", f"edition {wanted} ({name}) frozen on snapshot {frozen}, judged on {day}")

    write_snapshot(settings, freeze)
    return made[0]


def _free_id(stem: str, taken: set[str]) -> str:
    """Return stem, or stem-2, stem-3 … when a month holds more than one meeting."""
    if stem not in taken:
        return stem
    return next(f"{stem}-{n}" for n in range(2, len(taken) + 3) if f"{stem}-{n}" not in taken)


def add_demo_editions(con: duckdb.DuckDBPyConnection, csv_path: Path, snapshot_id: str) -> int:
    """Insert the editions a seed folder lists (edition_id, name, as_of), all reading the snapshot being built."""
    if not csv_path.exists():
        return 0
    rel = con.read_csv(str(csv_path), header=True, all_varchar=True, encoding="utf-8")
    con.execute("insert into editions select edition_id, name, cast(as_of as date), $snapshot, "
                "cast(current_timestamp as timestamp), 'demo' from rel", {"snapshot": snapshot_id})
    return len(rel)


def meeting_rows(settings: Settings, snapshot_id: str) -> dict[str, pa.Table]:
    """Read the meeting tables of a snapshot, opened as every reader opens it (the app may hold it already)."""
    path = snapshot.snapshot_path(settings, snapshot_id)
    with duckdb.connect(str(path), read_only=True, config=snapshot.reader_config(settings)) as con:
        names = {row[0] for row in con.sql("select table_name from duckdb_tables()").fetchall()}
        return {table: con.table(table).to_arrow_table() for table in MEETING_TABLES if table in names}


def replace_meeting_rows(con: duckdb.DuckDBPyConnection, rows: dict[str, pa.Table]) -> None:
    """Bring another snapshot's meeting records into this one: every edition it has, its follow-ups as they are.

    Editions are never removed, so only missing ones are added (DuckDB cannot delete a row that follow-ups still
    refer to within the same transaction); follow-ups are replaced, since their done dates change.
    """
    con.execute("delete from follow_ups")
    for table in MEETING_TABLES:
        if table not in rows:
            continue
        source = rows[table]
        columns = [c for c in con.table(table).columns if c in source.column_names]
        con.register("meeting_source", source)
        try:
            incoming = con.table("meeting_source").select(*[duckdb.ColumnExpression(c) for c in columns])
            if table == "editions":
                incoming = incoming.filter("edition_id not in (select edition_id from editions)")
            incoming.insert_into(table)
        finally:
            con.unregister("meeting_source")
