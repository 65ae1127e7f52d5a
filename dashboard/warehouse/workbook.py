"""Read one sheet of an .xlsx workbook as rows of text, bounded before and during the read.

openpyxl reads the whole shared-strings table and pads every row to the sheet's declared dimension, so a 5 kB
file declaring A1:XFD1048576 costs minutes of CPU. Here the zip members' sizes and the sheet's declared
dimension are checked before parsing, the XML streams through lxml's iterparse (entities never expanded), and
cells and shared strings are counted against caps as they are read. openpyxl still supplies what it knows well:
the built-in number formats, which formats are dates, and Excel's date epochs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import IO

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from dashboard.base.i18n import LANGS, translate
from dashboard.warehouse.problems import IntakeError

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_COLUMNS = 16_384  # Excel's own limit; a row holding more cells is not a worksheet Excel wrote
_CELL = re.compile(r"([A-Z]{1,3})?(\d+)?")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


@dataclass(frozen=True)
class Limits:
    """How much of a workbook a load may read: unzipped bytes, cells, shared strings and their bytes."""

    unzipped_mb: int
    cells: int
    strings: int
    strings_mb: int


@dataclass
class Row:
    """One sheet row: its number, the text of each non-empty cell by column (0-based) and the cells it refuses."""

    number: int
    cells: dict[int, str]
    refused: list[tuple[int, str, str, str]]  # (column, cell reference, kind, value)
    last: int = -1  # the column of the cell read last, for cells that do not say where they are


def _parser_args() -> dict[str, object]:
    """Options for every XML parse: no entity expansion, no network, no huge text nodes."""
    return {"resolve_entities": False, "no_network": True, "huge_tree": False}


def guide_names() -> set[str]:
    """Return the names the template gives its guide sheet, which holds no rows to load."""
    return {translate("load.template.guide_sheet", lang) for lang in LANGS}


class Workbook:
    """An opened .xlsx file whose sizes are checked: its sheets, formats and (when asked) shared strings."""

    def __init__(self, path: Path | IO[bytes], limits: Limits) -> None:
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise IntakeError("not_xlsx", detail=str(exc)) from exc
        self.limits = limits
        total = sum(info.file_size for info in self.zip.infolist())
        if total > limits.unzipped_mb * 1e6:
            raise IntakeError("xlsx_unzipped", value=f"{total / 1e6:,.0f}", detail=str(limits.unzipped_mb))
        self.sheets = self._sheets()
        self.epoch = self._epoch()
        self.formats = self._formats()

    def close(self) -> None:
        """Close the zip file."""
        self.zip.close()

    def _xml(self, name: str) -> etree._Element | None:
        """Parse one small member (workbook, relationships, styles), or return None when it is absent."""
        if name not in self.zip.NameToInfo:
            return None
        try:
            return etree.fromstring(self.zip.read(name), etree.XMLParser(**_parser_args()))
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as exc:
            raise IntakeError("not_xlsx", detail=f"{name}: {exc}") from exc

    def _sheets(self) -> dict[str, str]:
        """Map each worksheet's name to its member, in the workbook's order."""
        book = self._xml("xl/workbook.xml")
        rels = self._xml("xl/_rels/workbook.xml.rels")
        if book is None or rels is None:
            raise IntakeError("not_xlsx", detail="xl/workbook.xml")
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
        sheets = {}
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"), "")
            member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            if member in self.zip.NameToInfo:
                sheets[sheet.get("name", "")] = member
        return sheets

    def _epoch(self) -> dt.datetime:
        """Return the date serial numbers' epoch: 1900 unless the workbook says 1904."""
        book = self._xml("xl/workbook.xml")
        props = book.find(f"{_MAIN}workbookPr") if book is not None else None
        date1904 = props is not None and props.get("date1904", "").lower() in {"1", "true"}
        return CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900

    def _formats(self) -> list[str]:
        """Return each cell style's kind of number: 'date', 'percent' or ''."""
        styles = self._xml("xl/styles.xml")
        if styles is None:
            return []
        custom = {int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in styles.iter(f"{_MAIN}numFmt")}
        kinds = []
        xfs = styles.find(f"{_MAIN}cellXfs")
        for xf in xfs.iter(f"{_MAIN}xf") if xfs is not None else []:
            number = int(xf.get("numFmtId", 0))
            code = custom.get(number, BUILTIN_FORMATS.get(number, "General"))
            kinds.append("date" if is_date_format(code) else "percent" if "%" in _QUOTED.sub("", code) else "")
        return kinds

    def data_sheet(self, wanted: str | None) -> str:
        """Return the sheet to load: the one named, or the only sheet holding data; refuse when that is unclear."""
        names = list(self.sheets)
        if wanted is not None:
            if wanted not in self.sheets:
                raise IntakeError("no_sheet", value=wanted, detail="、".join(names))
            return wanted
        guides = guide_names()
        holding = [n for n in names if n not in guides and self._holds_values(n)]
        if len(holding) > 1:
            raise IntakeError("sheets", value="、".join(holding))
        if not holding and not names:
            raise IntakeError("empty")
        return holding[0] if holding else names[0]

    def _holds_values(self, sheet: str) -> bool:
        """Say whether a sheet has any cell with a value or a formula, reading only up to the first one."""
        with self.zip.open(self.sheets[sheet]) as stream:
            for seen, (_, cell) in enumerate(_events(stream, (f"{_MAIN}c",)), start=1):
                if seen > self.limits.cells:
                    raise IntakeError("xlsx_cells", value=sheet, detail=f"{self.limits.cells:,}")
                if any(child.tag in {f"{_MAIN}v", f"{_MAIN}f", f"{_MAIN}is"} and (child.text or len(child))
                       for child in cell):
                    return True
                _forget(cell)
        return False

    def shared_strings(self) -> list[str]:
        """Read the shared-strings table, refusing it before parsing when too large and while parsing when too many."""
        info = self.zip.NameToInfo.get("xl/sharedStrings.xml")
        if info is None:
            return []
        if info.file_size > self.limits.strings_mb * 1e6:
            raise IntakeError("xlsx_strings_mb", value=f"{info.file_size / 1e6:,.0f}",
                              detail=str(self.limits.strings_mb))
        strings: list[str] = []
        with self.zip.open(info) as stream:
            for _, item in _events(stream, (f"{_MAIN}si",)):
                if len(strings) >= self.limits.strings:
                    raise IntakeError("xlsx_strings", detail=f"{self.limits.strings:,}")
                strings.append(_text(item))
                _forget(item)
        return strings

    def rows(self, sheet: str, strings: list[str]) -> Iterator[Row]:
        """Stream a sheet's non-empty rows, refusing it when its declared size or its cells exceed the caps."""
        cells_read, rows_ended = 0, 0
        current: Row | None = None
        with self.zip.open(self.sheets[sheet]) as stream:
            for _, element in _events(stream, (f"{_MAIN}dimension", f"{_MAIN}c", f"{_MAIN}row")):
                if element.tag == f"{_MAIN}dimension":
                    self._check_dimension(sheet, element.get("ref", ""))
                elif element.tag == f"{_MAIN}c":
                    cells_read += 1
                    if cells_read > self.limits.cells:
                        raise IntakeError("xlsx_cells", value=sheet, detail=f"{self.limits.cells:,}")
                    if current is None:
                        parent = element.getparent()
                        current = Row(int(parent.get("r") or rows_ended + 1) if parent is not None else 0, {}, [])
                    self._add_cell(current, element, strings)
                    _forget(element)
                else:
                    rows_ended = int(element.get("r") or rows_ended + 1)
                    if current is not None and (current.cells or current.refused):
                        yield current
                    current = None
                    _forget(element)

    def _check_dimension(self, sheet: str, ref: str) -> None:
        """Refuse a sheet whose declared range holds more cells than the cap, before reading any row."""
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
        except (ValueError, TypeError):
            return
        declared = (max_row - min_row + 1) * (max_col - min_col + 1)
        if declared > self.limits.cells:
            raise IntakeError("xlsx_dimension", value=f"{sheet}!{ref}", detail=f"{self.limits.cells:,}")

    def _add_cell(self, row: Row, cell: etree._Element, strings: list[str]) -> None:
        """Read one cell into its row: its text by column, or the reason it is refused."""
        ref = cell.get("r", "")
        match = _CELL.fullmatch(ref)
        letters = match.group(1) if match else None
        row.last = column_index_from_string(letters) - 1 if letters else row.last + 1
        if row.last >= MAX_COLUMNS:
            raise IntakeError("not_xlsx", detail=ref or f"{row.number}")
        kind, value = self._value(cell, strings)
        if kind:
            row.refused.append((row.last, ref or f"#{row.last + 1}", kind, value))
        elif value:
            row.cells[row.last] = value

    def _value(self, cell: etree._Element, strings: list[str]) -> tuple[str, str]:
        """Return ('', text) for a readable cell, or (problem kind, shown value) for one that must be refused."""
        kind = cell.get("t", "n")
        formula, stored = cell.find(f"{_MAIN}f"), cell.find(f"{_MAIN}v")
        text = stored.text if stored is not None and stored.text is not None else None
        if formula is not None and (text is None or (text == "" and kind != "str")):
            return "formula", "=" + (formula.text or "")
        if kind == "inlineStr":
            inline = cell.find(f"{_MAIN}is")
            return "", _text(inline) if inline is not None else ""
        if text is None:
            return "", ""
        if kind == "s":
            try:
                return "", strings[int(text)]
            except (ValueError, IndexError):
                return "cell_error", text
        if kind == "e":
            return "cell_error", text
        if kind == "b":
            return "", "true" if text.strip() in {"1", "true"} else "false"
        if kind == "d":
            return "", text[:10] if text.endswith("T00:00:00") or len(text) == 10 else text.replace("T", " ")
        if kind in {"str", "inlineStr"}:
            return "", text
        style = int(cell.get("s", 0) or 0)
        return "", _number(text, self.formats[style] if style < len(self.formats) else "", self.epoch)


