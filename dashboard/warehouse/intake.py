"""Read a user's CSV or Excel file into a text table with the file line of every row, streaming it through DuckDB.

The encoding (UTF-8 with or without BOM, GBK/GB18030) and the delimiter (comma, tab, semicolon) are detected;
GBK text is decoded here and streamed to DuckDB as UTF-8, because DuckDB's reader only reads GBK through an
extension these machines cannot download. Excel sheets stream row by row through openpyxl into the same reader.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from dashboard.query.sqlfile import first_line

LINE = "__line"
STAGED_RAW = "staged_raw"
_CHUNK = 1 << 20
# Share of non-ASCII characters outside GB2312 above which "GBK" text is really another encoding (Windows-1252).
_FOREIGN_SHARE = 0.2
DELIMITERS = (",", "\t", ";")


class IntakeError(ValueError):
    """The file cannot be read at all; `key` and `values` say why, in words for the user's language."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(f"{key}: {values}")
        self.key = key
        self.values = values


@dataclass(frozen=True)
class RawFile:
    """A file staged as text: its headers in file order, encoding, delimiter and the rows' count."""

    headers: list[str]
    encoding: str
    delimiter: str
    rows: int
    structural: list[tuple[int, str]]  # (line, DuckDB's reason) for rows the reader could not split


def stage(con: duckdb.DuckDBPyConnection, path: Path, name: str, work_dir: Path) -> RawFile:
    """Read path into temp table staged_raw (columns c0..cN as text, plus __line), or raise IntakeError."""
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt" or suffix == ".tsv":
        return _stage_csv(con, path, work_dir)
    if suffix in {".xlsx", ".xlsm"}:
        return _stage_xlsx(con, path, work_dir)
    raise IntakeError("load.error.file_type", suffix=suffix or "—")


def detect_encoding(path: Path) -> str:
    """Return utf-8-sig, utf-8 or gb18030 for a file, refusing text in any other encoding."""
    with open(path, "rb") as handle:
        head = handle.read(3)
    if head == codecs.BOM_UTF8:
        return "utf-8-sig"
    if _decodes(path, "utf-8"):
        return "utf-8"
    if _decodes(path, "gb18030") and _looks_chinese(path):
        return "gb18030"
    raise IntakeError("load.error.encoding")


def _decodes(path: Path, encoding: str) -> bool:
    """Say whether the whole file decodes in an encoding, reading it in chunks."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _looks_chinese(path: Path) -> bool:
    """Say whether GB18030-decoded text reads as Chinese rather than Latin text decoded by mistake."""
    with open(path, "rb") as handle:
        text = handle.read(_CHUNK).decode("gb18030", errors="ignore")
    wide = [ch for ch in text if ord(ch) > 127]
    foreign = sum(1 for ch in wide if not _in_gb2312(ch))
    return not wide or foreign / len(wide) <= _FOREIGN_SHARE


def _in_gb2312(ch: str) -> bool:
    """Say whether a character is in GB2312, the set everyday Chinese text is written in."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _header_line(path: Path, encoding: str) -> str:
    """Return the file's first non-empty line."""
    with open(path, encoding=encoding, newline="") as handle:
        for line in handle:
            if line.strip():
                return line
    raise IntakeError("load.error.empty")


def sniff_delimiter(header: str) -> str:
    """Pick the delimiter the header line uses most (comma when none appears)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _stage_csv(con: duckdb.DuckDBPyConnection, path: Path, work_dir: Path) -> RawFile:
    """Stage a CSV file: UTF-8 as it is, GBK transcoded to UTF-8 first."""
    encoding = detect_encoding(path)
    header_text = _header_line(path, encoding)
    delimiter = sniff_delimiter(header_text)
    headers = next(csv.reader([header_text], delimiter=delimiter))
    source = path
    if encoding == "gb18030":
        source = work_dir / "transcoded.csv"
        _transcode(path, source, encoding)
    skip = _leading_blank_lines(source) + 1
    return _read_staged(con, source, headers, encoding, delimiter, skip, with_line=False)


def _leading_blank_lines(path: Path) -> int:
    """Count the empty lines before the header, so line numbers stay those of the file."""
    count = 0
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line in handle:
            if line.strip():
                break
            count += 1
    return count


def _transcode(source: Path, target: Path, encoding: str) -> None:
    """Rewrite a file as UTF-8 in chunks, so a large GBK file never sits in memory whole."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(source, "rb") as src, open(target, "w", encoding="utf-8", newline="") as out:
        while chunk := src.read(_CHUNK):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))


