"""Check a staged file against its table, finding every bad row at once: types, codes, rules, keys and references.

Staged text columns (c0..cN, from intake) become a typed table whose columns carry the table's names; each rule
the schema's catalog states is then one query over that table, and their rows are the problems. The table lives in
its own database file (staged.duckdb in the load's work folder), so the rules a file keeps by itself are checked
before the writer lock is taken, and only those that read stored rows (`live`) run again under it, with the file
attached read-only. Identifiers come from the catalog only; nothing the user wrote is ever part of the SQL text.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from dashboard.warehouse.dictionary import Column, Table, code_names, header_names, normalise, tables
from dashboard.warehouse.intake import LINE, STAGED_RAW
from dashboard.warehouse.places import PLACE_TABLES, candidates_column, note_column, place_columns
from dashboard.warehouse.problems import Problem

STAGED_DB = "staged"  # the staged file's database name: staged.duckdb, or attached under this name
TYPED = f"{STAGED_DB}.main.staged_typed"
MODES = ("append", "upsert", "delete")
_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
_DECIMAL = re.compile(r"DECIMAL\((\d+),(\d+)\)")
_TRUE = ("true", "t", "yes", "y", "1", "是", "对", "有")
_FALSE = ("false", "f", "no", "n", "0", "否", "错", "无")
_DATE_FORMATS = ("%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
# A date must start with a four-digit year: '18/9/1' could be 2018 or 1918 (DuckDB would store the year 18).
_FOUR_DIGIT_YEAR = "^[0-9]{4}([-/.年]|[0-9]{4}$)"


def q(name: str) -> str:
    """Quote an identifier taken from the schema's catalog."""
    return '"' + name.replace('"', '""') + '"'


def map_headers(table: Table, headers: list[str], mode: str) -> tuple[dict[str, int], list[Problem]]:
    """Match each header to a column (by SQL name, Chinese or English label); report unknown, repeated, missing."""
    wanted = {name: header_names(c) for c in table.columns for name in [c.name]}
    mapping: dict[str, int] = {}
    problems: list[Problem] = []
    for index, header in enumerate(headers):
        match = next((n for n, names in wanted.items() if _spellings(header) & names), None)
        if match is None:
            if header.strip():
                problems.append(Problem("unknown_header", 1, header, header, table=table.name))
            continue
        if match in mapping:
            problems.append(Problem("duplicate_header", 1, match, header, detail=headers[mapping[match]],
                                    table=table.name))
            continue
        mapping[match] = index
    needed = table.key if mode == "delete" else [c.name for c in table.columns if c.required and not c.has_default]
    problems += [Problem("missing_column", 1, name, table=table.name) for name in needed if name not in mapping]
    return mapping, problems


def _spellings(header: str) -> set[str]:
    """Return a header and its parts, so '项目编号 (project_id)' matches by either name."""
    text = normalise(header)
    parts = {text, *(p for p in re.split(r"[()|｜/]", text) if p)}
    return parts


def create_typed(con: duckdb.DuckDBPyConnection, table: Table, mapping: dict[str, int]) -> None:
    """Create the typed table from staged_raw: each mapped column trimmed, decoded (codes, yes/no) and cast."""
    spellings = [(name, spelling, code) for name in mapping
                 for spelling, code in code_names(table.column(name)).items()]
    con.register("code_spellings_df", pd.DataFrame(spellings, columns=["col", "spelling", "code"]))
    con.execute("create or replace temp table code_spellings as select * from code_spellings_df")
    con.unregister("code_spellings_df")
    selects = [LINE]
    for name, index in mapping.items():
        text = f"nullif(trim(c{index}), '')"
        selects.append(f"{text} as {q('raw:' + name)}")
        selects.append(f"{_convert(table.column(name), text)} as {q(name)}")
    con.execute(f"create or replace table {TYPED} as select {', '.join(selects)} from {STAGED_RAW}")


