"""Read a user's CSV or Excel file once, with one reader, into a text table holding each row's line in the file.

Line numbers and values come from the same parse: Python's csv module reads a CSV file (UTF-8 with or without
BOM, GBK/GB18030; comma, tab or semicolon) and says where each record starts, so no second tokenizer guesses
where lines begin. A quote inside an unquoted field is a plain character (as Excel, LibreOffice and DuckDB read
it); a quoted field left open, or text after a closing quote, refuses the file naming the line. Workbooks stream
through workbook.py. Rows reach DuckDB in Arrow batches, so no file sits in memory whole.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import duckdb
import pyarrow as pa

from dashboard.warehouse.problems import IntakeError, Problem
from dashboard.warehouse.workbook import Limits, Row, Workbook, guide_names

LINE = "__line"
STAGED_RAW = "staged_raw"
_CHUNK = 1 << 20
_BATCH = 20_000
# Share of non-ASCII characters outside GB2312 above which "GBK" text is really another encoding (Windows-1252).
_FOREIGN_SHARE = 0.2
DELIMITERS = (",", "\t", ";")


@dataclass(frozen=True)
class RawFile:
    """A file staged as text: its headers, how it was read, its data rows, and the rows refused as they were read."""

    headers: list[str]
    encoding: str
    delimiter: str
    rows: int  # data rows in the file: those staged plus those in `structural`
    staged: int
    structural: list[Problem] = field(default_factory=list)
    sheet: str | None = None


class RowSink:
    """Append rows (line and text cells) to the temp table staged_raw in Arrow batches, counting them."""

    def __init__(self, con: duckdb.DuckDBPyConnection, width: int) -> None:
        self.con, self.width, self.count = con, width, 0
        self._lines: list[int] = []
        self._cells: list[list[str]] = [[] for _ in range(width)]
        columns = ", ".join([f"{LINE} bigint", *(f"c{i} varchar" for i in range(width))])
        con.execute(f"create or replace temp table {STAGED_RAW} ({columns})")

    def add(self, line: int, cells: list[str]) -> None:
        """Queue one row; cells beyond the width must have been dealt with by the caller."""
        self._lines.append(line)
        for index in range(self.width):
            self._cells[index].append(cells[index] if index < len(cells) else "")
        if len(self._lines) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows."""
        if not self._lines:
            return
        arrays = {LINE: pa.array(self._lines, pa.int64()),
                  **{f"c{i}": pa.array(cells, pa.string()) for i, cells in enumerate(self._cells)}}
        self.con.register("staged_batch", pa.table(arrays))
        self.con.execute(f"insert into {STAGED_RAW} select * from staged_batch")
        self.con.unregister("staged_batch")
        self.count += len(self._lines)
        self._lines = []
        self._cells = [[] for _ in range(self.width)]


def stage(con: duckdb.DuckDBPyConnection, path: Path, limits: Limits, sheet: str | None = None) -> RawFile:
    """Read path into temp table staged_raw (__line, then c0..cN as text), or raise IntakeError."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"}:
        return _stage_csv(con, path)
    if suffix in {".xlsx", ".xlsm"}:
        return _stage_xlsx(con, path, limits, sheet)
    raise IntakeError("file_type", detail=os.fsencode(suffix).decode("utf-8", errors="replace") or "—")


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
    raise IntakeError("encoding")


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
    """Return the file's first non-empty line, only to see which delimiter it uses."""
    with open(path, encoding=encoding, newline="") as handle:
        for line in handle:
            if line.strip():
                return line
    raise IntakeError("empty")


def sniff_delimiter(header: str) -> str:
    """Pick the delimiter the header line uses most (comma when none appears)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _stage_csv(con: duckdb.DuckDBPyConnection, path: Path) -> RawFile:
    """Stage a CSV file read once by Python's csv module, which gives each record and the line it starts on."""
    encoding = detect_encoding(path)
    delimiter = sniff_delimiter(_header_line(path, encoding))
    with open(path, encoding=encoding, newline="") as handle:
        records = _records(csv.reader(handle, delimiter=delimiter, strict=True))
        _, header = next(records, (0, []))
        headers = _trimmed([h.strip() for h in header])
        if not headers:
            raise IntakeError("empty")
        sink, structural, rows = RowSink(con, len(headers)), [], 0
        for line, cells in records:
            rows += 1
            extra = [c for c in cells[len(headers):] if c.strip()]
            if len(cells) < len(headers) or extra:
                structural.append(Problem("fields", line, value=str(len(_trimmed(cells))), detail=str(len(headers))))
                continue
            sink.add(line, cells)
        sink.flush()
    return RawFile(headers, encoding, delimiter, rows, sink.count, structural)


def _records(reader: csv.Reader) -> Iterator[tuple[int, list[str]]]:
    """Yield (line the record starts on, its fields) for every record holding any text; blank lines are skipped."""
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _syntax_error(exc, start, reader.line_num) from exc
        if any(cell.strip() for cell in cells):
            yield start, cells
        start = reader.line_num + 1


def _syntax_error(exc: csv.Error, start: int, current: int) -> IntakeError:
    """Name what broke the reading: a quote never closed (at the line it opened on), or text after a closing quote."""
    message = str(exc)
    if "end of data" in message:
        return IntakeError("unclosed_quote", line=start, detail=message)
    if "field larger" in message:  # a quote left open runs on until the reader's limit of one field's size
        return IntakeError("long_field", line=start, value=f"{csv.field_size_limit():,}", detail=message)
    return IntakeError("quote", line=current, detail=message)


def _trimmed(cells: list[str]) -> list[str]:
    """Drop the empty cells at the end of a row (trailing delimiters)."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _stage_xlsx(con: duckdb.DuckDBPyConnection, path: Path, limits: Limits, wanted: str | None) -> RawFile:
    """Stage one sheet of a workbook, each row under its sheet row number; cells that cannot be read are refused."""
    book = Workbook(path, limits)
    try:
        sheet = book.data_sheet(wanted)
        rows = book.rows(sheet, book.shared_strings())
        first = next(rows, None)
        if first is None:
            raise IntakeError("empty")
        width = max(first.cells, default=-1) + 1
        headers = _trimmed([first.cells.get(i, "").strip() for i in range(width)])
        sink, structural, count = RowSink(con, len(headers)), [], 0
        for row in rows:
            count += 1
            structural += _refused_cells(row, headers)
            if any(column >= len(headers) for column in row.cells):
                structural.append(Problem("fields", row.number, value=str(max(row.cells) + 1),
                                          detail=str(len(headers))))
            elif not row.refused:
                sink.add(row.number, [row.cells.get(i, "") for i in range(len(headers))])
        sink.flush()
    finally:
        book.close()
    return RawFile(headers, "xlsx", ",", count, sink.count, structural, sheet)


def _refused_cells(row: Row, headers: list[str]) -> list[Problem]:
    """Turn a row's unreadable cells (formulas without a saved value, error values) into problems naming the cell."""
    return [Problem(kind, row.number, headers[column] if column < len(headers) and headers[column] else ref,
                    value, ref) for column, ref, kind, value in row.refused]


def sheet_names(source: Path | BinaryIO, limits: Limits) -> list[str]:
    """Return the worksheets of a workbook a user may choose from (not the template's guide), or none if unreadable."""
    try:
        book = Workbook(source, limits)
    except IntakeError:
        return []
    try:
        return [name for name in book.sheets if name not in guide_names()]
    finally:
        book.close()
