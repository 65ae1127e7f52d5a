"""Load a user's CSV or XLSX into a new snapshot: validate everything first, swap atomically, or change nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.settings import Settings
from dashboard.sqlfile import first_line
from dashboard.warehouse import snapshot
from dashboard.warehouse.build import BuildError, built_with_current_schema, schema_hash, table_names
from dashboard.warehouse.invariants import data_problems

LINE = "__line"
# Tables whose rows are facts about the programme, as opposed to the build's own bookkeeping.
LOADABLE = tuple(t for t in table_names() if t != "snapshot_info")
ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 is a superset of GBK, the usual Chinese Excel CSV encoding


class LoadError(BuildError):
    """A file cannot be loaded; the message says what is wrong and where, and nothing changed."""


@dataclass(frozen=True)
class LoadResult:
    """What a successful load did."""

    snapshot_id: str
    table: str
    rows: int
    encoding: str


def read_rows(path: Path, name: str | None = None) -> tuple[pd.DataFrame, str]:
    """Read a CSV (UTF-8 or GBK) or XLSX into text columns plus the source line of each row."""
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path.read_bytes(), name)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, name), "xlsx"
    raise LoadError(f"{name}: unsupported file type '{suffix}'; use .csv or .xlsx")


def _read_csv(raw: bytes, name: str) -> tuple[pd.DataFrame, str]:
    """Decode and split a CSV, refusing rows whose field count differs from the header's."""
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LoadError(f"{name}: not UTF-8 or GBK text; save it from Excel as 'CSV UTF-8'")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise LoadError(f"{name} line {reader.line_num}: {exc}") from exc
    if not rows:
        raise LoadError(f"{name}: the file is empty")
    header, body = [h.strip() for h in rows[0]], rows[1:]
    for index, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise LoadError(f"{name} line {index}: expected {len(header)} fields, found {len(row)}")
    return _frame(header, body, first_line_number=2), encoding


def _read_xlsx(path: Path, name: str) -> pd.DataFrame:
    """Read the first sheet of a workbook, header in the first row, values as text."""
    from openpyxl import load_workbook  # imported here: only loads of Excel files need it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise LoadError(f"{name}: not a readable Excel workbook ({first_line(exc)})") from exc
    sheet = book.worksheets[0]
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        raise LoadError(f"{name}: the first sheet is empty")
    header = [str(h or "").strip() for h in rows[0]]
    return _frame(header, [r[: len(header)] for r in rows[1:]], first_line_number=2)


def _cell_text(value: object) -> str | None:
    """Render one Excel cell as the text a CSV would hold."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _frame(header: list[str], body: list[list[str | None]], first_line_number: int) -> pd.DataFrame:
    """Build a text frame where empty cells are nulls and each row knows its line in the file."""
    frame = pd.DataFrame(body, columns=header, dtype=object).replace({"": None})
    frame[LINE] = range(first_line_number, first_line_number + len(frame))
    return frame


def validate(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, name: str) -> duckdb.DuckDBPyRelation:
    """Check columns and every value's type; return the rows cast to the table's types."""
    target = con.table(table)
    wanted = dict(zip(target.columns, target.dtypes, strict=True))
    given = [c for c in frame.columns if c != LINE]
    missing = [c for c in wanted if c not in given]
    extra = [c for c in given if c not in wanted]
    if missing or extra:
        raise LoadError(f"{name}: columns do not match table {table}: missing {missing}, unknown {extra}")
    rel = con.from_df(frame)
    for column, dtype in wanted.items():
        col = duckdb.ColumnExpression(column)
        bad = rel.filter(col.isnotnull() & col.try_cast(dtype).isnull()).limit(1).fetchall()
        if bad:
            row = dict(zip(rel.columns, bad[0], strict=True))
            raise LoadError(f"{name} line {row[LINE]}, column {column}: {row[column]!r} is not a valid {dtype}")
    return rel.select(*[duckdb.ColumnExpression(c).cast(t) for c, t in wanted.items()])


def load_file(settings: Settings, path: Path, table: str, name: str | None = None,
              as_of: dt.date | None = None) -> LoadResult:
    """Append a file's rows to one table in a new snapshot and publish it; any error leaves the live one as it was."""
    name = name or path.name
    if table not in LOADABLE:
        raise LoadError(f"{name}: unknown table '{table}'; choose one of {list(LOADABLE)}")
    frame, encoding = read_rows(path, name)
    live_id = snapshot.current_snapshot_id(settings)
    if not built_with_current_schema(snapshot.snapshot_path(settings, live_id)):
        raise LoadError(f"{name}: the live snapshot was built from an older schema; "
                        "rebuild it (python -m dashboard build) before loading")
    new_id = snapshot.new_snapshot_id([path])
    final = snapshot.snapshot_path(settings, new_id)
    tmp = final.with_suffix(".loading")
    shutil.copyfile(snapshot.snapshot_path(settings, live_id), tmp)
    try:
        with duckdb.connect(str(tmp)) as con:
            con.begin()
            try:
                validate(con, table, frame, name).insert_into(table)
            except duckdb.Error as exc:
                raise LoadError(f"{name}: {first_line(exc)}") from exc
            problems = data_problems(con, settings.queries_dir)
            if problems:
                raise LoadError(f"{name}: {problems[0]}")
            previous_as_of = con.table("snapshot_info").aggregate("max(as_of)").fetchall()[0][0]
            con.table("snapshot_info").insert([
                new_id, dt.datetime.now(dt.UTC).replace(tzinfo=None), as_of or previous_as_of, "loaded",
                f"{table} ← {name} ({len(frame)})", schema_hash()])
            con.commit()
        tmp.replace(final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    snapshot.publish(settings, new_id)
    return LoadResult(snapshot_id=new_id, table=table, rows=len(frame), encoding=encoding)


def load_bytes(settings: Settings, data: bytes, name: str, table: str) -> LoadResult:
    """Load an uploaded file's bytes as if it were a file of that name."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        return load_file(settings, path, table, name=name)
