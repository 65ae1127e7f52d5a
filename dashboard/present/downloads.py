"""Result downloads: CSV that Excel opens with Chinese intact, and XLSX whose cells are values, never formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_MAX_WIDTH = 60
_UNSAFE_NAME = re.compile(r"[^\w\-]+")


# A text cell starting with one of these is a formula to Excel and LibreOffice, even in a CSV, and even after
# blanks or control characters (" =1+1", "\x01=cmd"), which spreadsheets skip.
_FORMULA_START = ("=", "+", "-", "@")
_SKIPPED = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Encode a result as CSV with a byte-order mark (Excel needs it for UTF-8 Chinese), formulas neutralised."""
    return csv_text(frame).encode("utf-8-sig")


def csv_text(frame: pd.DataFrame) -> str:
    """Write a result as RFC 4180 CSV: formulas neutralised, and every field with a CR, LF, quote or comma quoted.

    The line terminator is CRLF because Python's csv writer quotes a field holding any character of it: with
    pandas' default LF, a lone CR went out unquoted and split the row in a spreadsheet.
    """
    safe = neutralise_formulas(frame)
    safe.columns = [_neutral(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def formula_like(text: str) -> bool:
    """Say whether a spreadsheet would read this text as a formula, once it skips leading blanks and controls."""
    for ch in text:
        if unicodedata.category(ch) not in _SKIPPED and not ch.isspace():
            return ch in _FORMULA_START
    return False


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as formulas (=HYPERLINK(…), +cmd…) with an apostrophe."""
    text_columns = [i for i, dtype in enumerate(frame.dtypes)
                    if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)]
    safe = frame.copy()
    for i in text_columns:
        safe.isetitem(i, frame.iloc[:, i].map(_neutral))
    return safe


def _neutral(value: Any) -> Any:
    """Return a text value with an apostrophe in front when it would be a formula; anything else unchanged."""
    return f"'{value}" if isinstance(value, str) and formula_like(value) else value


def xlsx_bytes(frame: pd.DataFrame, about: dict[str, str] | None = None, sheet: str = "data") -> bytes:
    """Write a result as an XLSX workbook: one data sheet, and an `about` sheet with its provenance."""
    book = Workbook(write_only=True)
    data = book.create_sheet(_sheet_title(sheet))
    data.freeze_panes = "A2"
    headers = [str(c) for c in frame.columns]
    for i, header in enumerate(headers):
        sample = [header, *(str(v) for v in frame.iloc[:50, i])]
        data.column_dimensions[_column_letter(i)].width = min(_MAX_WIDTH, max(map(_display_width, sample)) + 2)
    data.append([_header_cell(data, h) for h in headers])
    for row in _dates_as_dates(frame).itertuples(index=False, name=None):
        data.append([_cell(data, v) for v in row])
    if about:
        info = book.create_sheet("about")
        info.column_dimensions["A"].width = 18
        info.column_dimensions["B"].width = 90
        for key, value in about.items():
            info.append([_cell(info, key), _cell(info, value)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def safe_stem(text: str) -> str:
    """Turn a title or query id into a file name stem that every system accepts."""
    return _UNSAFE_NAME.sub("_", text).strip("_") or "result"


def excel_value(value: Any) -> Any:
    """Convert one result value into something openpyxl writes faithfully (NaN and NaT become empty)."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return str(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        return value.to_pytimedelta()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; keep the wall-clock time
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.time | dt.timedelta):
        return value
    if isinstance(value, np.ndarray):
        value = value.tolist()
    text = value if isinstance(value, str) else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _dates_as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """DuckDB DATE columns arrive as timestamps; write those with no time of day as dates again."""
    dated = frame.copy()
    for i, dtype in enumerate(frame.dtypes):
        column = frame.iloc[:, i]
        if pd.api.types.is_datetime64_any_dtype(dtype) and (column.dropna() == column.dropna().dt.normalize()).all():
            dated.isetitem(i, column.map(lambda v: None if pd.isna(v) else v.date()).astype(object))
    return dated


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """Return a plain value, or a text cell for text that would otherwise turn into a formula or an error code."""
    value = excel_value(value)
    if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _header_cell(sheet: WriteOnlyWorksheet, header: str) -> WriteOnlyCell:
    """Make a bold header cell."""
    cell = WriteOnlyCell(sheet, value=excel_value(header))
    cell.data_type = "s"
    cell.font = Font(bold=True)
    return cell


def _display_width(text: str) -> int:
    """Estimate a column width: CJK characters take two cells."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text[:_MAX_WIDTH])


def _column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index."""
    return get_column_letter(index + 1)


def _sheet_title(title: str) -> str:
    """Excel sheet names are at most 31 characters and may not contain []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "data"
