"""The one write path: under one lock, copy the live snapshot into today's schema, change it, check it, publish.

Builds, loads, corrections, removals and rollbacks all go through `write_snapshot`, so a second writer waits for
the first and then starts from its result: no row is lost to a race, and a failed write publishes nothing.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dashboard.base.settings import Settings
from dashboard.query.sqlfile import first_line
from dashboard.warehouse import snapshot
from dashboard.warehouse.dictionary import label_rows
from dashboard.warehouse.invariants import data_problems
from dashboard.warehouse.references import dangling
from dashboard.warehouse.schema import schema_hash, schema_text, table_names

# Suffixes of files a writer is still working on; under the lock any such file is an orphan of a killed writer.
WORK_SUFFIXES = (".writing", ".source", ".building", ".loading")
TMP_MAX_AGE = 6 * 3600


class WriteError(RuntimeError):
    """A write cannot be made; the message says what to do, and nothing live changed."""


class WriterBusy(WriteError):
    """Another build, load or rollback held the lock for longer than the wait allows."""


@dataclass(frozen=True)
class Event:
    """One entry of a snapshot's history: what a write did and how many rows it touched."""

    kind: str
    description: str
    added: int = 0
    replaced: int = 0
    removed: int = 0
    as_of: dt.date | None = None


# A change receives the new snapshot's open connection (inside a transaction) and says what it did.
Change = Callable[[duckdb.DuckDBPyConnection], Event]
Prepare = Callable[[Settings, str, str | None], object]
# Steps run on each finished snapshot before it is published (see before_publish).
_BEFORE_PUBLISH: list[Prepare] = []