def _convert(column: Column, text: str) -> str:
    """Return the SQL that turns one trimmed text cell into the column's type, or null when it cannot."""
    dtype = column.data_type
    if dtype == "VARCHAR":
        folded = f"lower(regexp_replace(translate({text}, '（）：', '():'), '\\s+', '', 'g'))"
        lookup = f"(select s.code from code_spellings as s where s.col = '{column.name}' and s.spelling = {folded})"
        return f"coalesce({lookup}, {text})"
    if dtype in _INTEGERS:
        return f"case when regexp_full_match({text}, '[+-]?[0-9]+(\\.0+)?') then try_cast({text} as {dtype}) end"
    match = _DECIMAL.fullmatch(dtype)
    if match:
        scale = match.group(2)
        return (f"case when regexp_full_match({text}, '[+-]?[0-9]+(\\.[0-9]{{0,{scale}}})?') "
                f"then try_cast({text} as {dtype}) end")
    if dtype == "BOOLEAN":
        yes, no = (", ".join(f"'{v}'" for v in words) for words in (_TRUE, _FALSE))
        return f"case when lower({text}) in ({yes}) then true when lower({text}) in ({no}) then false end"
    if dtype == "DATE":
        tries = ", ".join(f"cast(try_strptime({text}, '{f}') as date)" for f in _DATE_FORMATS)
        return (f"case when regexp_matches({text}, '{_FOUR_DIGIT_YEAR}') "
                f"then coalesce(try_cast({text} as date), {tries}) end")
    if dtype in {"DOUBLE", "FLOAT", "REAL"}:
        # A percentage column takes the number the clerk saw: '98.5%' is 98.5. Infinity and NaN are never data.
        number = f"regexp_replace({text}, '%$', '')" if column.holds_percents else text
        return f"case when isfinite(try_cast({number} as double)) then try_cast({number} as {dtype}) end"
    if dtype == "TIMESTAMP":
        return f"case when regexp_matches({text}, '{_FOUR_DIGIT_YEAR}') then try_cast({text} as {dtype}) end"
    return f"try_cast({text} as {dtype})"


def find_problems(con: duckdb.DuckDBPyConnection, table: Table, mapping: dict[str, int], mode: str, cap: int, *,
                  live: bool) -> tuple[list[Problem], int]:
    """Run the file's own rules, or (live) those reading stored rows; return the first `cap` problems and the count."""
    if not live:
        queries = [*_cell_queries(table, mapping, mode), *_duplicate_queries(table, mapping)]
    elif mode != "delete":
        queries = [*_stored_queries(table, mapping, mode), *_reference_queries(table, mapping)]
    else:
        queries = [*_stored_queries(table, mapping, mode), *_referenced_queries(table)]
    problems: list[Problem] = []
    total = 0
    if queries:
        # One rule at a time: a union of all of them runs every branch at once and multiplies the memory.
        con.execute(f"create or replace temp table load_problems as select * from ({queries[0]})")
        for sql in queries[1:]:
            con.execute(f"insert into load_problems select * from ({sql})")
        total += con.sql("select count(*) from load_problems").fetchall()[0][0]
        rows = con.sql("select * from load_problems order by line, kind limit $cap", params={"cap": cap}).fetchall()
        problems += [Problem(kind, line, column, value, detail, table.name)
                     for kind, line, column, value, detail in rows]
    problems.sort(key=lambda p: (p.line or 0))
    return problems[:cap], total


def _row(kind: str, column: str | None, value: str, detail: str = "null") -> str:
    """Return the select list every problem query shares: kind, line, column, value, detail."""
    col = f"'{column}'" if column else "null"
    return f"select '{kind}' as kind, {LINE} as line, {col} as column_name, cast({value} as varchar) as value, " \
           f"cast({detail} as varchar) as detail"


def _cell_queries(table: Table, mapping: dict[str, int], mode: str) -> list[str]:
    """Queries for cells that do not convert, codes not allowed, required cells left empty and CHECK rules broken."""
    queries = []
    checked = table.key if mode == "delete" else list(mapping)
    places = {c.name for c in place_columns(table, mapping)}
    for name in checked:
        column, raw = table.column(name), q("raw:" + name)
        if name in places:
            # A name fitting several places, or only places of another township (see places.py).
            queries.append(f"select {q(note_column(name))} as kind, {LINE} as line, '{name}' as column_name, "
                           f"{raw} as value, {q(candidates_column(name))} as detail from {TYPED} "
                           f"where {q(note_column(name))} is not null")
        elif column.codes:
            allowed = ", ".join("'" + c.replace("'", "''") + "'" for c in column.codes)
            queries.append(f"{_row('code', name, raw)} from {TYPED} where {q(name)} not in ({allowed})")
        else:
            # A percent ('98.5%', as an Excel cell formatted as a percentage reads) where the column holds none.
            percent = "false" if column.holds_percents else f"ends_with({raw}, '%')"
            queries.append(f"{_row('type', name, raw)} from {TYPED} where {raw} is not null and {q(name)} is null "
                           f"and not {percent}")
            queries.append(f"{_row('percent', name, raw)} from {TYPED} where {percent} and {q(name)} is null")
        if column.required and not column.has_default:
            queries.append(f"{_row('required', name, 'null')} from {TYPED} where {raw} is null")
    if mode != "delete":
        for expression, names in table.rules:
            if all(n in mapping for n in names):
                shown = " || ' / ' || ".join(f"coalesce(cast({q(n)} as varchar), '')" for n in names)
                detail = "'" + expression.replace("'", "''") + "'"
                queries.append(f"{_row('rule', names[0], shown, detail)} from {TYPED} "
                               f"where not coalesce({expression}, true)")
    return queries


