"""The pillars' indicators: find them in the registry and turn query results into assessments (pure)."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.metrics.indicators import (
    Evaluation,
    PaceConfig,
    PillarScore,
    Point,
    TargetPath,
    evaluate,
    measured_baseline,
    pillar_score,
    score_history,
)
from dashboard.query.indicator_spec import IndicatorSpec
from dashboard.query.registry import Registry
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import PILLARS, QuerySpec

# Runs one query under given parameters; None means it failed (the caller has said so) and counts as no data.
Fetch = Callable[[QuerySpec, dict[str, Any]], "pd.DataFrame | None"]

PLAN_SHARE = "plan_share"
SAMPLE = "n"


@dataclass(frozen=True)
class Assessment:
    """One indicator under one selection: its usable series, the target path it is held to, and where it stands."""

    spec: QuerySpec
    points: tuple[Point, ...]
    evaluation: Evaluation
    plan_share: float | None = None
    hidden: int = 0  # periods left out because fewer than the minimum sample answered

    @property
    def indicator(self) -> IndicatorSpec:
        """Return the declared indicator block."""
        assert self.spec.indicator is not None
        return self.spec.indicator

    @property
    def apportioned(self) -> bool:
        """Return whether the city-wide target was scaled down to the selection's share of the plan."""
        return self.plan_share is not None and self.plan_share < 1.0


def indicator_specs(registry: Registry) -> dict[str, list[QuerySpec]]:
    """Return every indicator query by pillar, in pillar order and then display order."""
    found = sorted((s for s in registry.specs.values() if s.indicator), key=lambda s: (s.order, s.query_id))
    return {pillar: [s for s in found if s.indicator and s.indicator.pillar == pillar] for pillar in PILLARS}


def evaluation_day(as_of: dt.date, month_to: dt.date | None) -> dt.date:
    """Return the day indicators are judged on: the as-of date, or the end of an earlier selected month."""
    if month_to is None:
        return as_of
    last = month_to.replace(day=calendar.monthrange(month_to.year, month_to.month)[1])
    return min(as_of, last)


def series_points(frame: pd.DataFrame, min_sample: int) -> tuple[list[Point], int]:
    """Return (period, value) points with a value, dropping those with fewer than min_sample answers."""
    if frame.empty:
        return [], 0
    rows = frame.dropna(subset=["value"])
    small = rows[SAMPLE] < min_sample if SAMPLE in rows else pd.Series(False, index=rows.index)
    points = [(_as_date(p), float(v)) for p, v in zip(rows.loc[~small, "period"], rows.loc[~small, "value"],
                                                     strict=True)]
    return points, int(small.sum())


def plan_share_of(frame: pd.DataFrame) -> float | None:
    """Return the selection's share of the city-wide plan when the query reports one."""
    if PLAN_SHARE not in frame or frame[PLAN_SHARE].dropna().empty:
        return None
    return float(frame[PLAN_SHARE].dropna().iloc[0])


def target_path(indicator: IndicatorSpec, points: Sequence[Point], plan_share: float | None) -> TargetPath | None:
    """Return the straight path for the selection: declared values scaled by plan share, a measured baseline as is."""
    share = 1.0 if plan_share is None else plan_share
    if share <= 0:
        return None  # nothing of this plan falls in the selection
    baseline = indicator.baseline.value
    baseline = measured_baseline(points, indicator.baseline.date) if baseline is None else baseline * share
    if baseline is None:
        return None
    return TargetPath(baseline_value=baseline, baseline_date=indicator.baseline.date,
                      target_value=indicator.target.value * share, target_date=indicator.target.date,
                      higher_is_better=indicator.higher_is_better,
                      precision=indicator.target.precision if share == 1.0 else None)


def assess(spec: QuerySpec, frame: pd.DataFrame, today: dt.date, config: PaceConfig, min_sample: int) -> Assessment:
    """Evaluate one indicator query's result for the selection it was run under."""
    assert spec.indicator is not None, f"{spec.query_id} is not an indicator"
    points, hidden = series_points(frame, min_sample)
    share = plan_share_of(frame)
    path = target_path(spec.indicator, points, share)
    evaluation = evaluate(points, path, today, config) if path else Evaluation(status="no_data")
    return Assessment(spec=spec, points=tuple(points), evaluation=evaluation, plan_share=share, hidden=hidden)


def assess_pillars(registry: Registry, fetch: Fetch, scope: Scope, as_of: dt.date, config: PaceConfig,
                   min_sample: int) -> dict[str, list[Assessment]]:
    """Evaluate every indicator of every pillar under one selection, as the overview, CLI and decks all do."""
    today = evaluation_day(as_of, scope.month_to)
    assessed: dict[str, list[Assessment]] = {}
    for pillar, specs in indicator_specs(registry).items():
        assessed[pillar] = []
        for spec in specs:
            frame = fetch(spec, scope.params())
            assessed[pillar].append(assess(spec, frame, today, config, min_sample) if frame is not None
                                    else Assessment(spec=spec, points=(), evaluation=Evaluation(status="no_data")))
    return assessed


def pillar_summary(assessments: Sequence[Assessment], config: PaceConfig) -> tuple[PillarScore, list[Point]]:
    """Return a pillar's weighted score and status, and its score at every period for the sparkline."""
    score = pillar_score([(a.indicator.weight, a.evaluation) for a in assessments], config)
    history = score_history([(a.indicator.weight, a.points, a.evaluation.path) for a in assessments
                             if a.evaluation.path is not None and a.points])
    return score, history


def lag_key(evaluation: Evaluation) -> tuple[int, float]:
    """Sort key that puts what lags its path most first, met targets after, and no data last."""
    if evaluation.progress is None or evaluation.expected_progress is None:
        return (1, 0.0)
    if evaluation.status == "met" or evaluation.expected_progress <= 0:
        return (0, math.inf)
    return (0, evaluation.progress / evaluation.expected_progress)


def display_window(points: Sequence[Point], month_from: dt.date | None) -> list[Point]:
    """Return the points from the selected first month on; earlier ones still count for baseline and trend."""
    return [p for p in points if month_from is None or p[0] >= month_from]


def suppress_small(frame: pd.DataFrame, min_sample: int) -> pd.DataFrame:
    """Blank the value of rows answered by fewer than min_sample people, keeping the row and its n."""
    if SAMPLE not in frame or "value" not in frame:
        return frame
    shown = frame.copy()
    shown["value"] = shown["value"].astype(float).where(shown[SAMPLE] >= min_sample)
    return shown


def _as_date(value: object) -> dt.date:
    """Normalise a pandas or Python date-like to a date."""
    return pd.Timestamp(value).date()
