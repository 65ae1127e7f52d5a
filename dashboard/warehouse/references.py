"""References between tables, as schema.sql's table_references view declares them: no write may leave one dangling.

They are checked here rather than declared as FOREIGN KEY constraints because DuckDB cannot update a referenced
row whose table has an indexed column (schema.sql says why). The SQL is built from the schema's own catalog
(the view's rows), quoted; nothing a user wrote becomes part of it.
"""

from __future__ import annotations

import duckdb

EXAMPLES = 3


def _q(name: str) -> str:
    """Quote an identifier read from the schema's catalog."""
    return '"' + name.replace('"', '""') + '"'


def declared(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    """Return (table, column, referenced table, referenced column) for every reference the schema declares."""
    return [tuple(row) for row in con.sql("select table_name, column_name, referenced_table, referenced_column "
                                          "from table_references").fetchall()]


def dangling(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return one line per reference that names rows not stored, with how many and a few of the values."""
    problems = []
    for table, column, other, key in declared(con):
        count, examples = con.sql(
            f"select count(*), list(distinct s.{_q(column)} order by s.{_q(column)})[1:{EXAMPLES}] "
            f"from main.{_q(table)} as s where s.{_q(column)} is not null and not exists "
            f"(select 1 from main.{_q(other)} as r where r.{_q(key)} = s.{_q(column)})").fetchall()[0]
        if count:
            shown = "、".join(str(v) for v in examples)
            problems.append(f"{table}.{column} 中 {count} 行引用的{other}不存在（{shown}） / {count} row(s) of "
                            f"{table}.{column} name no stored {other} row ({shown})")
    return problems