def _shown_key(table: Table) -> str:
    """Return the SQL that shows a row's key, its parts joined by ' / '."""
    return " || ' / ' || ".join(f"cast({q(k)} as varchar)" for k in table.key)


def _duplicate_queries(table: Table, mapping: dict[str, int]) -> list[str]:
    """Queries for keys repeated within the file."""
    if not table.key or any(k not in mapping for k in table.key):
        return []
    keys = ", ".join(q(k) for k in table.key)
    first = f"min({LINE}) over (partition by {keys})"
    return [f"select * from ({_row('duplicate_in_file', table.key[0], _shown_key(table), first)} from {TYPED} "
            f"where {' and '.join(f'{q(k)} is not null' for k in table.key)} "
            f"qualify count(*) over (partition by {keys}) > 1) where cast(line as varchar) <> detail"]


def stored_match(table: Table) -> str:
    """Return the condition that a stored row t has the key of a staged row s."""
    return " and ".join(f"t.{q(k)} = s.{q(k)}" for k in table.key)


def _stored_queries(table: Table, mapping: dict[str, int], mode: str) -> list[str]:
    """Queries for keys that must not (append) or must (delete) already be stored."""
    if not table.key or any(k not in mapping for k in table.key):
        return []
    stored = f"exists (select 1 from main.{q(table.name)} as t where {stored_match(table)})"
    if mode == "append":
        return [f"{_row('exists', table.key[0], _shown_key(table))} from {TYPED} as s where {stored}"]
    if mode == "delete":
        return [f"{_row('not_found', table.key[0], _shown_key(table))} from {TYPED} as s where not {stored}"]
    return []


def _reference_queries(table: Table, mapping: dict[str, int]) -> list[str]:
    """Queries for foreign-key values that name no stored row of the table they refer to."""
    queries = []
    for column, other, other_column in table.foreign_keys:
        if column in mapping:
            detail = f"'{other}|'"
            # A place may be written by name, so one that fits nothing is neither a stored id nor a stored name.
            kind = "unknown_place" if other in PLACE_TABLES else "reference"
            queries.append(f"{_row(kind, column, q(column), detail)} from {TYPED} as s "
                           f"where s.{q(column)} is not null and s.{q(column)} not in "
                           f"(select r.{q(other_column)} from main.{q(other)} as r where r.{q(other_column)} "
                           f"is not null)")
    return queries


def _referenced_queries(table: Table) -> list[str]:
    """Queries for keys a delete would remove while rows of other tables still refer to them."""
    queries = []
    for other in tables().values():
        for column, referenced, referenced_column in other.foreign_keys:
            if referenced != table.name or len(table.key) != 1:
                continue
            key = table.key[0]
            if referenced_column != key:
                continue
            count = f"(select count(*) from main.{q(other.name)} as o where o.{q(column)} = s.{q(key)})"
            # The first few referring rows by their key, so the clerk knows which rows to remove or correct first.
            their_key = " || ' / ' || ".join(f"cast(o.{q(k)} as varchar)" for k in other.key)
            first = (f"(select string_agg(k, '、' order by k) || case when {count} > 3 then '…' else '' end "
                     f"from (select {their_key} as k from main.{q(other.name)} as o where o.{q(column)} = s.{q(key)} "
                     f"order by k limit 3))")
            detail = f"'{other.name}|' || {count} || '|' || {first}"
            queries.append(f"{_row('still_referenced', key, q(key), detail)} from {TYPED} as s where {count} > 0")
    return queries


def preview(con: duckdb.DuckDBPyConnection, table: Table, mapping: dict[str, int], rows: int = 20) -> pd.DataFrame:
    """Return the first rows as they will be stored, under the table's column names."""
    names = [c.name for c in table.columns if c.name in mapping]
    last = f"(select max({LINE}) from (select {LINE} from {TYPED} order by {LINE} limit $n))"
    return con.sql(f"select {LINE}, {', '.join(q(n) for n in names)} from {TYPED} where {LINE} <= {last} "
                   f"order by {LINE}", params={"n": rows}).df()
