"""Parameter values for a query file: declared defaults, pre-filled from the global filters of the same name."""

from __future__ import annotations

from typing import Any

from dashboard.query.scope import Scope
from dashboard.query.sqlfile import ParamSpec, QuerySpec

# Parameter types that get a widget; `lang` always follows the UI language instead.
WIDGET_TYPES = ("date", "month", "number", "integer", "text", "bool", "choice", "township", "community", "area")


def widget_params(spec: QuerySpec) -> list[ParamSpec]:
    """Return the parameters a reader sets with a widget, in declared order."""
    return [p for p in spec.params.values() if p.type in WIDGET_TYPES]


def initial_values(spec: QuerySpec, scope: Scope) -> dict[str, Any]:
    """Return each parameter's starting value: a selected global filter of the same name, else its default."""
    selected = {k: v for k, v in scope.params().items() if v is not None}
    values = {name: selected.get(name, p.default) for name, p in spec.params.items()}
    for name, p in spec.params.items():
        if p.type == "lang":
            values[name] = scope.lang
    return values


def township_for_communities(spec: QuerySpec, values: dict[str, Any], scope: Scope) -> str | None:
    """Return the township a community picker narrows to: the query's own township parameter, else the sidebar's."""
    own = [p.name for p in spec.params.values() if p.type == "township"]
    return values.get(own[0]) if own else scope.township
