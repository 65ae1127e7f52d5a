"""Warm-up: before a new snapshot goes live, run what its first viewers would run and keep the results on disk.

In order, until the time budget (DASHBOARD_WARM_SECONDS) runs out:
1. each page's queries under the default selection, in every language, and the overview's pillar assessment;
2. the township breakdown of the indicator the overview opens on (the one most behind its path);
3. every run stored for the previous snapshot (what readers actually opened), replayed on the new one;
4. the township breakdown of every other indicator.
What does not fit simply runs on first view, as without a warm-up.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.base.i18n import LANGS
from dashboard.base.settings import Settings
from dashboard.engine.runner import QueryError, Runner
from dashboard.metrics.pillars import Assessment, assess_pillars, lag_key
from dashboard.query.params import initial_values
from dashboard.query.registry import Registry, load_registry
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import PILLARS, QuerySpec
from dashboard.warehouse.result_store import ResultStore

Job = tuple[QuerySpec, dict[str, Any]]


class _OutOfTime(Exception):
    """Raised inside the warm-up when its time budget is spent."""


@dataclass
class WarmReport:
    """What a warm-up did: runs computed or already stored, failures, and the seconds it took."""

    runs: int = 0
    failed: int = 0
    seconds: float = 0.0
    finished: bool = True

    def line(self) -> str:
        """Describe the warm-up in one line for the CLI and logs."""
        end = "" if self.finished else f", stopped at the {self.seconds:.0f} s budget"
        return f"warm-up: {self.runs} query runs computed or read back for the new snapshot in {self.seconds:.1f} s" \
               f"{f', {self.failed} failed' if self.failed else ''}{end}"


class _Warmer:
    """Runs jobs on one snapshot through a stored-results runner until the deadline."""

    def __init__(self, settings: Settings, snapshot_id: str, registry: Registry) -> None:
        self.settings, self.snapshot_id, self.registry = settings, snapshot_id, registry
        self.runner = Runner(settings, store=ResultStore(settings))
        self.deadline = time.monotonic() + settings.warm_seconds
        self.report = WarmReport()

    def fetch(self, spec: QuerySpec, params: dict[str, Any]) -> pd.DataFrame | None:
        """Run one job (a stored one is only read back); None when the query fails, as on the page."""
        if time.monotonic() >= self.deadline:
            raise _OutOfTime
        self.report.runs += 1
        try:
            return self.runner.run(spec, params, snapshot_id=self.snapshot_id).frame
        except QueryError:
            self.report.failed += 1
            return None

    def frame(self, query_id: str, params: dict[str, Any] | None = None) -> pd.DataFrame | None:
        """Run a query by id, None when it is not registered or fails."""
        spec = self.registry.specs.get(query_id)
        return None if spec is None else self.fetch(spec, params or {})


def _as_of(warmer: _Warmer) -> dt.date | None:
    """Return the snapshot's as-of date, as the overview reads it."""
    info = warmer.frame("reference/snapshot")
    return pd.Timestamp(info["as_of"].iloc[0]).date() if info is not None and len(info) else None


def _page_jobs(registry: Registry, scope: Scope) -> Iterator[Job]:
    """Yield every query under a selection, bound both ways pages bind it (widget pre-fill and sidebar values)."""
    for spec in sorted(registry.specs.values(), key=lambda s: s.query_id):
        yield spec, initial_values(spec, scope)
        yield spec, scope.params()


def _township_jobs(warmer: _Warmer, assessment: Assessment, scope: Scope) -> Iterator[Job]:
    """Yield an indicator's run per township and its community companion, as the overview's detail runs them."""
    towns = warmer.frame("reference/townships", {"lang": scope.lang})
    for township in [] if towns is None else towns["township_id"]:
        yield assessment.spec, {**scope.params(), "township": township}
    companion = assessment.indicator.communities
    if companion and companion in warmer.registry.specs:
        yield warmer.registry.specs[companion], scope.params()


def warm(settings: Settings, snapshot_id: str, base_id: str | None = None) -> WarmReport:
    """Fill the result store of snapshot_id (not yet live) within the time budget, and say what was done."""
    start = time.monotonic()
    registry = load_registry(settings.queries_dir)
    warmer = _Warmer(settings, snapshot_id, registry)
    later: list[tuple[Assessment, Scope]] = []
    try:
        as_of = _as_of(warmer)
        for lang in LANGS:
            scope = Scope(lang=lang)
            if as_of is not None:
                assessed = assess_pillars(registry, warmer.fetch, scope, as_of, settings.pace,
                                          settings.min_sample)
                ranked = sorted((a for p in PILLARS for a in assessed[p]), key=lambda a: lag_key(a.evaluation))
                for job in _township_jobs(warmer, ranked[0], scope) if ranked else ():
                    warmer.fetch(*job)
                later += [(a, scope) for a in ranked[1:]]
            for job in _page_jobs(registry, scope):
                warmer.fetch(*job)
        store = warmer.runner.store
        for query_id, params in list(store.entries(base_id)) if store and base_id else []:
            if query_id in registry.specs:
                warmer.fetch(registry.specs[query_id], params)
        for assessment, scope in later:
            for job in _township_jobs(warmer, assessment, scope):
                warmer.fetch(*job)
    except _OutOfTime:
        warmer.report.finished = False
    finally:
        warmer.runner.close()
    warmer.report.seconds = time.monotonic() - start
    return warmer.report


def warm_before_publish(settings: Settings, snapshot_id: str, base_id: str | None) -> None:
    """The step the app and the CLI register with the writer: warm the new snapshot and say so on stderr."""
    print(warm(settings, snapshot_id, base_id).line(), file=sys.stderr)