def _read_staged(con: duckdb.DuckDBPyConnection, source: Path, headers: list[str], encoding: str,
                 delimiter: str, skip: int, with_line: bool) -> RawFile:
    """Read source with DuckDB's CSV reader into staged_raw, keeping rows it cannot split as structural problems."""
    names = ([LINE] if with_line else []) + [f"c{i}" for i in range(len(headers))]
    columns = {n: "VARCHAR" for n in names}
    try:
        con.execute(
            f"create or replace temp table {STAGED_RAW} as select * from read_csv($path, header = false, "
            "skip = $skip, delim = $delim, quote = '\"', escape = '\"', columns = $columns, auto_detect = false, "
            "store_rejects = true, rejects_table = 'intake_rejects', rejects_scan = 'intake_scans', "
            "null_padding = false, strict_mode = true, all_varchar = true) with ordinality",
            {"path": str(source), "skip": skip, "delim": delimiter, "columns": columns})
    except duckdb.Error as exc:
        raise IntakeError("load.error.unreadable", reason=first_line(exc)) from exc
    rejects = con.sql("select line, error_type, error_message from intake_rejects order by line").fetchall()
    structural = [(int(line), f"{kind}: {message}") for line, kind, message in rejects]
    if with_line:
        con.execute(f"alter table {STAGED_RAW} drop column ordinality")
    else:
        _number_lines(con, source, skip, [line for line, _ in structural])
    rows = con.table(STAGED_RAW).aggregate("count(*)").fetchall()[0][0]
    return RawFile(headers=headers, encoding=encoding, delimiter=delimiter, rows=int(rows), structural=structural)


def _number_lines(con: duckdb.DuckDBPyConnection, source: Path, header_line: int, rejected: list[int]) -> None:
    """Give each staged row its file line: the records start where _record_lines says, less those rejected."""
    refused = set(rejected)
    starts = np.fromiter((n for n in _record_lines(source, header_line) if n not in refused), dtype=np.int64)
    con.register("record_lines", pd.DataFrame({"l": starts, "k": np.arange(len(starts), dtype=np.int64)}))
    con.execute(f"create or replace temp table staged_numbered as "
                f"select n.l as {LINE}, s.* exclude (k, ordinality) from "
                f"(select ordinality - 1 as k, * from {STAGED_RAW}) as s join record_lines as n using (k) order by n.l")
    con.unregister("record_lines")
    con.execute(f"drop table {STAGED_RAW}")
    con.execute(f"alter table staged_numbered rename to {STAGED_RAW}")


def _record_lines(path: Path, header_line: int) -> Iterator[int]:
    """Yield the line on which each record after the header starts, skipping blank lines.

    A line continues the record before it while an odd number of quotes is open (RFC 4180: a quote inside a
    quoted field is doubled, so the parity of the count tells whether a field is still open).
    """
    open_quote = False
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if number <= header_line:
                continue
            if not open_quote and line.strip():
                yield number
            if line.count('"') % 2:
                open_quote = not open_quote


def _stage_xlsx(con: duckdb.DuckDBPyConnection, path: Path, work_dir: Path) -> RawFile:
    """Stage the first sheet of a workbook: its rows stream into a UTF-8 CSV with each row's sheet row number."""
    from openpyxl import load_workbook  # imported here: only loads of Excel files need it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise IntakeError("load.error.not_xlsx", reason=first_line(exc)) from exc
    target = work_dir / "sheet.csv"
    headers: list[str] | None = None
    overfull: list[tuple[int, str]] = []
    try:
        with open(target, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in row]
                if not any(cells):
                    continue
                if headers is None:
                    headers = [c.strip() for c in cells]
                    while headers and not headers[-1]:
                        headers.pop()
                    continue
                if any(cells[len(headers):]):
                    overfull.append((number, f"TOO MANY COLUMNS: {len(headers)} headers"))
                writer.writerow([number, *cells[: len(headers)], *[""] * (len(headers) - len(cells))])
    finally:
        book.close()
    if headers is None:
        raise IntakeError("load.error.empty")
    raw = _read_staged(con, target, headers, "xlsx", ",", 0, with_line=True)
    return RawFile(raw.headers, raw.encoding, raw.delimiter, raw.rows, [*overfull, *raw.structural])


def _cell_text(value: object) -> str:
    """Render one Excel cell as the text a CSV would hold; whole-number floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

