"""Hand-made .xlsx files for hostile intake cases: written part by part, so a test controls every byte openpyxl
would normalise (declared dimensions, shared-strings tables, formulas without saved results)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def inline_row(number: int, values: list[str]) -> str:
    """Return one <row> of inline-string cells."""
    cells = "".join(f'<c r="{_column(i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                    for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def _column(index: int) -> str:
    """Return the letters of a 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_xml(rows: str, dimension: str | None = None) -> str:
    """Return a worksheet part holding these rows, declaring a dimension when given."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{declared}<sheetData>{rows}</sheetData></worksheet>'


def write_xlsx(path: Path, sheets: dict[str, str], shared_strings: str | None = None) -> Path:
    """Write a minimal workbook whose sheets (name -> worksheet XML) and shared strings are exactly these."""
    entries = "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, name in enumerate(sheets, start=1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_DOC}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, len(sheets) + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                      'content-types"/>')
        book.writestr("_rels/.rels", f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
                      f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        book.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{_DOC}"><sheets>{entries}</sheets>'
                      '</workbook>')
        book.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_RELS}">{rels}</Relationships>')
        for i, xml in enumerate(sheets.values(), start=1):
            book.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared_strings is not None:
            book.writestr("xl/sharedStrings.xml", shared_strings)
    return path
