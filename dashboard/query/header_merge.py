"""Merge a folder's header defaults (queries/folders.yaml) into one query file's own header."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from dashboard.query.sqlfile import ParamSpec


def with_folder_params(own: dict[str, ParamSpec], usual: Mapping[str, ParamSpec] | None,
                       sql: str) -> dict[str, ParamSpec]:
    """Return the folder's usual parameters the SQL uses and the file does not declare, then the file's own."""
    if not usual:
        return own
    try:
        used = set(duckdb.extract_statements(sql)[0].named_parameters)
    except (duckdb.Error, IndexError):
        return own  # _check_sql reports SQL that does not parse
    return {**{name: spec for name, spec in usual.items() if name in used and name not in own}, **own}


def with_folder_labels(own: dict[str, Any], usual: Mapping[str, dict[str, str]] | None) -> dict[str, Any]:
    """Add the folder's column labels to a chart's own, leaving out one that reads as a column the file names.

    Two columns of one table must not read the same: a folder's `published_value` (Published) is left out of a
    file that calls its own `published` column Published.
    """
    taken = {name for names in own.values() if isinstance(names, dict) for name in names.values()}
    added = {column: names for column, names in (usual or {}).items()
             if column not in own and not taken & set(names.values())}
    return {**added, **own}


def deep_merged(under: Mapping[str, Any] | None, over: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return `over` with the keys it leaves out taken from `under`, mappings merged key by key all the way down.

    The keys `over` states come first, so a deeper folder (or a file) also sets the order of what it names.
    """
    under, over = under or {}, over or {}
    merged = {key: deep_merged(under[key], value) if isinstance(value, dict) and isinstance(under.get(key), dict)
              else value for key, value in over.items()}
    return {**merged, **{key: value for key, value in under.items() if key not in over}}
