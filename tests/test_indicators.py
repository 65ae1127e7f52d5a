"""Pace, status, projection and pillar score on hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.base.settings import load_settings
from dashboard.metrics.indicators import (
    Evaluation,
    PaceConfig,
    TargetPath,
    evaluate,
    measured_baseline,
    pillar_score,
    projected_date,
    score_history,
)

START = dt.date(2018, 1, 1)
CONFIG = PaceConfig()  # on track >= 0.95 of expected progress, at risk >= 0.80, trend over 6 periods


def day(offset: int) -> dt.date:
    """Return START plus a number of days."""
    return START + dt.timedelta(days=offset)


def path(baseline: float, target: float, days: int = 100, higher: bool = True) -> TargetPath:
    """Return a path from baseline on START to target `days` later."""
    return TargetPath(baseline_value=baseline, baseline_date=START, target_value=target, target_date=day(days),
                      higher_is_better=higher)


def test_straight_path_expects_the_share_of_time_elapsed() -> None:
    line = path(20, 60)
    assert line.expected(day(25)) == 30  # a quarter of 100 days: 20 + 40 * 0.25
    assert line.expected(day(-10)) == 20  # before the baseline the path has not started
    assert line.expected(day(150)) == 60  # after the target date it stays at the target


@pytest.mark.parametrize(("current", "status"), [
    (48, "on_track"),   # (48-20)/40 = 0.70 of the way; 0.70 expected on day 70: ratio 1.0
    (44, "at_risk"),    # (44-20)/40 = 0.60; 0.60 / 0.70 = 0.857
    (40, "off_track"),  # (40-20)/40 = 0.50; 0.50 / 0.70 = 0.714
    (60, "met"),
])
def test_status_compares_progress_with_expected_progress(current: float, status: str) -> None:
    result = evaluate([(day(60), current)], path(20, 60), day(70), CONFIG)
    assert result.status == status
    assert result.expected == pytest.approx(48)
    assert result.expected_progress == pytest.approx(0.7)


def test_target_already_met_scores_100_and_needs_no_projection() -> None:
    result = evaluate([(day(0), 2), (day(31), 11)], path(0, 10), day(40), CONFIG)
    assert result.status == "met"
    assert result.progress == pytest.approx(1.1)
    assert result.score == 100  # clamped
    assert result.projected is None


def test_a_target_stated_to_a_precision_is_met_once_the_value_rounds_to_it() -> None:
    stated = TargetPath(baseline_value=0, baseline_date=START, target_value=30, target_date=day(100), precision=1)
    exact = TargetPath(baseline_value=0, baseline_date=START, target_value=30, target_date=day(100))
    points = [(day(0), 10.0), (day(60), 29.92)]  # 143 of 478 rural communities: the report's "30%"
    assert evaluate(points, stated, day(101), CONFIG).status == "met"
    assert evaluate(points, exact, day(101), CONFIG).status == "off_track"  # overdue, unmet
    assert evaluate([(day(0), 10.0), (day(60), 29.4)], stated, day(101), CONFIG).status == "off_track"


def test_lower_is_better() -> None:
    falling = path(20, 10, higher=False)  # half-way on day 50 means 15
    assert evaluate([(day(40), 15.2)], falling, day(50), CONFIG).status == "on_track"  # 0.48 / 0.5 = 0.96
    assert evaluate([(day(40), 16)], falling, day(50), CONFIG).status == "at_risk"  # 0.40 / 0.5 = 0.80, inclusive
    worse = evaluate([(day(40), 17)], falling, day(50), CONFIG)
    assert (worse.status, worse.progress) == ("off_track", pytest.approx(0.3))
    assert evaluate([(day(40), 9.5)], falling, day(50), CONFIG).status == "met"
    assert evaluate([(day(40), 21)], falling, day(50), CONFIG).score == 0  # went the wrong way: clamped at 0


def test_zero_baseline() -> None:
    result = evaluate([(day(20), 9)], path(0, 40), day(25), CONFIG)
    assert result.expected == pytest.approx(10)
    assert result.progress == pytest.approx(0.225)
    assert result.status == "at_risk"  # 0.225 / 0.25 = 0.9


def test_no_data_yet() -> None:
    assert evaluate([], path(0, 10), day(50), CONFIG) == Evaluation(status="no_data", path=path(0, 10))
    later_only = evaluate([(day(60), 5)], path(0, 10), day(50), CONFIG)
    assert later_only.status == "no_data" and later_only.score is None


def test_target_date_passed_without_reaching_it_is_off_track() -> None:
    result = evaluate([(day(110), 9.8)], path(0, 10), day(120), CONFIG)
    assert result.expected == 10
    assert result.status == "off_track"  # 0.98 of the way would be on track before the deadline
    assert evaluate([(day(90), 9.8)], path(0, 10), day(95), CONFIG).status == "on_track"


def test_flat_or_receding_trend_has_no_projected_date() -> None:
    flat = [(day(30 * i), 5.0) for i in range(6)]
    assert projected_date(flat, path(0, 10, days=400), periods=6) is None
    receding = [(day(30 * i), 5.0 - i) for i in range(6)]
    assert projected_date(receding, path(0, 10, days=400), periods=6) is None
    assert evaluate(flat, path(0, 10, days=400), day(160), CONFIG).projected is None
    creeping = [(day(0), 1.0), (day(100), 1.1)]  # 0.001 a day: 8.9 more take 8,900 days, beyond five years
    assert projected_date(creeping, path(0, 10, days=400), periods=6) is None
    assert projected_date(creeping, path(0, 10, days=400), periods=6, horizon_years=30) == day(100 + 8900)


def test_projected_date_extends_the_least_squares_trend_from_the_latest_value() -> None:
    # Slope 0.1 a day; from 3 at day 10 the remaining 7 take 70 days: day 80.
    assert projected_date([(day(0), 2), (day(10), 3)], path(0, 10), periods=6) == day(80)
    # Only the last two periods count: the early jump from 0 is outside the trend window.
    points = [(day(0), 0), (day(5), 2.5), (day(10), 3)]  # all three would give 0.3 a day: day 33
    assert projected_date(points, path(0, 10), periods=2) == day(80)
    # Least squares over (0, 1), (10, 1), (20, 4): slope 0.15 a day; (10 - 4) / 0.15 = 40 days after day 20.
    assert projected_date([(day(0), 1), (day(10), 1), (day(20), 4)], path(0, 10), periods=3) == day(60)


def test_falling_indicator_projects_when_it_falls() -> None:
    falling = path(20, 10, days=300, higher=False)
    assert projected_date([(day(0), 20), (day(10), 19)], falling, periods=6) == day(100)  # 9 more at 0.1 a day


def test_measured_baseline_is_the_first_value_from_the_baseline_month() -> None:
    points = [(dt.date(2017, 8, 1), 1.0), (dt.date(2017, 10, 1), 3.0), (dt.date(2017, 9, 1), 2.0)]
    assert measured_baseline(points, dt.date(2017, 9, 15)) == 2.0
    assert measured_baseline(points, dt.date(2017, 11, 1)) is None


def test_baseline_already_past_the_target_counts_only_met_or_not() -> None:
    above = TargetPath(baseline_value=4.5, baseline_date=START, target_value=4.2, target_date=day(100))
    assert above.progress(4.3) == 1.0
    assert above.progress(4.1) == 0.0


def test_pillar_score_weights_indicator_scores() -> None:
    half = Evaluation(status="on_track", progress=0.5, expected_progress=0.5)
    full = Evaluation(status="met", progress=1.2, expected_progress=0.5)
    score = pillar_score([(2, half), (1, full)], CONFIG)
    assert score.score == pytest.approx((2 * 50 + 1 * 100) / 3)
    assert score.status == "on_track"  # 0.667 / 0.5 > 0.95
    assert score.counts["met"] == 1 and score.counts["on_track"] == 1


def test_pillar_status_compares_weighted_progress_with_weighted_expectation() -> None:
    lagging = [(1, Evaluation(status="off_track", progress=0.3, expected_progress=0.6)),
               (1, Evaluation(status="on_track", progress=0.6, expected_progress=0.6)),
               (1, Evaluation(status="no_data"))]
    score = pillar_score(lagging, CONFIG)
    assert score.score == pytest.approx(45)  # the indicator without data is left out of the mean
    assert score.status == "off_track"  # 0.45 / 0.6 = 0.75
    assert score.counts == {"met": 0, "on_track": 1, "at_risk": 0, "off_track": 1, "no_data": 1}


def test_pillar_without_any_data() -> None:
    score = pillar_score([(1, Evaluation(status="no_data"))], CONFIG)
    assert (score.score, score.status) == (None, "no_data")


def test_score_history_uses_each_indicators_latest_value_by_then() -> None:
    a = (1.0, [(dt.date(2018, 1, 1), 5.0), (dt.date(2018, 3, 1), 10.0)], path(0, 10))
    b = (3.0, [(dt.date(2018, 2, 1), 20.0)], path(0, 40))
    history = score_history([a, b])
    assert history == [
        (dt.date(2018, 1, 1), 50.0),                        # only a reports: 5 of 10
        (dt.date(2018, 2, 1), pytest.approx((50 + 3 * 50) / 4)),
        (dt.date(2018, 3, 1), pytest.approx((100 + 3 * 50) / 4)),
    ]


def test_thresholds_come_from_one_config_overridable_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_PACE_ON_TRACK", "0.9")
    monkeypatch.setenv("DASHBOARD_TREND_PERIODS", "3")
    config = load_settings().pace
    assert (config.on_track, config.at_risk, config.trend_periods) == (0.9, 0.8, 3)
    # 0.60 / 0.70 = 0.857: at risk by default, on track once the on-track threshold is 0.85.
    assert evaluate([(day(60), 44)], path(20, 60), day(70), PaceConfig(on_track=0.85)).status == "on_track"
    with pytest.raises(ValueError, match="at_risk <= on_track"):
        PaceConfig(on_track=0.7, at_risk=0.8)
