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
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.base.i18n import translate
from dashboard.warehouse.dictionary import Column, Table, tables, vocabulary_codes
from dashboard.warehouse.places import PLACE_TABLES
from dashboard.warehouse.problems import type_words

_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FONT = Font(bold=True)
_EXAMPLE_ROWS = 50
# The guide's word lists start in this column, right of its table (A-H) and one empty column.
_LISTS_FROM = 10


def header_text(column: Column, lang: str) -> str:
    """Return a template header: the label in the reader's language with the column name beside it."""
    return f"{column.label(lang)} ({column.name})"


def choices(column: Column, lang: str) -> list[str]:
    """Return the words a clerk may pick for a column, the one list both the drop-down and the guide show."""
    if column.is_boolean:
        return [translate("load.template.yes", lang), translate("load.template.no", lang)]
    return [column.code_name(code, lang) for code in vocabulary_codes(column)]


def template_bytes(table_name: str, lang: str = "zh", seed_dir: Path | None = None) -> bytes:
    """Return an .xlsx template for one loadable table: empty data sheet with headers, and the guide sheet."""
    table = tables()[table_name]
    examples = _examples(table, seed_dir)
    book = Workbook()
    data = book.active
    data.title = translate("load.template.data_sheet", lang)
    guide = book.create_sheet(translate("load.template.guide_sheet", lang))
    lists = _guide(guide, table, lang, examples)
    for index, column in enumerate(table.columns, start=1):
        cell = data.cell(row=1, column=index, value=header_text(column, lang))
        cell.font = _HEADER_FONT
        if column.required and not column.has_default:
            cell.fill = _REQUIRED_FILL
        cell.comment = Comment(column.meaning(lang), "template")
        data.column_dimensions[get_column_letter(index)].width = max(14, len(cell.value) * 2)
        if column.name in lists:
            _add_choices(data, index, lists[column.name])
    data.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _add_choices(sheet: object, index: int, source: str) -> None:
    """Offer a drop-down in a data column, taken from the guide sheet's cells that list its words."""
    letter = get_column_letter(index)
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.add(f"{letter}2:{letter}100000")
    sheet.add_data_validation(validation)  # type: ignore[attr-defined]


def _guide(sheet: Worksheet, table: Table, lang: str, examples: dict[str, str]) -> dict[str, str]:
    """Fill the guide sheet, one row per column, and its word lists; return each coded column's list range."""
    keys = ("header", "column", "meaning", "type", "required", "codes", "example", "references")
    sheet.append([translate(f"load.template.{k}", lang) for k in keys])
    lists: dict[str, str] = {}
    for column in table.columns:
        words = choices(column, lang)
        codes = () if column.is_boolean else vocabulary_codes(column)
        listed = [f"{word} = {code}" for word, code in zip(words, codes, strict=True)] if codes else words
        sheet.append([
            header_text(column, lang), column.name, column.meaning(lang), _type_text(table, column, lang),
            translate("load.template.yes" if column.required and not column.has_default else "load.template.no", lang),
            "\n".join(listed), examples.get(column.name, ""), _reference(column.references, lang),
        ])
        if words:
            lists[column.name] = _word_list(sheet, len(lists), column, words, lang)
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
    for letter, width in zip("ABCDEFGH", (22, 20, 40, 22, 8, 50, 18, 22), strict=True):
        sheet.column_dimensions[letter].width = width
        for cell in sheet[letter][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return lists


def _word_list(sheet: Worksheet, number: int, column: Column, words: list[str], lang: str) -> str:
    """Write one column's words down a column of the guide, right of its table; return them as a sheet reference."""
    index = _LISTS_FROM + number
    letter = get_column_letter(index)
    head = sheet.cell(row=1, column=index, value=translate("load.template.choices", lang, column=column.label(lang)))
    head.font = _HEADER_FONT
    for row, word in enumerate(words, start=2):
        sheet.cell(row=row, column=index, value=word)
    sheet.column_dimensions[letter].width = 18
    title = sheet.title.replace("'", "''")
    return f"'{title}'!${letter}$2:${letter}${len(words) + 1}"


def _type_text(table: Table, column: Column, lang: str) -> str:
    """Describe a column's type; a place column also says that a name does as well as an id."""
    words = type_words(table, column.name, lang)
    if column.references in PLACE_TABLES:
        return f"{words}\n{translate('load.template.place_hint', lang)}"
    return words


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
