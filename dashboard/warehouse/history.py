"""The kept snapshots and what made each one; rollback makes an earlier one's data live again, as a new write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard.base.settings import Settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.editions import MEETING_TABLES, attached, carry_meeting_rows
from dashboard.warehouse.writer import Event, WriteError, write_snapshot

COLUMNS = ["snapshot_id", "built_at", "data_kind", "description", "rows_added", "rows_replaced", "rows_removed",
           "live", "pinned"]


def kept_ids(settings: Settings) -> list[str]:
    """Return the ids of the published snapshots on disk, newest first (those a rollback may go back to)."""
    return snapshot.kept_ids(settings)


def events(settings: Settings, snapshot_id: str) -> list[dict[str, object]]:
    """Return a kept snapshot's history, oldest first, read with the shared read-only config."""
    path = snapshot.snapshot_path(settings, snapshot_id)
    with duckdb.connect(str(path), read_only=True, config=snapshot.reader_config(settings)) as con:
        frame = con.sql("select * from snapshot_info order by built_at").df()
    return frame.to_dict("records")


def list_snapshots(settings: Settings) -> pd.DataFrame:
    """Return one row per kept snapshot: the write that made it, its counts, and whether it is live or pinned."""
    try:
        live = snapshot.current_snapshot_id(settings)
    except snapshot.NoSnapshotError:
        live = None
    pins = snapshot.pinned(settings)
    rows = []
    for snapshot_id in kept_ids(settings):
        try:
            last = events(settings, snapshot_id)[-1]
        except (duckdb.Error, IndexError):
            last = {"built_at": None, "data_kind": "?", "description": "(unreadable)"}
        rows.append({**{c: last.get(c, 0) for c in COLUMNS}, "snapshot_id": snapshot_id,
                     "live": snapshot_id == live, "pinned": snapshot_id in pins})
    return pd.DataFrame(rows, columns=COLUMNS)


# Writes whose rows a rebuild from the seed would lose: loads, corrections, removals, an empty start, meetings.
LOADED_KINDS = ("loaded", "empty", "meeting")


def holds_loaded_rows(settings: Settings, snapshot_id: str) -> bool:
    """Say whether any load, correction or removal went into a snapshot (so a rebuild would lose data)."""
    return any(e["data_kind"] in LOADED_KINDS for e in events(settings, snapshot_id))


def refuse_replacing_loaded_rows(con: duckdb.DuckDBPyConnection, instead: str) -> None:
    """Inside a write from no base: refuse when the live snapshot (attached as `live`) holds loaded rows."""
    if not attached(con, "live"):
        return
    kinds = {row[0] for row in con.sql("select distinct data_kind from live.snapshot_info").fetchall()}
    if kinds & set(LOADED_KINDS):
        raise WriteError(f"the live snapshot holds loaded rows; nothing changed. Use --force to {instead} anyway "
                         "(the old snapshot stays kept for rollback)")


@dataclass(frozen=True)
class TableChange:
    """One table a rollback changes: its rows now and after."""

    table: str
    now: int
    after: int


@dataclass(frozen=True)
class RollbackPreview:
    """What a rollback to a kept snapshot would change, read before anything is written."""

    target: str
    target_built_at: dt.datetime
    target_as_of: dt.date
    target_description: str
    undone: list[dict[str, object]]   # the writes since the target that the rollback takes back, oldest first
    tables: list[TableChange]         # tables whose rows differ (meeting records are carried over, so not listed)


def rollback_preview(settings: Settings, target: str) -> RollbackPreview:
    """Say what a rollback to target would change: its rows per table against the live data, and the writes it
    takes back (editions and follow-ups are carried over, so they are never among the changes)."""
    live = snapshot.current_snapshot_id(settings)
    target_events, live_events = events(settings, target), events(settings, live)
    last = target_events[-1]
    undone = [e for e in live_events if pd.Timestamp(e["built_at"]) > pd.Timestamp(last["built_at"])]
    counts = {}
    for snapshot_id in (live, target):
        path = snapshot.snapshot_path(settings, snapshot_id)
        with duckdb.connect(str(path), read_only=True, config=snapshot.reader_config(settings)) as con:
            names = [row[0] for row in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'main' and not internal "
                "order by table_name").fetchall()]
            # Table names come from the snapshot's own catalogue, quoted as identifiers; no value is formatted in.
            counts[snapshot_id] = {name: con.execute(f'select count(*) from "{name}"').fetchone()[0] for name in names}
    skipped = {*MEETING_TABLES, "snapshot_info"}
    tables = [TableChange(name, counts[live].get(name, 0), counts[target].get(name, 0))
              for name in sorted(set(counts[live]) | set(counts[target]))
              if name not in skipped and counts[live].get(name, 0) != counts[target].get(name, 0)]
    return RollbackPreview(target, pd.Timestamp(last["built_at"]).to_pydatetime(), pd.Timestamp(last["as_of"]).date(),
                           str(last["description"]), undone, tables)


def rollback(settings: Settings, target: str, as_of: dt.date | None = None) -> str:
    """Make a kept snapshot's data live again as a new snapshot whose history records the rollback.

    The live snapshot is read under the writer lock (attached as `live`), so an edition or a follow-up recorded
    while the rollback waited for the lock is carried over like every other meeting record.
    """

    def back(con: duckdb.DuckDBPyConnection) -> Event:
        source = "live" if attached(con, "live") else None  # rolling back to the live snapshot itself: none
        was = target
        if source:
            was = con.sql("select snapshot_id from live.snapshot_info order by built_at desc limit 1").fetchall()[0][0]
            carry_meeting_rows(con, source)  # older data, but no meeting is forgotten
        return Event("rollback", f"rollback to {target} (was {was})", as_of=as_of)

    return write_snapshot(settings, back, base=target)[0]


def migrate(settings: Settings) -> str:
    """Carry the live snapshot's data into today's schema.sql as a new snapshot (refused if rows would be lost)."""
    return write_snapshot(settings, lambda con: Event("migrated", "carried over into today's schema.sql"))[0]
