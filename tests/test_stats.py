"""Survey estimates on hand-computed cases: t quantiles, mean and Wilson intervals, suppression, reshaping."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.metrics.stats import estimates, estimates_wide, mean_interval, t_quantile, wilson_interval

# Two-sided 95% critical values of Student's t, from a printed table.
T_TABLE = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 10: 2.228, 29: 2.045, 30: 2.042, 100: 1.984}


@pytest.mark.parametrize(("df", "expected"), T_TABLE.items())
def test_t_quantile_matches_the_printed_table(df: int, expected: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=5e-4)


@pytest.mark.parametrize("df", [1, 2, 3, 7, 29, 30, 31, 120, 999])
@pytest.mark.parametrize("p", [0.9, 0.95, 0.975, 0.995])
def test_t_quantile_agrees_with_scipy_at_small_n(df: int, p: float) -> None:
    from scipy import stats as scipy_stats

    assert t_quantile(p, df) == pytest.approx(scipy_stats.t.ppf(p, df), rel=1e-12)


def test_interval_of_ten_million_answers_is_the_normal_one_and_immediate() -> None:
    # A cell of 10M answers: the t quantile is the normal one to 6 digits; a cost growing with n would hang here.
    n, mean, sd = 10_000_000, 3.8, 0.9
    total, total_sq = mean * n, (sd * sd * (n - 1) + mean * mean * n)
    cells = [mean_interval(n, total, total_sq, min_n=30) for _ in range(1000)]
    half = 1.959964 * sd / math.sqrt(n)
    assert cells[-1].low == pytest.approx(mean - half, rel=1e-6) and cells[-1].high == pytest.approx(mean + half,
                                                                                                     rel=1e-6)


def test_t_quantile_approaches_the_normal_quantile() -> None:
    assert t_quantile(0.975, 100_000) == pytest.approx(1.95997, abs=1e-4)
    assert t_quantile(0.995, 3) == pytest.approx(5.841, abs=5e-4)


def test_mean_interval_of_four_scores_by_hand() -> None:
    # Scores 2, 3, 3, 4: sum 12, sum of squares 38, mean 3, variance (38 - 144/4) / 3 = 2/3,
    # standard error sqrt(2/3 / 4) = 0.408248, half-width t(0.975, 3) * se = 3.182446 * 0.408248 = 1.299228.
    cell = mean_interval(4, 12, 38, min_n=2)
    assert not cell.suppressed
    assert cell.value == pytest.approx(3.0)
    assert cell.low == pytest.approx(3 - 1.299228, abs=1e-5)
    assert cell.high == pytest.approx(3 + 1.299228, abs=1e-5)


def test_identical_scores_have_a_zero_width_interval() -> None:
    cell = mean_interval(40, 160, 640, min_n=30)
    assert (cell.value, cell.low, cell.high) == (4.0, 4.0, 4.0)


def test_wilson_interval_three_of_ten_by_hand() -> None:
    # p = 0.3, z = 1.959964: centre (0.3 + z²/20) / (1 + z²/10) = 0.355507,
    # half z·sqrt(0.021 + z²/400) / (1 + z²/10) = 0.247715, so [10.78%, 60.32%].
    cell = wilson_interval(3, 10, min_n=2)
    centre, half = 0.355507, 0.247715
    assert cell.value == pytest.approx(30.0)
    assert cell.low == pytest.approx(100 * (centre - half), abs=1e-3)
    assert cell.high == pytest.approx(100 * (centre + half), abs=1e-3)


def test_wilson_interval_of_no_successes_stays_inside_zero_to_one() -> None:
    # 0 of 20: the Wald interval collapses to [0, 0]; Wilson gives [0, z²/(n + z²)] = [0, 16.11%].
    cell = wilson_interval(0, 20, min_n=2)
    z2 = 1.959964**2
    assert cell.low == pytest.approx(0.0, abs=1e-9)
    assert cell.high == pytest.approx(100 * z2 / (20 + z2), abs=1e-3)


@pytest.mark.parametrize(("n", "min_n", "hidden"), [(29, 30, True), (30, 30, False), (1, 1, True), (2, 1, False),
                                                    (0, 0, True)])
def test_cells_under_the_minimum_sample_are_suppressed(n: int, min_n: int, hidden: bool) -> None:
    score = mean_interval(n, 3 * n, 9 * n + 1, min_n=min_n)
    share = wilson_interval(n // 2, n, min_n=min_n)
    assert score.suppressed is hidden and share.suppressed is hidden
    if hidden:
        assert (score.value, score.low, share.value, share.high) == (None, None, None, None)
        assert score.n == n


def aggregates() -> pd.DataFrame:
    """Two townships' aggregates as a voice query returns them: one large enough, one not."""
    return pd.DataFrame({
        "township": ["甲街道", "乙镇"],
        "satisfaction_n": [4, 3], "satisfaction_sum": [12, 9], "satisfaction_sumsq": [38, 27],
        "recognises_work_n": [10, 3], "recognises_work_yes": [3, 1],
    })


def test_estimates_reads_the_measures_from_column_names_and_suppresses_small_cells() -> None:
    long = estimates(aggregates(), min_n=4)
    assert list(long.columns) == ["township", "measure", "scale", "n", "estimate", "ci_low", "ci_high", "suppressed"]
    rows = {(r.township, r.measure): r for r in long.itertuples()}
    assert set(rows) == {("甲街道", "satisfaction"), ("甲街道", "recognises_work"), ("乙镇", "satisfaction"),
                         ("乙镇", "recognises_work")}
    assert rows[("甲街道", "satisfaction")].scale == "score"
    assert rows[("甲街道", "satisfaction")].estimate == pytest.approx(3.0)
    assert rows[("甲街道", "recognises_work")].estimate == pytest.approx(30.0)
    assert rows[("乙镇", "satisfaction")].suppressed and math.isnan(rows[("乙镇", "satisfaction")].estimate)
    assert rows[("乙镇", "recognises_work")].n == 3


def test_estimates_treat_a_missing_sum_as_zero_answers() -> None:
    frame = pd.DataFrame({"month": ["2018-03"], "satisfaction_n": [0], "satisfaction_sum": [None],
                          "satisfaction_sumsq": [None]})
    row = estimates(frame, min_n=30).iloc[0]
    assert row["suppressed"] and row["n"] == 0


def test_wide_table_writes_estimates_and_says_why_a_cell_is_hidden() -> None:
    wide = estimates_wide(estimates(aggregates(), min_n=4), "样本不足 n<4")
    assert list(wide.columns) == ["township", "satisfaction", "recognises_work"]
    first, second = wide.to_dict("records")
    assert first["satisfaction"] == "3.00 [1.70, 4.30] n=4"
    assert first["recognises_work"].startswith("30.0% [10.8, 60.3] n=10")
    assert second["satisfaction"] == "样本不足 n<4 (n=3)"
