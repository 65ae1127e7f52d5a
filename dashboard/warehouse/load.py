"""Load a user's CSV or Excel file: append rows, correct stored ones (upsert) or remove them (delete).

The whole file is checked first and every problem reported; only a fully valid file becomes a new snapshot,
written through the one writer path, so a refused or failed load changes nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.base.settings import Settings
from dashboard.query.sqlfile import first_line
from dashboard.warehouse.dictionary import Column, Table, loadable_tables, tables
from dashboard.warehouse.intake import IntakeError, RawFile, stage
from dashboard.warehouse.problems import LoadRefused, Problem
from dashboard.warehouse.validate import MODES, TYPED, create_typed, find_problems, map_headers, preview, q
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


class _Refusal(WriteError):
    """Carries a LoadRefused out of the writer, which turns any exception into "nothing changed"."""

    def __init__(self, refused: LoadRefused) -> None:
        super().__init__(str(refused))
        self.refused = refused


def load_file(settings: Settings, path: Path, table: str, *, mode: str = "append", name: str | None = None,
              as_of: dt.date | None = None, dry_run: bool = False) -> LoadResult:
    """Check a file and, unless dry_run, publish a snapshot with its change; raise LoadRefused listing every problem."""
    name = name or path.name
    if table not in LOADABLE:
        raise LoadRefused(name, [Problem("unknown_table", value=table, detail=", ".join(LOADABLE))])
    if mode not in MODES:
        raise LoadRefused(name, [Problem("unknown_mode", value=mode, detail=", ".join(MODES))])
    if not path.is_file():
        raise LoadRefused(name, [Problem("no_file", value=str(path))])
    size_mb = path.stat().st_size / 1e6
    if size_mb > settings.max_upload_mb:
        raise LoadRefused(name, [Problem("too_large", value=f"{size_mb:.0f}", detail=str(settings.max_upload_mb))])
    result = LoadResult(None, table, mode, 0)
    work_root = settings.var_dir / "tmp"
    work_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_root) as work:
        def change(con: duckdb.DuckDBPyConnection) -> Event:
            return _apply_file(con, settings, tables()[table], path, name, Path(work), result, as_of)

        try:
            result.snapshot_id, _ = write_snapshot(settings, change, dry_run=dry_run)
        except _Refusal as exc:
            raise exc.refused from None
    if dry_run:
        result.snapshot_id = None
    return result


def _apply_file(con: duckdb.DuckDBPyConnection, settings: Settings, table: Table, path: Path, name: str,
                work: Path, result: LoadResult, as_of: dt.date | None) -> Event:
    """Stage, check and apply one file inside the new snapshot's transaction, filling result as it goes."""
    try:
        raw = stage(con, path, name, work)
    except IntakeError as exc:
        kind, detail = exc.key.rsplit(".", 1)[-1], str(exc.values.get("reason", exc.values.get("suffix", "")))
        raise _Refusal(LoadRefused(name, [Problem(kind, detail=detail)])) from exc
    result.encoding, result.delimiter = raw.encoding, raw.delimiter
    mapping = _checked_mapping(table, raw, result.mode, name)
    if raw.rows == 0 and not raw.structural:
        raise _Refusal(LoadRefused(name, [Problem("no_rows")]))
    create_typed(con, table, mapping)
    problems, total = find_problems(con, table, mapping, result.mode, raw, settings.max_problems)
    if problems:
        raise _Refusal(LoadRefused(name, problems, total))
    result.preview = preview(con, table, mapping)
    result.rows = raw.rows
    try:
        result.added, result.replaced, result.removed = _apply(con, table, list(mapping), result.mode)
    except duckdb.Error as exc:  # a rule the checks above do not know of; still nothing is published
        raise _Refusal(LoadRefused(name, [Problem("database", detail=first_line(exc))])) from exc
    description = f"{table.name} ← {name} · {result.mode}"
    return Event("loaded", description, result.added, result.replaced, result.removed, as_of)


def _checked_mapping(table: Table, raw: RawFile, mode: str, name: str) -> dict[str, int]:
    """Map the file's headers to columns, refusing the file with every header problem at once."""
    mapping, problems = map_headers(table, raw.headers, mode)
    if problems:
        raise _Refusal(LoadRefused(name, problems))
    return mapping


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
               dry_run: bool = False) -> LoadResult:
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
        return load_file(settings, path, table, mode=mode, name=shown, dry_run=dry_run)
