"""What changed between two meeting editions: pillar scores, indicators and their status, townships (pure).

An edition is judged on its own snapshot and its own date. Under an edition the selection's last month is the
edition's month (unless the edition is judged on its snapshot's as-of date), so every query and every pace
judgement sees the data as the meeting saw it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.engine.runner import QueryError, Runner
from dashboard.metrics.indicators import PaceConfig
from dashboard.metrics.pillars import Assessment, assess_pillars, pillar_summary
from dashboard.query.registry import Registry
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import QuerySpec
from dashboard.warehouse.editions import Edition


def edition_scope(scope: Scope, edition: Edition, snapshot_as_of: dt.date) -> Scope:
    """Return the selection as the edition sees it: no month after the edition's, judged on its day."""
    if edition.as_of >= snapshot_as_of:
        return scope
    last = edition.as_of.replace(day=1)
    month_to = last if scope.month_to is None else min(scope.month_to, last)
    month_from = scope.month_from if scope.month_from is None or scope.month_from <= month_to else month_to
    return replace(scope, month_from=month_from, month_to=month_to)


def list_editions(runner: Runner, registry: Registry) -> list[Edition]:
    """Return every edition the live snapshot records, oldest first."""
    rows = runner.run(registry.get("reference/editions")).frame
    return [Edition(str(r.edition_id), str(r.name), pd.Timestamp(r.as_of).date(), str(r.snapshot_id))
            for r in rows.itertuples(index=False)]


def previous_edition(editions: Sequence[Edition], edition: Edition) -> Edition | None:
    """Return the latest edition judged before this one, or None for the first."""
    earlier = [e for e in editions if (e.as_of, e.edition_id) < (edition.as_of, edition.edition_id)]
    return max(earlier, key=lambda e: (e.as_of, e.edition_id)) if earlier else None


def snapshot_as_of(runner: Runner, registry: Registry, snapshot_id: str) -> dt.date:
    """Return the as-of date of one snapshot."""
    row = runner.run(registry.get("reference/snapshot"), snapshot_id=snapshot_id).frame.iloc[0]
    return pd.Timestamp(row["as_of"]).date()


def assess_edition(runner: Runner, registry: Registry, edition: Edition, scope: Scope, config: PaceConfig,
                   min_sample: int) -> dict[str, list[Assessment]]:
    """Evaluate every indicator as the edition saw it: its snapshot, its last month, judged on its day.

    A query that fails counts as no data, as on the overview; callers that must refuse a partial score check
    the statuses.
    """
    seen = edition_scope(scope, edition, snapshot_as_of(runner, registry, edition.snapshot_id))

    def fetch(spec: QuerySpec, params: dict) -> pd.DataFrame | None:
        try:
            return runner.run(spec, params, snapshot_id=edition.snapshot_id).frame
        except QueryError:
            return None

    return assess_pillars(registry, fetch, seen, edition.as_of, config, min_sample)


def difference(now: float | None, before: float | None) -> float | None:
    """Return now minus before, or None when either is missing (nothing to compare)."""
    return None if now is None or before is None else now - before


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator in two editions: its value, progress and status then and now."""

    query_id: str
    pillar: str
    value_before: float | None
    value_now: float | None
    progress_before: float | None
    progress_now: float | None
    status_before: str
    status_now: str

    @property
    def value_change(self) -> float | None:
        """Return now minus before, or None when either is missing."""
        return difference(self.value_now, self.value_before)

    @property
    def status_changed(self) -> bool:
        """Say whether the status moved (有风险 → 按计划, or back)."""
        return self.status_before != self.status_now


@dataclass(frozen=True)
class PillarChange:
    """One pillar's weighted score and status in two editions."""

    pillar: str
    score_before: float | None
    score_now: float | None
    status_before: str
    status_now: str

    @property
    def score_change(self) -> float | None:
        """Return now minus before, or None when either is missing."""
        return difference(self.score_now, self.score_before)


def compare_indicators(now: dict[str, list[Assessment]],
                       before: dict[str, list[Assessment]]) -> list[IndicatorChange]:
    """Pair each indicator of now with the same query in before (missing there: no data), in now's order."""
    earlier = {a.spec.query_id: a for assessed in before.values() for a in assessed}
    changes = []
    for pillar, assessed in now.items():
        for current in assessed:
            previous = earlier.get(current.spec.query_id)
            was = previous.evaluation if previous else None
            changes.append(IndicatorChange(
                query_id=current.spec.query_id, pillar=pillar,
                value_before=was.current if was else None, value_now=current.evaluation.current,
                progress_before=was.progress if was else None, progress_now=current.evaluation.progress,
                status_before=was.status if was else "no_data", status_now=current.evaluation.status))
    return changes


def compare_pillars(now: dict[str, list[Assessment]], before: dict[str, list[Assessment]],
                    config: PaceConfig) -> list[PillarChange]:
    """Return each pillar's score and status in both editions."""
    changes = []
    for pillar, assessed in now.items():
        score_now = pillar_summary(assessed, config)[0]
        score_before = pillar_summary(before.get(pillar, []), config)[0]
        changes.append(PillarChange(pillar=pillar, score_before=score_before.score, score_now=score_now.score,
                                    status_before=score_before.status, status_now=score_now.status))
    return changes


def mean_score(assessed: dict[str, list[Assessment]]) -> float | None:
    """Return the plain mean of the indicators' 0–100 scores, the yardstick townships are ranked by."""
    scores = [a.evaluation.score for items in assessed.values() for a in items if a.evaluation.score is not None]
    return sum(scores) / len(scores) if scores else None


def township_moves(now: dict[str, float | None], before: dict[str, float | None],
                   limit: int = 5) -> list[tuple[str, float]]:
    """Return the townships whose mean score moved most (either way), largest move first."""
    moved = [(tid, score - before[tid]) for tid, score in now.items()
             if score is not None and before.get(tid) is not None]
    return sorted(moved, key=lambda item: (-abs(item[1]), item[0]))[:limit]


def status_moves(changes: Sequence[IndicatorChange]) -> list[IndicatorChange]:
    """Return the indicators whose status changed, in the order given."""
    return [c for c in changes if c.status_changed]
