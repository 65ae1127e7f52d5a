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

from dashboard.base.settings import Settings
from dashboard.query.registry import load_registry
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


SUBJECTS = ("indicator", "township")


@dataclass(frozen=True)
class FollowUp:
    """One follow-up a meeting assigned: about an indicator or a township, what, who and by when."""

    follow_up_id: str
    edition_id: str
    subject: str
    subject_id: str
    task: str
    owner: str
    due_on: dt.date


def indicator_ids(settings: Settings) -> list[str]:
    """Return the query ids of every indicator file, the subjects an indicator follow-up may name."""
    return sorted(q for q, spec in load_registry(settings.queries_dir).specs.items() if spec.indicator)


def record_follow_up(settings: Settings, edition_id: str, subject: str, subject_id: str, task: str, owner: str,
                     due_on: dt.date, note: str | None = None, by: str = "cli") -> FollowUp:
    """Record a follow-up assigned by an edition, as a new snapshot under the writer lock; the subject must exist."""
    task, owner = task.strip(), owner.strip()
    if subject not in SUBJECTS:
        raise WriteError(f"a follow-up concerns an indicator or a township, not {subject!r}")
    if not task or not owner:
        raise WriteError("a follow-up needs a task and an owner")
    if subject == "indicator" and subject_id not in indicator_ids(settings):
        raise WriteError(f"{subject_id!r} is not an indicator query (queries/indicators/…)")
    made: list[FollowUp] = []

    def add(con: duckdb.DuckDBPyConnection) -> Event:
        if not con.execute("select count(*) from editions where edition_id = $id", {"id": edition_id}).fetchall()[0][0]:
            raise WriteError(f"edition {edition_id} does not exist; `python -m dashboard editions` lists them")
        if subject == "township" and not con.execute("select count(*) from townships where township_id = $id",
                                                     {"id": subject_id}).fetchall()[0][0]:
            raise WriteError(f"township {subject_id!r} does not exist")
        taken = {row[0] for row in con.sql("select follow_up_id from follow_ups").fetchall()}
        new_id = next(i for i in (f"F{edition_id}-{n:02d}" for n in range(1, len(taken) + 2)) if i not in taken)
        con.execute("insert into follow_ups (follow_up_id, edition_id, subject, subject_id, task, owner, due_on, "
                    "done_on, note, source) values ($id, $edition, $subject, $subject_id, $task, $owner, $due, null, "
                    "$note, 'loaded')", {"id": new_id, "edition": edition_id, "subject": subject,
                                         "subject_id": subject_id, "task": task, "owner": owner, "due": due_on,
                                         "note": note})
        made.append(FollowUp(new_id, edition_id, subject, subject_id, task, owner, due_on))
        return Event("meeting", f"follow-up {new_id} ({subject} {subject_id}) assigned by {edition_id} to {owner}, "
                                f"due {due_on}, by {by}", added=1)

    write_snapshot(settings, add)
    return made[0]


def complete_follow_up(settings: Settings, follow_up_id: str, done_on: dt.date, by: str = "cli") -> None:
    """Mark a follow-up done on a day, as a new snapshot under the writer lock."""

    def finish(con: duckdb.DuckDBPyConnection) -> Event:
        found = con.execute("select count(*) from follow_ups where follow_up_id = $id",
                            {"id": follow_up_id}).fetchall()[0][0]
        if not found:
            raise WriteError(f"follow-up {follow_up_id} does not exist")
        con.execute("update follow_ups set done_on = $day where follow_up_id = $id",
                    {"day": done_on, "id": follow_up_id})
        return Event("meeting", f"follow-up {follow_up_id} done on {done_on}, by {by}", replaced=1)

    write_snapshot(settings, finish)


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


def attached(con: duckdb.DuckDBPyConnection, database: str) -> bool:
    """Say whether a database of that name is attached to the connection."""
    return bool(con.execute("select count(*) from duckdb_databases() where database_name = $name",
                            {"name": database}).fetchall()[0][0])


def carry_meeting_rows(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Bring an attached snapshot's meeting records into this one: every edition it has, its follow-ups as they are.

    Editions are never removed, so only missing ones are added; follow-ups are replaced, since their done dates
    change. Columns are matched by name: the source may have been written with an older schema.sql.
    """
    con.execute("delete from follow_ups")
    for table in MEETING_TABLES:
        columns = [row[0] for row in con.execute(
            "select column_name from duckdb_columns() where database_name = $db and schema_name = 'main' "
            "and table_name = $table and column_name in (select column_name from duckdb_columns() "
            "where database_name = current_database() and schema_name = 'main' and table_name = $table) "
            "order by column_index", {"db": source, "table": table}).fetchall()]
        if not columns:
            continue
        names = ", ".join(f'"{c}"' for c in columns)  # column names read from the schema's catalog
        keep = " where edition_id not in (select edition_id from main.editions)" if table == "editions" else ""
        con.execute(f'insert into main."{table}" ({names}) select {names} from "{source}".main."{table}"{keep}')