@contextmanager
def writer_lock(settings: Settings) -> Iterator[None]:
    """Hold the one writer lock, waiting up to settings.write_wait seconds; then clear what killed writers left."""
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.var_dir / "write.lock", "a+b") as handle:
        deadline = time.monotonic() + settings.write_wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WriterBusy(f"another build, load or rollback is still running after "
                                     f"{settings.write_wait} s; nothing changed, try again when it has finished"
                                     ) from None
                time.sleep(0.1)
        try:
            remove_orphans(settings)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_if_idle(settings: Settings) -> list[Path]:
    """At start: remove what killed writers left, unless a writer is running right now (then it will)."""
    if not settings.var_dir.is_dir():
        return []
    with open(settings.var_dir / "write.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []
        try:
            return remove_orphans(settings)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_orphans(settings: Settings) -> list[Path]:
    """Delete half-written and never-published snapshots; only safe holding the writer lock (or with no writer)."""
    removed = snapshot.remove_unpublished(settings)
    if settings.snapshots_dir.is_dir():
        removed += [p for p in settings.snapshots_dir.iterdir() if p.suffix in WORK_SUFFIXES or p.suffix == ".wal"]
    tmp = settings.var_dir / "tmp"
    if tmp.is_dir():
        # A running load keeps its upload here for minutes while it waits for this lock; older ones are orphans.
        cutoff = time.time() - TMP_MAX_AGE
        removed += [p for p in tmp.iterdir() if p.name == "spill" or p.stat().st_mtime < cutoff]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    return removed


def write_snapshot(settings: Settings, change: Change, *, base: str | None = "live",
                   dry_run: bool = False, new_id: str | None = None) -> tuple[str, Event]:
    """Write a new snapshot from base ("live", a kept id, or None for an empty one), apply change, publish it.

    Everything the change reads is read under the lock: the new snapshot itself, and, when base is not the
    live one, the live snapshot attached read-only as `live` (so a rollback keeps the meetings recorded up to
    the moment it runs). With dry_run the same checks run and the file is thrown away: that is how a load is
    previewed. A caller that must write the new id into the snapshot itself (the demo's editions) chooses it.
    """
    with writer_lock(settings):
        live_id = _live_or_none(settings)
        base_id = snapshot.current_snapshot_id(settings) if base == "live" else base
        if base_id is not None and base_id not in snapshot.kept_ids(settings):
            raise WriteError(f"snapshot {base_id} is not kept; `python -m dashboard snapshots` lists those that are")
        new_id = new_id or snapshot.new_snapshot_id([])
        settings.snapshots_dir.mkdir(parents=True, exist_ok=True)
        final = snapshot.snapshot_path(settings, new_id)
        work = final.with_suffix(".writing")
        try:
            with _open_from(settings, base_id, work) as (con, carried):
                if live_id is not None and live_id != base_id:
                    con.execute("attach $path as live (read_only)",
                                {"path": str(snapshot.snapshot_path(settings, live_id))})
                con.begin()
                event = change(con)
                if carried and event.kind != "migrated":
                    _record(con, new_id, base_id, Event("migrated", "carried over into today's schema.sql"))
                _check(con, settings)
                _record(con, new_id, base_id, event)
                if dry_run:
                    con.rollback()
                    return new_id, event
                con.commit()
                con.execute("checkpoint")
            work.replace(final)
        except duckdb.Error as exc:  # e.g. schema.sql itself does not run; still nothing is published
            raise WriteError(f"{first_line(exc)}; nothing changed") from exc
        finally:
            for leftover in (work, work.with_suffix(".source"), Path(f"{work}.wal")):
                leftover.unlink(missing_ok=True)
        for step in _BEFORE_PUBLISH:
            step(settings, new_id, base_id)
        snapshot.publish(settings, new_id)
        if carried:
            upgrade_pinned(settings, _write_config(settings))
        return new_id, event


def upgrade_pinned(settings: Settings, config: dict[str, object]) -> list[str]:
    """Carry every pinned snapshot of an older schema into today's, same id and rows, so editions stay readable.

    An edition's frozen file keeps its rows but not today's views and macros, which today's query files call;
    without this an upgrade left every older edition's figures as "no data". Runs under the writer lock; a file
    whose rows would not fit today's schema is left as it was.
    """
    upgraded = []
    for snapshot_id in sorted(snapshot.pinned(settings) & set(snapshot.kept_ids(settings))):
        path = snapshot.snapshot_path(settings, snapshot_id)
        work, source = path.with_suffix(".writing"), path.with_suffix(".source")
        # Only copies are opened: inside the app the runner may hold the pinned file with its locked configuration.
        shutil.copyfile(path, source)
        try:
            with duckdb.connect(str(source), config=config) as con:
                if _schema_hash_of(con) == schema_hash():
                    continue
            with duckdb.connect(str(work), config=config) as con:
                con.execute(schema_text())
                carry_over(con, source)
                _record(con, snapshot_id, snapshot_id, Event("migrated", "carried over into today's schema.sql"))
                con.execute("checkpoint")
            work.replace(path)
            upgraded.append(snapshot_id)
        except (duckdb.Error, WriteError):
            continue
        finally:
            for leftover in (work, source, Path(f"{work}.wal"), Path(f"{source}.wal")):
                leftover.unlink(missing_ok=True)
    return upgraded


def _live_or_none(settings: Settings) -> str | None:
    """Return the live snapshot's id, or None before the first build."""
    try:
        return snapshot.current_snapshot_id(settings)
    except snapshot.NoSnapshotError:
        return None


def before_publish(step: Prepare) -> None:
    """Run step(settings, new id, base id) on every finished snapshot just before it goes live, once per step.

    The app and the CLI register the warm-up here; the writer itself knows nothing of queries or pages.
    """
    if step not in _BEFORE_PUBLISH:
        _BEFORE_PUBLISH.append(step)


def _write_config(settings: Settings) -> dict[str, object]:
    """Return the configuration of a writer's connection: its own memory limit, spilling to var/tmp/spill."""
    return {"threads": settings.threads, "memory_limit": settings.write_memory_limit,
            "temp_directory": str(settings.var_dir / "tmp" / "spill")}


@contextmanager
def _open_from(settings: Settings, base_id: str | None,
               work: Path) -> Iterator[tuple[duckdb.DuckDBPyConnection, bool]]:
    """Open work as a copy of base in today's schema: a plain file copy, or rows carried over by column name.

    The live file is only ever copied, never opened: inside the app the runner holds it with a locked
    configuration, and DuckDB refuses a second connection to it with another one.
    """
    config = _write_config(settings)
    if base_id is None:
        with duckdb.connect(str(work), config=config) as con:
            con.execute(schema_text())
            yield con, False
        return
    source = work.with_suffix(".source")
    shutil.copyfile(snapshot.snapshot_path(settings, base_id), source)
    with duckdb.connect(str(source), config=config) as con:
        same = _schema_hash_of(con) == schema_hash()
    if same:
        os.replace(source, work)
        with duckdb.connect(str(work), config=config) as con:
            yield con, False
        return
    with duckdb.connect(str(work), config=config) as con:
        con.execute(schema_text())
        carry_over(con, source)
        yield con, True


def _schema_hash_of(con: duckdb.DuckDBPyConnection) -> str | None:
    """Return the schema hash a snapshot was last written with, or None for one too old to say."""
    try:
        rows = con.sql("select schema_hash from snapshot_info order by built_at desc limit 1").fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


def carry_over(con: duckdb.DuckDBPyConnection, source: Path) -> None:
    """Copy every table of an older snapshot into this one by column name; new columns take their defaults.

    Refuses (raising WriteError) when rows would be dropped: a table or column that holds data and that
    today's schema no longer has, or a value today's types and rules do not accept.
    """
    con.execute("attach $path as old (read_only)", {"path": str(source)})
    try:
        old_columns = _columns(con, "old")
        new_columns = _columns(con, con.sql("select current_database()").fetchall()[0][0])
        for table, columns in old_columns.items():
            kept = new_columns.get(table, [])
            dropped = [c for c in columns if c not in kept]
            for column in dropped:
                held = con.sql(f'select count(*) from old.main."{table}" where "{column}" is not null').fetchall()[0][0]
                if held and table != "column_labels":
                    raise WriteError(f"schema.sql no longer has {table}.{column}, which holds {held} values; "
                                     "nothing changed: keep the column, or remove its data first")
        for table in table_names():
            common = [c for c in new_columns.get(table, []) if c in old_columns.get(table, [])]
            if not common or table == "column_labels":
                continue
            names = ", ".join(f'"{c}"' for c in common)
            try:
                con.execute(f'insert into main."{table}" ({names}) select {names} from old.main."{table}"')
            except duckdb.Error as exc:
                raise WriteError(f"the data of table {table} does not fit today's schema.sql ({first_line(exc)}); "
                                 "nothing changed: adjust schema.sql or correct those rows first") from exc
    finally:
        con.execute("detach old")


def _columns(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, list[str]]:
    """Return each table's columns in one attached database."""
    rows = con.sql("select table_name, column_name from duckdb_columns() where database_name = $db "
                   "and schema_name = 'main' and not internal and table_name in "
                   "(select table_name from duckdb_tables() where database_name = $db) order by column_index",
                   params={"db": database}).fetchall()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    return columns


def _check(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Refuse the write when a reference names no stored row or a data check (queries/checks) finds rows."""
    problems = dangling(con) + data_problems(con, settings.queries_dir)
    if problems:
        raise WriteError("; ".join(problems[:3]))


def _record(con: duckdb.DuckDBPyConnection, new_id: str, base_id: str | None, event: Event) -> None:
    """Append the write to the snapshot's history and refresh the column dictionary it carries."""
    as_of = event.as_of or con.sql("select max(as_of) from snapshot_info").fetchall()[0][0] or dt.date.today()
    con.execute(
        "insert into snapshot_info (snapshot_id, built_at, as_of, data_kind, description, schema_hash, based_on, "
        "rows_added, rows_replaced, rows_removed) values ($id, $at, $as_of, $kind, $description, $hash, $base, "
        "$added, $replaced, $removed)",
        {"id": new_id, "at": dt.datetime.now(dt.UTC).replace(tzinfo=None), "as_of": as_of, "kind": event.kind,
         "description": event.description, "hash": schema_hash(), "base": base_id, "added": event.added,
         "replaced": event.replaced, "removed": event.removed})
    con.execute("delete from column_labels")
    con.executemany("insert into column_labels values (?, ?, ?, ?, ?, ?)", label_rows())

