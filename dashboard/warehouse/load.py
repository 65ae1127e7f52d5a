"""Load a user's CSV or Excel file: append rows, correct stored ones (upsert) or remove them (delete).

The file is read and checked before the writer lock is taken: it is staged into its own DuckDB file in the
load's work folder, every rule the file keeps by itself is checked there, and the rules that read stored rows are
checked against the live snapshot, read-only. Only a file with no problem goes on to the writer, which attaches
the staged file read-only, checks the stored-row rules again on the snapshot it writes, applies the rows and
accounts for every one (rows in the file = rows stored), so a refused or failed load changes nothing and a large
or hostile file never keeps other writers waiting.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.base.i18n import translate
from dashboard.base.settings import Settings
from dashboard.query.sqlfile import first_line
from dashboard.warehouse import snapshot
from dashboard.warehouse.dictionary import Column, Table, loadable_tables, tables, vocabulary_codes
from dashboard.warehouse.intake import LINE, stage
from dashboard.warehouse.places import PLACES, copy_places, place_columns, resolve_places
from dashboard.warehouse.problems import IntakeError, LoadRefused, Problem
from dashboard.warehouse.validate import (
    MODES,
    STAGED_DB,
    TYPED,
    create_typed,
    find_problems,
    map_headers,
    preview,
    q,
    stored_match,
)
from dashboard.warehouse.workbook import Limits
from dashboard.warehouse.writer import Event, WriteError, write_snapshot

LOADABLE = loadable_tables()
LoadError = WriteError  # what callers catch: a refused file (LoadRefused) is one kind of it


@dataclass
class LoadResult:
    """What a load did, or (for a check) would do: counts, how the file was read, and the first rows as stored."""

    snapshot_id: str | None
    table: str
    mode: str
    rows: int
    added: int = 0
    replaced: int = 0
    removed: int = 0
    encoding: str = ""
    delimiter: str = ","
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    sheet: str | None = None
    places: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (zh, en) of places in the preview


class _Refusal(WriteError):
    """Carries a LoadRefused out of the writer, which turns any exception into "nothing changed"."""

    def __init__(self, refused: LoadRefused) -> None:
        super().__init__(str(refused))
        self.refused = refused


def limits(settings: Settings) -> Limits:
    """Return how much of a workbook a load may read."""
    return Limits(settings.xlsx_unzipped_mb, settings.xlsx_cells, settings.xlsx_strings, settings.xlsx_strings_mb)


def load_file(settings: Settings, path: Path, table: str, *, mode: str = "append", name: str | None = None,
              as_of: dt.date | None = None, dry_run: bool = False, sheet: str | None = None) -> LoadResult:
    """Check a file and, unless dry_run, publish a snapshot with its change; raise LoadRefused listing every problem."""
    name = name or path.name
    if table not in LOADABLE:
        raise LoadRefused(name, [Problem("unknown_table", value=table, detail=", ".join(LOADABLE))])
    if mode not in MODES:
        raise LoadRefused(name, [Problem("unknown_mode", value=mode, detail=", ".join(MODES))])
    if not path.is_file():
        raise LoadRefused(name, [Problem("no_file", value=os.fsencode(path).decode("utf-8", errors="replace"))])
    size_mb = path.stat().st_size / 1e6
    if size_mb > settings.max_upload_mb:
        raise LoadRefused(name, [Problem("too_large", value=f"{size_mb:.0f}", detail=str(settings.max_upload_mb))])
    result = LoadResult(None, table, mode, 0, sheet=sheet)
    work_root = settings.var_dir / "tmp"
    work_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_root) as work:
        staged, mapping = _stage_and_check(settings, tables()[table], path, name, Path(work), result)

        def change(con: duckdb.DuckDBPyConnection) -> Event:
            return _apply_file(con, settings, tables()[table], staged, mapping, name, result, as_of)

        try:
            result.snapshot_id, _ = write_snapshot(settings, change, dry_run=dry_run)
        except _Refusal as exc:
            raise exc.refused from None
    if dry_run:
        result.snapshot_id = None
    return result


def _connect(settings: Settings, work: Path, database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """Open a connection for reading and checking a file, spilling into the load's own work folder."""
    config = {"threads": settings.threads, "memory_limit": settings.write_memory_limit,
              "temp_directory": str(work / "spill")}
    return duckdb.connect(database, config=config)