def _events(stream: IO[bytes], tags: tuple[str, ...]) -> Iterator[tuple[str, etree._Element]]:
    """Stream the end of each element with one of these tags; a broken file is refused, not raised."""
    try:
        yield from etree.iterparse(stream, events=("end",), tag=tags, **_parser_args())
    except (etree.XMLSyntaxError, zipfile.BadZipFile, EOFError) as exc:
        raise IntakeError("not_xlsx", detail=str(exc)) from exc


def _forget(element: etree._Element) -> None:
    """Free a parsed element and the siblings before it, so memory stays that of one row."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _text(item: etree._Element) -> str:
    """Return the text of a shared or inline string: its runs joined, phonetic guides left out."""
    return "".join(t.text or "" for t in item.iter(f"{_MAIN}t") if t.getparent().tag != f"{_MAIN}rPh")


def _number(text: str, kind: str, epoch: dt.datetime) -> str:
    """Render a stored number as the clerk saw it: a date, a percent as its shown number with '%', or the number."""
    try:
        number = Decimal(text)
        value = float(text)
    except (InvalidOperation, ValueError):
        return text
    if not math.isfinite(value):
        return text  # kept as written, so a numeric column refuses it instead of storing infinity
    if kind == "date":
        try:
            moment = from_excel(value, epoch)
        except (OverflowError, ValueError):
            return text
        if isinstance(moment, dt.datetime):
            return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(sep=" ")
        return str(moment)
    if kind == "percent":
        return _plain(number.scaleb(2)) + "%"
    return _plain(number)


def _plain(number: Decimal) -> str:
    """Write a decimal without exponent or trailing zeros: 12, 0.00001, 98.5."""
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")
