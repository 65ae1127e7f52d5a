"""What a meeting deck states about one edition against the previous one, gathered once from the meeting core.

The edition's numbers come from its own frozen snapshot, judged on its own day; the follow-ups come from the
runner's snapshot (the live one), because a meeting's follow-ups are recorded after its edition is frozen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from dashboard.engine.runner import QueryError, Runner
from dashboard.metrics.indicators import Evaluation, PaceConfig
from dashboard.metrics.meeting import (
    IndicatorChange,
    PillarChange,
    compare_indicators,
    compare_pillars,
    edition_scope,
    list_editions,
    mean_score,
    previous_edition,
    snapshot_as_of,
    township_moves,
)
from dashboard.metrics.pillars import Assessment, assess_pillars, lag_key
from dashboard.query.registry import Registry
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import QuerySpec
from dashboard.warehouse.editions import Edition

LAGGING_STATUSES = ("off_track", "at_risk")  # the deck lists both, off track first, and says so in its title
LAGGING_TOWNSHIPS = 3
TOWNSHIPS_MOVED = 5
FOLLOW_UPS_DUE = ("overdue", "open")

Assessed = dict[str, list[Assessment]]


@dataclass(frozen=True)
class LaggingIndicator:
    """An off-track or at-risk indicator of the edition, with the townships that lag its path most."""

    assessment: Assessment
    pillar: str
    townships: tuple[tuple[str, Evaluation], ...]  # (township name, its evaluation), most lagging first


@dataclass(frozen=True)
class MeetingFacts:
    """Everything a meeting deck shows, in no language yet."""

    edition: Edition
    previous: Edition | None
    scope: Scope
    pillars: list[PillarChange]
    failed: dict[str, tuple[str, ...]]
    indicators: list[IndicatorChange]
    lagging: list[LaggingIndicator]
    townships_moved: list[tuple[str, float | None, float | None, float]]  # name, before, now, change
    works: pd.DataFrame
    key_projects: pd.DataFrame
    follow_ups: pd.DataFrame
    follow_ups_done: int


def resolve_edition(runner: Runner, registry: Registry, edition_id: str | None) -> str:
    """Return the given edition id after checking it exists, or the latest edition's; ValueError names the choices."""
    editions = list_editions(runner, registry)
    if not editions:
        raise ValueError("the warehouse has no edition yet; create one with `python -m dashboard edition create`")
    if edition_id is None:
        return editions[-1].edition_id
    if edition_id not in {e.edition_id for e in editions}:
        raise ValueError(f"no edition {edition_id!r}; choose from {[e.edition_id for e in editions]}")
    return edition_id


def _assess(runner: Runner, registry: Registry, edition: Edition, scope: Scope, config: PaceConfig,
            min_sample: int) -> tuple[Assessed, dict[str, list[str]]]:
    """Assess every indicator as the edition saw it (as `assess_edition` does), noting failed files per pillar."""
    failed: dict[str, list[str]] = {}

    def fetch(spec: QuerySpec, params: dict) -> pd.DataFrame | None:
        try:
            return runner.run(spec, params, snapshot_id=edition.snapshot_id).frame
        except QueryError:
            assert spec.indicator is not None
            failed.setdefault(spec.indicator.pillar, []).append(spec.label(scope.lang))  # its name, not its file
            return None

    return assess_pillars(registry, fetch, scope, edition.as_of, config, min_sample), failed


def _townships(runner: Runner, registry: Registry, scope: Scope, snapshot_id: str) -> list[tuple[str, str]]:
    """Return (id, name) of the townships the selection covers; a confined reader's list holds only its own."""
    towns = runner.run(registry.get("reference/townships"), {"lang": scope.lang}, snapshot_id=snapshot_id).frame
    keep = [(str(i), str(n)) for i, n, a in zip(towns["township_id"], towns["township"], towns["area"], strict=True)
            if (scope.township is None or i == scope.township) and (scope.area is None or a == scope.area)]
    return sorted(keep)


