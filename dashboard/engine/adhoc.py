"""Ad-hoc SQL: run one statement through the sandboxed runner, and pick a quick chart for its result."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd

from dashboard.engine.runner import QueryError, QueryResult, Runner
from dashboard.query.sqlfile import ChartSpec

QUICK_TYPES = ("bar", "line", "area", "scatter", "pie")


@dataclass(frozen=True)
class Outcome:
    """What one press of Run produced: the rows or the error, and how long it took."""

    sql: str
    result: QueryResult | None = None
    error: QueryError | None = None
    seconds: float = 0.0


def run_adhoc(runner: Runner, sql: str) -> Outcome:
    """Run one statement in the sandbox; a refusal or failure becomes part of the outcome, not an exception."""
    start = time.perf_counter()
    try:
        result = runner.run_sql(sql)
    except QueryError as exc:
        return Outcome(sql=sql, error=exc, seconds=time.perf_counter() - start)
    return Outcome(sql=sql, result=result, seconds=time.perf_counter() - start)


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    """Return the columns that hold numbers (booleans excluded), which can be a chart's values."""
    return [str(c) for c, dtype in frame.dtypes.items()
            if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)]


def suggest_chart(frame: pd.DataFrame) -> ChartSpec | None:
    """Suggest a bar chart of the first numeric column by the first other column; None when nothing fits."""
    values = numeric_columns(frame)
    labels = [str(c) for c in frame.columns if str(c) not in values]
    if not values or len(frame.columns) < 2:
        return None
    x = labels[0] if labels else str(frame.columns[0])
    y = next(c for c in values if c != x) if any(c != x for c in values) else None
    if y is None:
        return None
    kind = "line" if pd.api.types.is_datetime64_any_dtype(frame[x]) else "bar"
    return ChartSpec(type=kind, x=x, y=(y,))


def quick_chart(kind: str, x: str | None, y: list[str], color: str | None) -> ChartSpec | None:
    """Build the chart spec the user picked, or None when it lacks an x or a value column."""
    if kind not in QUICK_TYPES or not x or not y:
        return None
    values = tuple(c for c in y if c != x)
    if not values:
        return None
    if kind == "pie":
        values = values[:1]
    return ChartSpec(type=kind, x=x, y=values, color=color if color not in (x, *values) else None, stack=kind != "bar")
