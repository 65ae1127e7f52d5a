"""The one confined reader: every query a page, the screen, a download or a deck runs, bound to one snapshot and to
the visitor's townships, and the run context it is made from.

Scope is bound here and nowhere else: a query file's township parameters must hold one of the visitor's townships
(see `scoped.bind_scope`), and a city-wide list (`scope: city`) keyed by township hands back only the visitor's own
places, so the township and community lists of a township account hold its places without any caller filtering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Protocol

from dashboard.access.roles import Access
from dashboard.access.scoped import ScopeError, bind_scope, runs_in_scope
from dashboard.base.settings import Settings
from dashboard.engine.runner import QueryResult
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import QuerySpec
from dashboard.warehouse.editions import Edition

PLACE_COLUMN = "township_id"  # the column a city-wide list is confined by


class Runs(Protocol):
    """What the reader runs queries with: the engine's Runner."""

    settings: Settings

    def run(self, spec: QuerySpec, params: dict[str, Any] | None = None,
            snapshot_id: str | None = None) -> QueryResult: ...

    def run_sql(self, sql: str, snapshot_id: str | None = None) -> QueryResult: ...


@dataclass(frozen=True)
class Run:
    """What one page run reads: who, which snapshot, which day, which selection (built once by the app's frame)."""

    lang: str
    visitor: Access              # role and townships (townships None: the whole city)
    snapshot: str                # what this run reads: an edition's frozen snapshot, or the live one
    live: str                    # the live snapshot as the run began, whatever the run shows
    edition: Edition | None      # the edition shown, None for live data
    compared_with: Edition | None
    as_of: dt.date | None        # the one day the view is judged on (the shown snapshot's as-of date)
    selection: Scope             # period, township, area (capped to the shown edition's months)

    @property
    def townships(self) -> tuple[str, ...] | None:
        """Return the townships this run may read (None: the whole city)."""
        return self.visitor.townships


@dataclass(frozen=True)
class Reader:
    """Runs query files on one snapshot inside some townships (None: the whole city); free SQL only city-wide."""

    runner: Runs
    snapshot: str | None
    townships: tuple[str, ...] | None

    @classmethod
    def for_run(cls, run: Run, runner: Runs) -> Reader:
        """Return the reader of a page run: its snapshot, its visitor's townships."""
        return cls(runner, run.snapshot, run.townships)

    @property
    def settings(self) -> Settings:
        """Return the runner's settings."""
        return self.runner.settings

    @property
    def scoped(self) -> bool:
        """Say whether this reader is confined to some townships."""
        return self.townships is not None

    def on(self, snapshot: str | None) -> Reader:
        """Return the same reader on another snapshot (an edition compared with)."""
        return replace(self, snapshot=snapshot)

    def may_run(self, spec: QuerySpec) -> bool:
        """Say whether this reader may run a file at all (a confined one: only files it can bind or city-wide ones)."""
        return not self.scoped or runs_in_scope(spec)

    def bound(self, spec: QuerySpec, params: dict[str, Any]) -> dict[str, Any]:
        """Return the declared params the query will bind, checked against the townships (raises ScopeError)."""
        checked = bind_scope(spec, {k: v for k, v in params.items() if k in spec.params}, self.townships)
        return dict(sorted(checked.items()))

    def run(self, spec: QuerySpec, params: dict[str, Any] | None = None,
            snapshot_id: str | None = None) -> QueryResult:
        """Run a query file inside the townships, on this reader's snapshot (or the one given)."""
        result = self.runner.run(spec, self.bound(spec, dict(params or {})), snapshot_id or self.snapshot)
        return self.confined(spec, result)

    def confined(self, spec: QuerySpec, result: QueryResult) -> QueryResult:
        """Keep only the reader's own places in a city-wide list keyed by township."""
        frame = result.frame
        if self.townships is None or not spec.city_wide or PLACE_COLUMN not in frame.columns:
            return result
        mine = frame[frame[PLACE_COLUMN].isin(self.townships)].reset_index(drop=True)
        return replace(result, frame=mine)

    def run_sql(self, sql: str, snapshot_id: str | None = None) -> QueryResult:
        """Run free SQL for a whole-city reader; a confined one is refused, since no binding can confine it."""
        if self.scoped:
            raise ScopeError("ad-hoc SQL is for accounts without a township scope")
        return self.runner.run_sql(sql, snapshot_id or self.snapshot)
