"""Run-time checks of query files: each runs on the warehouse and returns the columns its chart reads."""

from __future__ import annotations

from pathlib import Path

from dashboard.engine.runner import QueryError, Runner
from dashboard.query.registry import Registry
from dashboard.query.sqlfile import QuerySpec


def check_spec(spec: QuerySpec, runner: Runner) -> str | None:
    """Run one spec with its defaults; return a problem naming the file, or None when it is fine."""
    try:
        result = runner.run(spec)
    except QueryError as exc:
        return f"{spec.path}: SQL error: {exc}"
    missing = [c for c in spec.chart.columns() if c not in result.frame.columns]
    if missing:
        found = list(result.frame.columns)
        return f"{spec.path}: chart column(s) {missing} not in the result columns {found}"
    return None


def problems_by_query(registry: Registry, runner: Runner) -> dict[str, str]:
    """Return each failing query id's problem: its file's parse error, else what running it found."""
    problems = {query_id: str(err) for query_id, err in registry.errors.items()}
    for query_id, spec in registry.specs.items():
        problem = check_spec(spec, runner)
        if problem:
            problems[query_id] = problem
    return problems


def check_registry(registry: Registry, runner: Runner) -> list[str]:
    """Return every problem of every query file once: parse errors first, then run-time ones."""
    return list(dict.fromkeys(problems_by_query(registry, runner).values()))


def file_of(registry: Registry, query_id: str) -> Path:
    """Return the file a query id comes from (a variant's is the file that declares it)."""
    spec = registry.specs.get(query_id)
    return spec.path if spec is not None else Path(registry.errors[query_id].path)
