"""The township binding rule the one reader (dashboard.access.reader) applies to every query it runs.

A query file either takes a `township` parameter, which must then hold one of the account's townships, or
declares `scope: city` because it shows only city-wide facts anyone may read (the report's published
figures, the months of the programme). Any other file is refused, so a new query an analyst adds is closed
to township accounts until it filters by township. Free SQL cannot be bound and is refused outright.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dashboard.engine.runner import QueryError
from dashboard.query.sqlfile import QuerySpec


class ScopeError(QueryError):
    """A query would read beyond the account's townships; the message says which file and why."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message, "scope", **details)


def township_params(spec: QuerySpec) -> list[str]:
    """Return the names of a file's township parameters."""
    return [name for name, p in spec.params.items() if p.type == "township"]


def runs_in_scope(spec: QuerySpec) -> bool:
    """Say whether a township-confined account may run this file at all (with its township bound)."""
    return spec.city_wide or bool(township_params(spec))


def bind_scope(spec: QuerySpec, params: dict[str, Any], townships: Sequence[str] | None) -> dict[str, Any]:
    """Return params unchanged when they stay inside the townships (None: the whole city), else raise ScopeError.

    The values checked are the ones the runner will bind: given values over the file's defaults.
    """
    if townships is None or spec.city_wide:
        return params
    names = township_params(spec)
    if not names:
        raise ScopeError(f"queries/{spec.query_id}.sql has no township parameter, so it cannot be limited to "
                         f"your townships", query=spec.query_id)
    for name in names:
        value = params.get(name, spec.params[name].default)
        if value not in townships:
            raise ScopeError(f"queries/{spec.query_id}.sql: township {value or '(all)'} is outside your "
                             f"townships ({', '.join(townships)})", query=spec.query_id, township=value)
    return params