def _lagging(assessed: Assessed, by_township: dict[str, tuple[str, Assessed]]) -> list[LaggingIndicator]:
    """Return the off-track, then at-risk indicators, each with its most lagging townships (met and empty left out)."""
    found = []
    for pillar, items in assessed.items():
        for item in items:
            if item.evaluation.status not in LAGGING_STATUSES:
                continue
            query_id = item.spec.query_id
            towns = [(name, a.evaluation) for name, town in by_township.values()
                     for a in town.get(pillar, []) if a.spec.query_id == query_id
                     and a.plan_share != 0 and a.evaluation.status in LAGGING_STATUSES]
            towns.sort(key=lambda t: (lag_key(t[1]), t[0]))
            found.append(LaggingIndicator(item, pillar, tuple(towns[:LAGGING_TOWNSHIPS])))
    found.sort(key=lambda x: LAGGING_STATUSES.index(x.assessment.evaluation.status))  # stable: pillar order kept
    return found


def _moves(now: dict[str, tuple[str, Assessed]], before: dict[str, tuple[str, Assessed]],
           ) -> list[tuple[str, float | None, float | None, float]]:
    """Return the townships whose mean indicator score moved most between the editions, with both scores."""
    now_scores = {tid: mean_score(a) for tid, (_, a) in now.items()}
    before_scores = {tid: mean_score(a) for tid, (_, a) in before.items()}
    return [(now[tid][0], before_scores[tid], now_scores[tid], move)
            for tid, move in township_moves(now_scores, before_scores, TOWNSHIPS_MOVED)]


def _records(runner: Runner, registry: Registry, edition: Edition, previous: Edition | None,
             scope: Scope, seen: Scope) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the works between the editions, the key projects and the follow-ups as of the edition's day."""
    lang, snap = scope.lang, edition.snapshot_id
    works = (runner.run(registry.get("meeting/works_since"),
                        {"since": previous.as_of, "until": edition.as_of, "township": scope.township,
                         "area": scope.area, "lang": lang}, snapshot_id=snap).frame
             if previous else pd.DataFrame())
    projects = runner.run(registry.get("renovation/key_project_timeline"), {**seen.params(), "lang": lang},
                          snapshot_id=snap).frame
    follow_ups = runner.run(registry.get("meeting/follow_ups"),
                            {"judged_on": edition.as_of, "township": scope.township, "lang": lang}).frame
    return works, projects, follow_ups


def gather_meeting(runner: Runner, registry: Registry, edition_id: str, scope: Scope, config: PaceConfig,
                   min_sample: int) -> MeetingFacts:
    """Gather the facts of one edition's deck under the briefing's filters, against the previous edition."""
    editions = list_editions(runner, registry)
    edition = next(e for e in editions if e.edition_id == resolve_edition(runner, registry, edition_id))
    previous = previous_edition(editions, edition)
    seen = edition_scope(scope, edition, snapshot_as_of(runner, registry, edition.snapshot_id))
    now, failed = _assess(runner, registry, edition, seen, config, min_sample)
    before = _assess(runner, registry, previous, edition_scope(scope, previous, snapshot_as_of(
        runner, registry, previous.snapshot_id)), config, min_sample)[0] if previous else {}
    towns = _townships(runner, registry, scope, edition.snapshot_id)
    by_town = {tid: (name, _assess(runner, registry, edition, replace(seen, township=tid), config, min_sample)[0])
               for tid, name in towns}
    towns_before = {}
    if previous:
        earlier = edition_scope(scope, previous, snapshot_as_of(runner, registry, previous.snapshot_id))
        towns_before = {tid: (name, _assess(runner, registry, previous, replace(earlier, township=tid), config,
                                            min_sample)[0]) for tid, name in towns}
    works, projects, follow_ups = _records(runner, registry, edition, previous, scope, seen)
    due = follow_ups[follow_ups["status"].isin(FOLLOW_UPS_DUE)].reset_index(drop=True)
    return MeetingFacts(
        edition=edition, previous=previous, scope=seen,
        pillars=compare_pillars(now, before, config), failed={p: tuple(f) for p, f in failed.items()},
        indicators=compare_indicators(now, before), lagging=_lagging(now, by_town),
        townships_moved=_moves(by_town, towns_before), works=works, key_projects=projects, follow_ups=due,
        follow_ups_done=int((follow_ups["status"] == "done").sum()))

