"""Excel templates for loading: a data sheet headed in the reader's language, names beside, and a guide sheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dashboard.base.i18n import translate
from dashboard.warehouse.dictionary import Column, Table, tables, vocabulary_codes
from dashboard.warehouse.problems import type_words

_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FONT = Font(bold=True)
_EXAMPLE_ROWS = 50
# Excel refuses an inline drop-down list longer than this many characters.
_LIST_LIMIT = 255


def header_text(column: Column, lang: str) -> str:
    """Return a template header: the label in the reader's language with the column name beside it."""
    return f"{column.label(lang)} ({column.name})"


def template_bytes(table_name: str, lang: str = "zh", seed_dir: Path | None = None) -> bytes:
    """Return an .xlsx template for one loadable table: empty data sheet with headers, and the guide sheet."""
    table = tables()[table_name]
    examples = _examples(table, seed_dir)
    book = Workbook()
    data = book.active
    data.title = translate("load.template.data_sheet", lang)
    for index, column in enumerate(table.columns, start=1):
        cell = data.cell(row=1, column=index, value=header_text(column, lang))
        cell.font = _HEADER_FONT
        if column.required and not column.has_default:
            cell.fill = _REQUIRED_FILL
        cell.comment = Comment(column.meaning(lang), "template")
        data.column_dimensions[get_column_letter(index)].width = max(14, len(cell.value) * 2)
        _add_choices(data, index, column, lang)
    data.freeze_panes = "A2"
    _guide(book.create_sheet(translate("load.template.guide_sheet", lang)), table, lang, examples)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _add_choices(sheet: object, index: int, column: Column, lang: str) -> None:
    """Offer a drop-down of the code names (or yes/no) in the data column, where Excel allows one."""
    if column.is_boolean:
        names = [translate("load.template.yes", lang), translate("load.template.no", lang)]
    else:
        names = [column.code_name(c, lang) for c in column.codes]
    formula = '"' + ",".join(n.replace('"', "") for n in names) + '"'
    if not names or len(formula) > _LIST_LIMIT or any("," in n for n in names):
        return
    letter = get_column_letter(index)
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.add(f"{letter}2:{letter}100000")
    sheet.add_data_validation(validation)  # type: ignore[attr-defined]


def _guide(sheet: object, table: Table, lang: str, examples: dict[str, str]) -> None:
    """Fill the guide sheet: one row per column with meaning, type, required, codes, example and reference."""
    keys = ("header", "column", "meaning", "type", "required", "codes", "example", "references")
    sheet.append([translate(f"load.template.{k}", lang) for k in keys])  # type: ignore[attr-defined]
    for column in table.columns:
        codes = vocabulary_codes(column)
        sheet.append([  # type: ignore[attr-defined]
            header_text(column, lang), column.name, column.meaning(lang), type_words(table, column.name, lang),
            translate("load.template.yes" if column.required and not column.has_default else "load.template.no", lang),
            "、".join(f"{column.code_name(c, lang)} = {c}" for c in codes),
            examples.get(column.name, ""),
            _reference(column.references, lang),
        ])
    for cell in sheet[1]:  # type: ignore[index]
        cell.font = _HEADER_FONT
    for letter, width in zip("ABCDEFGH", (22, 20, 40, 22, 8, 50, 18, 22), strict=True):
        sheet.column_dimensions[letter].width = width  # type: ignore[attr-defined]
        for cell in sheet[letter][1:]:  # type: ignore[index]
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _examples(table: Table, seed_dir: Path | None) -> dict[str, str]:
    """Take one example value per column from the demo seed's first rows."""
    path = (seed_dir or Path()) / f"{table.name}.csv"
    if seed_dir is None or not path.exists():
        return {}
    examples: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            for name, value in row.items():
                if value and name not in examples:
                    examples[name] = value
            if i >= _EXAMPLE_ROWS:
                break
    return examples


def _reference(name: str | None, lang: str) -> str:
    """Name the table a column refers to; one that is not loadable (editions) by its SQL name alone."""
    if not name:
        return ""
    table = tables().get(name)
    return f"{table.label(lang)} ({name})" if table else name
