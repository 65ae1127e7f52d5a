"""The column dictionary: names, meanings, types, rules and codes of every loadable column, from one place each.

Names and meanings come from the locale files (`dict.*` keys), types and rules from the schema's own catalog
(NOT NULL, primary keys, CHECK lists, the table_references view), code names from the chart vocabularies;
nothing is typed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import duckdb

from dashboard.base.i18n import LANGS, strings
from dashboard.base.vocabulary import VOCABULARY
from dashboard.warehouse.schema import schema_text, table_names

# Bookkeeping tables the build and every write fill themselves.
BOOKKEEPING = ("snapshot_info", "column_labels", "editions", "boundaries")
_IN_LIST = re.compile(r"""^\(*"?(\w+)"?\s+IN\s+\((.*)\)\)*$""", re.S)
_QUOTED = re.compile(r"'((?:[^']|'')*)'")
# Columns whose numbers are percents as people write them (98.5 for 98.5 %): a cell showing "98.5%" stores 98.5.
# Anywhere else a percent is refused, never divided by 100 or stored as the fraction Excel keeps.
PERCENT_COLUMNS = frozenset({("published_figures", "value")})


@dataclass(frozen=True)
class Column:
    """One loadable column: what people call it, what it holds and which rules its values must keep."""

    table: str
    name: str
    data_type: str
    required: bool
    has_default: bool
    codes: tuple[str, ...] = ()
    references: str | None = None
    default_sql: str | None = None  # the schema's default expression, e.g. 'loaded'

    def label(self, lang: str) -> str:
        """Return the column's header in one language."""
        return strings(lang).get(f"dict.label.{self.table}.{self.name}", self.name)

    def meaning(self, lang: str) -> str:
        """Return what the column holds, in one language."""
        return strings(lang).get(f"dict.meaning.{self.table}.{self.name}", "")

    def code_name(self, code: str, lang: str) -> str:
        """Return the display name of one allowed code (the code itself when it has none)."""
        names = self.code_names(code, lang)
        return names[0] if names else code

    def code_names(self, code: str, lang: str) -> list[str]:
        """Return every name of one code in a language: the load's own names first, then the charts'."""
        text = strings(lang)
        keys = (f"dict.code.{self.table}.{self.name}.{code}", f"dict.code.{self.name}.{code}",
                f"domains.code.{VOCABULARY.get(self.name, self.name)}.{code}")
        return [text[k] for k in keys if k in text]

    @property
    def holds_percents(self) -> bool:
        """Say whether the column's numbers are percents, so that '98.5%' means 98.5."""
        return (self.table, self.name) in PERCENT_COLUMNS

    @property
    def is_boolean(self) -> bool:
        """Say whether the column holds yes/no values."""
        return self.data_type == "BOOLEAN"


@dataclass(frozen=True)
class Table:
    """One loadable table: its columns in schema order and its key."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = field(default=())  # (column, table, referenced column)
    rules: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())  # CHECK rules other than code lists

    def label(self, lang: str) -> str:
        """Return the table's name in one language."""
        return strings(lang).get(f"dict.table.{self.name}", self.name)

    def column(self, name: str) -> Column:
        """Return one column by its SQL name."""
        return next(c for c in self.columns if c.name == name)


def loadable_tables() -> tuple[str, ...]:
    """Return the tables a user may load, in creation order (which respects foreign keys)."""
    return tuple(t for t in table_names() if t not in BOOKKEEPING)


@lru_cache(maxsize=4)
def _catalog(ddl: str) -> dict[str, Table]:
    """Read every loadable table's columns and constraints from the schema applied to an empty database."""
    with duckdb.connect() as con:
        con.execute(ddl)
        columns = con.sql("select table_name, column_name, data_type, is_nullable, column_default "
                          "from duckdb_columns() where not internal order by column_index").fetchall()
        constraints = con.sql("select table_name, constraint_type, expression, constraint_column_names "
                              "from duckdb_constraints()").fetchall()
        references = con.sql("select table_name, column_name, referenced_table, referenced_column "
                             "from table_references").fetchall()
    tables: dict[str, Table] = {}
    for table in loadable_tables():
        rules = [c for c in constraints if c[0] == table]
        codes = {cols[0]: _codes(expr) for _, kind, expr, cols in rules if kind == "CHECK" and len(cols) == 1}
        fks = tuple((col, ref, ref_col) for t, col, ref, ref_col in references if t == table)
        refs = {col: ref for col, ref, _ in fks}
        key = next((tuple(cols) for _, kind, _, cols in rules if kind == "PRIMARY KEY"), ())
        checks = tuple((expr, tuple(cols)) for _, kind, expr, cols in rules
                       if kind == "CHECK" and not (len(cols) == 1 and codes.get(cols[0])))
        tables[table] = Table(table, tuple(
            Column(table, name, dtype, not nullable, default is not None, codes.get(name, ()), refs.get(name), default)
            for t, name, dtype, nullable, default in columns if t == table), key, fks, checks)
    return tables


def _codes(expression: str | None) -> tuple[str, ...]:
    """Return the allowed values of a CHECK (column IN ('a', 'b')) rule, or none for other rules."""
    match = _IN_LIST.match(expression or "")
    return tuple(v.replace("''", "'") for v in _QUOTED.findall(match.group(2))) if match else ()


def tables() -> dict[str, Table]:
    """Return the loadable tables of today's schema.sql by name."""
    return _catalog(schema_text())


def label_rows() -> list[tuple[str, str, str, str, str, str]]:
    """Return (table, column, label zh, label en, meaning zh, meaning en) for every loadable column."""
    return [(c.table, c.name, c.label("zh"), c.label("en"), c.meaning("zh"), c.meaning("en"))
            for table in tables().values() for c in table.columns]


def header_names(column: Column) -> set[str]:
    """Return every header a file may use for a column, normalised: its SQL name and its label in each language."""
    return {normalise(n) for n in (column.name, *(column.label(lang) for lang in LANGS))}


def vocabulary_codes(column: Column) -> tuple[str, ...]:
    """Return the codes a column allows, or for a free column the codes its chart vocabulary names."""
    if column.codes:
        return column.codes
    prefix = f"domains.code.{VOCABULARY.get(column.name, column.name)}."
    return tuple(k.removeprefix(prefix) for k in strings("zh") if k.startswith(prefix))


def code_names(column: Column) -> dict[str, str]:
    """Map every accepted spelling of a code (the code, its name in each language) to the code."""
    names: dict[str, str] = {}
    for code in vocabulary_codes(column):
        for spelling in (code, *(name for lang in LANGS for name in column.code_names(code, lang))):
            names.setdefault(normalise(spelling), code)
    return names


def normalise(text: str) -> str:
    """Fold a header or code as people type it: case, spaces, and full-width brackets do not matter."""
    folded = text.strip().lower().translate(str.maketrans("（）：", "():"))
    return re.sub(r"\s+", "", folded)
