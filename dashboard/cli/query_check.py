"""Run-time checks of query files: each runs on the warehouse and returns the columns its chart reads."""

from __future__ import annotations

from dashboard.engine.runner import QueryError, Runner
from dashboard.metrics.pillars import companion_problems
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


def check_registry(registry: Registry, runner: Runner) -> list[str]:
    """Return every problem of every query file: parse errors first, then run-time ones."""
    problems = [str(err) for err in registry.errors.values()] + companion_problems(registry)
    for spec in registry.specs.values():
        problem = check_spec(spec, runner)
        if problem:
            problems.append(problem)
    return problems
