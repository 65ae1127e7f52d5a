"""Pure maths of the pillars: progress to target, pace against a straight path, status, projection, score."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from dashboard.base.settings import PaceConfig

__all__ = ["PaceConfig"]  # set in Settings, used by every evaluation here

Point = tuple[dt.date, float]
STATUSES = ("met", "on_track", "at_risk", "off_track", "no_data")
# A trend this flat (value units per day) never reaches a target in any meaningful time.
_FLAT = 1e-9


@dataclass(frozen=True)
class TargetPath:
    """The straight line from a baseline (value, date) to a target (value, date)."""

    baseline_value: float
    baseline_date: dt.date
    target_value: float
    target_date: dt.date
    higher_is_better: bool = True
    precision: float | None = None

    def elapsed(self, day: dt.date) -> float:
        """Return the share of the time from baseline to target date that has passed on day, within 0..1."""
        span = (self.target_date - self.baseline_date).days
        return min(1.0, max(0.0, (day - self.baseline_date).days / span)) if span > 0 else 1.0

    def expected(self, day: dt.date) -> float:
        """Return the value the straight path expects on day."""
        return self.baseline_value + (self.target_value - self.baseline_value) * self.elapsed(day)

    def met(self, value: float) -> bool:
        """Return whether a value reaches the target in the good direction, at the precision the target is stated in."""
        if self.precision:
            value = round(value / self.precision) * self.precision
        return value >= self.target_value if self.higher_is_better else value <= self.target_value

    def progress(self, value: float) -> float:
        """Return the share of the way from baseline to target a value has come (may be < 0 or > 1)."""
        gap = self.target_value - self.baseline_value
        if gap == 0 or (gap > 0) != self.higher_is_better:
            return 1.0 if self.met(value) else 0.0  # a baseline already at or past the target gives no scale
        return (value - self.baseline_value) / gap


@dataclass(frozen=True)
class Evaluation:
    """Where one indicator stands on a day: current value, expected value, progress, status, projection."""

    status: str
    current: float | None = None
    period: dt.date | None = None
    expected: float | None = None
    progress: float | None = None
    expected_progress: float | None = None
    projected: dt.date | None = None
    path: TargetPath | None = None

    @property
    def score(self) -> float | None:
        """Return progress as a 0–100 score (clamped), or None without data."""
        return None if self.progress is None else 100.0 * min(1.0, max(0.0, self.progress))


def measured_baseline(points: Sequence[Point], day: dt.date) -> float | None:
    """Return the first value at or after the baseline date's month, or None when there is none."""
    month = day.replace(day=1)
    return next((value for period, value in sorted(points) if period >= month), None)


def pace_status(path: TargetPath, current: float, today: dt.date, config: PaceConfig) -> str:
    """Classify: met, overdue (off track), not yet due (on track), else by progress against expected progress."""
    if path.met(current):
        return "met"
    if today > path.target_date:
        return "off_track"
    expected = path.elapsed(today)
    if expected <= 0:
        return "on_track"
    ratio = path.progress(current) / expected
    if ratio >= config.on_track:
        return "on_track"
    return "at_risk" if ratio >= config.at_risk else "off_track"


def trend_slope(points: Sequence[Point]) -> float | None:
    """Return the least-squares slope of value per day, or None with fewer than two distinct periods."""
    xs = [p.toordinal() for p, _ in points]
    ys = [v for _, v in points]
    if len(set(xs)) < 2:
        return None
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx


def projected_date(points: Sequence[Point], path: TargetPath, periods: int, horizon_years: int = 5) -> dt.date | None:
    """Return when the recent trend reaches the target from the latest value; None when flat, moving away or
    beyond the horizon."""
    recent = sorted(points)[-periods:]
    if not recent or path.met(recent[-1][1]):
        return None
    slope = trend_slope(recent)
    if slope is None or abs(slope) < _FLAT or (slope > 0) != path.higher_is_better:
        return None
    last_period, last_value = recent[-1]
    days = (path.target_value - last_value) / slope
    if days > 365.25 * horizon_years:
        return None
    return last_period + dt.timedelta(days=round(days))


def evaluate(points: Sequence[Point], path: TargetPath, today: dt.date, config: PaceConfig) -> Evaluation:
    """Evaluate a series (periods up to today) against its target path."""
    known = sorted((p, v) for p, v in points if p <= today)
    if not known:
        return Evaluation(status="no_data", path=path)
    period, current = known[-1]
    return Evaluation(status=pace_status(path, current, today, config), current=current, period=period,
                      expected=path.expected(today), progress=path.progress(current),
                      expected_progress=path.elapsed(today),
                      projected=projected_date(known, path, config.trend_periods, config.horizon_years), path=path)


@dataclass(frozen=True)
class PillarScore:
    """A pillar's weighted 0–100 score, its status, and how many indicators are in each status."""

    score: float | None
    status: str
    counts: dict[str, int] = field(default_factory=dict)


def pillar_score(items: Sequence[tuple[float, Evaluation]], config: PaceConfig) -> PillarScore:
    """Weight indicator scores into a pillar score; its status compares weighted progress with expected progress."""
    counts = {s: sum(1 for _, e in items if e.status == s) for s in STATUSES}
    scored = [(w, e) for w, e in items if e.score is not None and e.expected_progress is not None]
    if not scored:
        return PillarScore(score=None, status="no_data", counts=counts)
    total = sum(w for w, _ in scored)
    score = sum(w * e.score for w, e in scored) / total
    if all(e.status == "met" for _, e in scored):
        return PillarScore(score=score, status="met", counts=counts)
    expected = sum(w * e.expected_progress for w, e in scored) / total
    ratio = (score / 100) / expected if expected > 0 else 1.0
    status = "on_track" if ratio >= config.on_track else "at_risk" if ratio >= config.at_risk else "off_track"
    return PillarScore(score=score, status=status, counts=counts)


def score_history(series: Sequence[tuple[float, Sequence[Point], TargetPath]]) -> list[Point]:
    """Return the pillar score at every period any indicator reports, each using its latest value by then."""
    periods = sorted({p for _, points, _ in series for p, _ in points})
    history = []
    for period in periods:
        total = weighted = 0.0
        for weight, points, path in series:
            latest = [v for p, v in sorted(points) if p <= period]
            if latest:
                total += weight
                weighted += weight * 100.0 * min(1.0, max(0.0, path.progress(latest[-1])))
        if total:
            history.append((period, weighted / total))
    return history