def _stage_and_check(settings: Settings, table: Table, path: Path, name: str, work: Path,
                     result: LoadResult) -> tuple[Path, dict[str, int]]:
    """Outside the writer lock: read the file into staged.duckdb and refuse it with every problem found."""
    staged = work / f"{STAGED_DB}.duckdb"
    with _connect(settings, work, str(staged)) as con:
        try:
            raw = stage(con, path, limits(settings), result.sheet)
        except IntakeError as exc:
            raise LoadRefused(name, [exc.problem]) from exc
        result.encoding, result.delimiter, result.sheet = raw.encoding, raw.delimiter, raw.sheet
        mapping, problems = map_headers(table, raw.headers, result.mode)
        if problems:
            raise LoadRefused(name, problems)
        if raw.rows == 0:
            raise LoadRefused(name, [Problem("no_rows")])
        create_typed(con, table, mapping)
        copy_places(con, _live_path(settings))
        resolve_places(con, TYPED, place_columns(table, mapping))
        typed = con.sql(f"select count(*) from {TYPED}").fetchall()[0][0]
        if typed + len({p.line for p in raw.structural}) != raw.rows:
            raise LoadRefused(name, [Problem("unaccounted", value=str(raw.rows), detail=str(typed))])
        found, total = find_problems(con, table, mapping, result.mode, settings.max_problems, live=False)
        result.rows, result.preview = raw.rows, preview(con, table, mapping)
        result.places = _place_names(con)
    stored, stored_total = _check_against_live(settings, work, staged, table, mapping, result.mode)
    problems = sorted([*(_in_table(p, table) for p in raw.structural), *found, *stored], key=lambda p: p.line or 0)
    if problems:
        raise LoadRefused(name, problems[: settings.max_problems], len(raw.structural) + total + stored_total)
    return staged, mapping


def _live_path(settings: Settings) -> Path | None:
    """Return the live snapshot's file, or None before the first build."""
    try:
        return snapshot.current_snapshot_path(settings)
    except snapshot.NoSnapshotError:
        return None


