"""What is wrong with a file, row by row: each problem knows its line, column, value and why, in either language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.warehouse.dictionary import Table, tables
from dashboard.warehouse.places import candidates
from dashboard.warehouse.writer import WriteError

_DECIMAL = re.compile(r"DECIMAL\((\d+),(\d+)\)")


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be loaded, at one line and column where it has them."""

    kind: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    detail: str | None = None
    table: str | None = None

    def reason(self, lang: str) -> str:
        """Say in one language what is wrong, naming the allowed values or the rule where there are any."""
        values: dict[str, object] = {"value": self.value or "", "detail": self.detail or ""}
        table = tables().get(self.table or "")
        if table and self.kind == "type" and self.column:
            values["detail"] = type_words(table, self.column, lang)
        elif table and self.kind == "code" and self.column:
            column = table.column(self.column)
            values["detail"] = "、".join(f"{column.code_name(c, lang)} ({c})" for c in column.codes)
        elif self.kind in {"ambiguous_place", "place_elsewhere"} and self.detail:
            values["count"], values["detail"] = candidates(self.detail, lang)
        elif self.kind in {"reference", "still_referenced", "unknown_place"} and self.detail:
            other, _, rest = self.detail.partition("|")
            values["detail"] = tables()[other].label(lang) if other in tables() else other
            values["count"], _, values["keys"] = rest.partition("|")
        elif self.kind == "missing_column" and table and self.column:
            values["detail"] = table.column(self.column).label(lang)
        return translate(f"load.problem.{self.kind}", lang, **values)

    def column_label(self, lang: str) -> str:
        """Return the column's header in one language (empty for a problem of the whole file)."""
        table = tables().get(self.table or "")
        if not self.column:
            return ""
        if table and any(c.name == self.column for c in table.columns):
            return f"{table.column(self.column).label(lang)} ({self.column})"
        return self.column


@dataclass
class LoadRefused(WriteError):
    """A file was refused: every problem found (up to a cap), how many in all, and that nothing changed."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    def __post_init__(self) -> None:
        self.total = max(self.total, len(self.problems))
        super().__init__(self.summary("en"))

    def summary(self, lang: str) -> str:
        """Return one line naming the file, the number of problems and the first of them."""
        first = self.problems[0] if self.problems else Problem("unknown")
        where = translate("load.where", lang, line=first.line) if first.line else ""
        column = f" · {first.column_label(lang)}" if first.column else ""
        return translate("load.refused", lang, name=self.name, count=self.total,
                         first=f"{where}{column} {first.reason(lang)}".strip())

    def frame(self, lang: str) -> pd.DataFrame:
        """Return the problems as a table: file, line, column, value, reason (the rejects download)."""
        headers = [translate(f"load.rejects.{k}", lang) for k in ("file", "line", "column", "value", "reason")]
        rows = [(self.name, p.line, p.column_label(lang), p.value, p.reason(lang)) for p in self.problems]
        frame = pd.DataFrame(rows, columns=headers)
        frame[headers[1]] = frame[headers[1]].astype("Int64")
        return frame


def type_words(table: Table, column: str, lang: str) -> str:
    """Describe the values a column accepts, e.g. 'a whole number' or 'a number with at most 2 decimals'."""
    dtype = table.column(column).data_type
    if dtype in {"TINYINT", "SMALLINT", "INTEGER", "BIGINT"}:
        return translate("load.type.integer", lang)
    match = _DECIMAL.fullmatch(dtype)
    if match:
        return translate("load.type.decimal", lang, scale=match.group(2))
    return translate(f"load.type.{dtype.lower()}", lang)


class IntakeError(ValueError):
    """A file cannot be read as a whole; its one problem says why and, where it can, on which line or cell."""

    def __init__(self, kind: str, *, line: int | None = None, column: str | None = None, value: str | None = None,
                 detail: str | None = None) -> None:
        super().__init__(f"{kind}: line {line}, {value or ''} {detail or ''}".strip())
        self.problem = Problem(kind, line, column, value, detail)
