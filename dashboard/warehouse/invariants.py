"""Data checks: each query under queries/checks/ lists rows breaking a rule; a build or load leaving any is refused."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.query.registry import load_registry

SECTION = "checks"


def data_problems(con: duckdb.DuckDBPyConnection, queries_dir: Path) -> list[str]:
    """Run every check query on a snapshot being written; return one line per check that finds rows."""
    problems = []
    for spec in load_registry(queries_dir).in_section(SECTION):
        where = f"queries/{spec.query_id}.sql"
        if spec.params:
            problems.append(f"{where}: a data check takes no parameters")
            continue
        rows = con.sql(spec.sql)
        count = rows.aggregate("count(*)").fetchall()[0][0]
        if count:
            example = dict(zip(rows.columns, rows.limit(1).fetchall()[0], strict=True))
            problems.append(f"{spec.title['zh']} / {spec.title['en']}: {count} row(s) break it, e.g. {example} "
                            f"({where})")
    return problems