def _place_names(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Return the names of every stored place by id, for the preview (a city has hundreds, not millions)."""
    rows = con.sql(f"select distinct place_id, zh, en from {PLACES}").fetchall()
    return {place_id: (zh, en) for place_id, zh, en in rows}


def shown_preview(result: LoadResult, lang: str) -> pd.DataFrame:
    """Return the checked rows as shown: headers, codes, yes/no and places in one language, dates as dates."""
    table = tables()[result.table]
    shown: dict[str, list[object]] = {}
    for name in result.preview.columns:
        values = result.preview[name].astype(object).tolist()
        if name == LINE:
            shown[translate("load.rejects.line", lang)] = values
            continue
        column = table.column(name)
        shown[column.label(lang)] = [_shown_value(column, v, lang, result.places) for v in values]
    return pd.DataFrame(shown)


def _shown_value(column: Column, value: object, lang: str, places: dict[str, tuple[str, str]]) -> object:
    """Return one stored value as shown: a code by its name, a place by its names and id, a date without a time."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    if column.data_type == "DATE":
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    if column.is_boolean:
        return translate("load.template.yes" if value else "load.template.no", lang)
    if isinstance(value, str) and value in places and column.references in ("townships", "communities"):
        zh, en = places[value]
        return en if lang == "en" else zh
    if isinstance(value, str) and vocabulary_codes(column):
        return column.code_name(value, lang)
    return value


def _in_table(problem: Problem, table: Table) -> Problem:
    """Return a reader's problem as one of this table, so its column is named in the table's words."""
    return Problem(problem.kind, problem.line, problem.column, problem.value, problem.detail, table.name)


def _check_against_live(settings: Settings, work: Path, staged: Path, table: Table, mapping: dict[str, int],
                        mode: str) -> tuple[list[Problem], int]:
    """Check the rules that read stored rows against the live snapshot, read-only, so one refusal lists them all.

    A published snapshot never changes, so reading it needs no lock; the writer checks the same rules again on
    the snapshot it writes. When the live one cannot be read here (none yet, or an older schema) the writer's
    check is the only one.
    """
    try:
        live = snapshot.current_snapshot_path(settings)
    except snapshot.NoSnapshotError:
        return [], 0
    with _connect(settings, work) as con:
        try:
            con.execute("attach $path as live (read_only)", {"path": str(live)})
            con.execute(f"attach $path as {STAGED_DB} (read_only)", {"path": str(staged)})
            con.execute("use live")
            return find_problems(con, table, mapping, mode, settings.max_problems, live=True)
        except duckdb.Error:
            return [], 0


def _apply_file(con: duckdb.DuckDBPyConnection, settings: Settings, table: Table, staged: Path,
                mapping: dict[str, int], name: str, result: LoadResult, as_of: dt.date | None) -> Event:
    """Under the writer lock: check the staged rows against the rows being written, apply them and count them."""
    con.execute(f"attach $path as {STAGED_DB} (read_only)", {"path": str(staged)})
    problems, total = find_problems(con, table, mapping, result.mode, settings.max_problems, live=True)
    if problems:
        raise _Refusal(LoadRefused(name, problems, total))
    before = _count(con, table)
    try:
        result.added, result.replaced, result.removed = _apply(con, table, list(mapping), result.mode)
    except duckdb.Error as exc:  # a rule the checks above do not know of; still nothing is published
        raise _Refusal(LoadRefused(name, [Problem("database", detail=first_line(exc))])) from exc
    _account(con, table, result, name, before)
    description = f"{table.name} ← {name} · {result.mode}"
    return Event("loaded", description, result.added, result.replaced, result.removed, as_of)


def _count(con: duckdb.DuckDBPyConnection, table: Table) -> int:
    """Return how many rows the table being written holds."""
    return int(con.sql(f"select count(*) from main.{q(table.name)}").fetchall()[0][0])


def _account(con: duckdb.DuckDBPyConnection, table: Table, result: LoadResult, name: str, before: int) -> None:
    """Refuse the write unless every row of the file is stored (or, for a delete, gone), naming the first that is not.

    The counts are measured on the table, not taken from what the change reports: rows in the file must equal
    rows added plus rows replaced (or removed), and every key of the file must be stored (or absent) afterwards.
    """
    after = _count(con, table)
    deleting = result.mode == "delete"
    kept = f"exists (select 1 from main.{q(table.name)} as t where {stored_match(table)})" if table.key else "true"
    wrong = kept if deleting else f"not {kept}"
    first = con.sql(f"select min({LINE}), count(*) from {TYPED} as s where {wrong}").fetchall()[0]
    if deleting:
        counted = result.removed == before - after == result.rows
    else:
        counted = result.added + result.replaced == result.rows and after - before == result.added
    if first[1] or not counted:
        shown = after - before if not deleting else before - after
        raise _Refusal(LoadRefused(name, [Problem("unaccounted", first[0], value=str(result.rows),
                                                  detail=str(shown), table=table.name)]))


def _apply(con: duckdb.DuckDBPyConnection, table: Table, columns: list[str], mode: str) -> tuple[int, int, int]:
    """Apply checked rows: insert them, replace stored rows with the same key first, or delete by key."""
    target = f"main.{q(table.name)}"
    match = " and ".join(f"t.{q(k)} = s.{q(k)}" for k in table.key)
    count = con.table(TYPED).aggregate("count(*)").fetchall()[0][0]
    if mode == "delete":
        con.execute(f"delete from {target} as t where exists (select 1 from {TYPED} as s where {match})")
        return 0, 0, int(count)
    values = {c.name: _value(c) for c in table.columns if c.name in columns}
    replaced = 0
    if mode == "upsert" and table.key:
        replaced = con.sql(f"select count(*) from {TYPED} as s where exists "
                           f"(select 1 from {target} as t where {match})").fetchall()[0][0]
        sets = ", ".join(f"{q(c)} = s.{q(c)}" for c in values if c not in table.key)
        if sets and replaced:
            con.execute(f"update {target} as t set {sets} from "
                        f"(select {', '.join(f'{v} as {q(c)}' for c, v in values.items())} from {TYPED}) as s "
                        f"where {match}")
    new_rows = f"select {', '.join(values.values())} from {TYPED} as s"
    if mode == "upsert" and table.key:
        new_rows += f" where not exists (select 1 from {target} as t where {match})"
    con.execute(f"insert into {target} ({', '.join(q(c) for c in values)}) {new_rows}")
    return int(count) - int(replaced), int(replaced), 0


def _value(column: Column) -> str:
    """Return the SQL for a column's stored value: the file's, or the column default where the cell is empty."""
    return f"coalesce({q(column.name)}, {column.default_sql})" if column.default_sql else q(column.name)


def load_bytes(settings: Settings, data: bytes, name: str, table: str, *, mode: str = "append",
               dry_run: bool = False, sheet: str | None = None) -> LoadResult:
    """Load an uploaded file's bytes as if it were a file of that name (its folders are ignored)."""
    limit = settings.max_upload_mb * 1e6
    if len(data) > limit:
        raise LoadRefused(name, [Problem("too_large", value=f"{len(data) / 1e6:.0f}",
                                         detail=str(settings.max_upload_mb))])
    work_root = settings.var_dir / "tmp"
    work_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_root) as tmp:
        path = Path(tmp) / ("upload" + Path(name).suffix.lower()[:8])
        path.write_bytes(data)
        # Browsers send a bare name; a slash in it is part of the name (shown as text), never a folder.
        shown = name.replace("/", "／").replace("\\", "＼")
        return load_file(settings, path, table, mode=mode, name=shown, dry_run=dry_run, sheet=sheet)
