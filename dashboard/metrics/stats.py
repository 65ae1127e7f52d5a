"""Survey estimates from SQL aggregates: t intervals for 1–5 score means, Wilson intervals for shares, suppression.

SQL returns per cell `n`, `sum` and `sum of squares` (scores) or `n` and `yes` (shares); nothing here ever sees a
respondent row, and the quantiles come from SciPy, whose cost does not grow with n.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from scipy import stats as scipy_stats

LEVEL = 0.95
SCORE_SUFFIXES = ("_n", "_sum", "_sumsq")
SHARE_SUFFIXES = ("_n", "_yes")


@dataclass(frozen=True)
class Estimate:
    """One cell: sample size, point estimate and interval; all None when the cell is suppressed or empty."""

    n: int
    value: float | None
    low: float | None
    high: float | None
    suppressed: bool


def t_quantile(p: float, df: int) -> float:
    """Return the p-quantile of Student's t with df degrees of freedom (SciPy: the same cost at any df)."""
    return float(scipy_stats.t.ppf(p, df))


def is_suppressed(n: int, min_n: int) -> bool:
    """Say whether a cell is too small to show: fewer than min_n answers (and never fewer than 2)."""
    return n < max(min_n, 2)


def mean_interval(n: int, total: float, total_sq: float, min_n: int, level: float = LEVEL) -> Estimate:
    """Return the mean of n scores and its t interval, from their sum and sum of squares."""
    n = int(n)
    if is_suppressed(n, min_n):
        return Estimate(n, None, None, None, suppressed=True)
    mean = total / n
    # The one-pass variance can dip a hair below zero by rounding when every answer is the same.
    variance = max(0.0, (total_sq - total * total / n) / (n - 1))
    half = t_quantile(0.5 + level / 2, n - 1) * math.sqrt(variance / n)
    return Estimate(n, mean, mean - half, mean + half, suppressed=False)


def wilson_interval(yes: int, n: int, min_n: int, level: float = LEVEL) -> Estimate:
    """Return a share in percent and its Wilson score interval."""
    n = int(n)
    if is_suppressed(n, min_n):
        return Estimate(n, None, None, None, suppressed=True)
    z = float(scipy_stats.norm.ppf(0.5 + level / 2))
    share = yes / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return Estimate(n, 100 * share, 100 * (centre - half), 100 * (centre + half), suppressed=False)


def measures_in(frame: pd.DataFrame) -> dict[str, str]:
    """Find the measures an aggregate frame carries: `<m>_sumsq` makes a score, `<m>_yes` a share."""
    found: dict[str, str] = {}
    for column in frame.columns:
        if column.endswith("_sumsq"):
            found[column.removesuffix("_sumsq")] = "score"
        elif column.endswith("_yes"):
            found[column.removesuffix("_yes")] = "share"
    return found


def estimates(frame: pd.DataFrame, min_n: int, level: float = LEVEL) -> pd.DataFrame:
    """Turn aggregate columns into one row per cell and measure: scale, n, estimate, interval, suppressed."""
    measures = measures_in(frame)
    aggregate = {f"{m}{s}" for m, kind in measures.items()
                 for s in (SCORE_SUFFIXES if kind == "score" else SHARE_SUFFIXES)}
    keys = [c for c in frame.columns if c not in aggregate]
    rows = []
    for record in frame.to_dict("records"):
        for measure, kind in measures.items():
            n = int(_number(record[f"{measure}_n"]))
            cell = (mean_interval(n, _number(record[f"{measure}_sum"]), _number(record[f"{measure}_sumsq"]), min_n,
                                  level) if kind == "score"
                    else wilson_interval(int(_number(record[f"{measure}_yes"])), n, min_n, level))
            rows.append({**{k: record[k] for k in keys}, "measure": measure, "scale": kind, "n": cell.n,
                         "estimate": cell.value, "ci_low": cell.low, "ci_high": cell.high,
                         "suppressed": cell.suppressed})
    columns = [*keys, "measure", "scale", "n", "estimate", "ci_low", "ci_high", "suppressed"]
    return pd.DataFrame(rows, columns=columns)


def _number(value: object) -> float:
    """Read a possibly missing aggregate (SQL sum of no rows is NULL) as a float."""
    return 0.0 if value is None or pd.isna(value) else float(value)


def estimate_text(estimate: float | None, low: float | None, high: float | None, n: int, scale: str,
                  suppressed_text: str) -> str:
    """Write one cell for a table: `3.82 [3.75, 3.89] n=412`, `68.4% [64.0, 72.5] n=97`, or why it is hidden."""
    if estimate is None or low is None or high is None or pd.isna(estimate):
        return f"{suppressed_text} (n={n})"
    if scale == "share":
        return f"{estimate:.1f}% [{low:.1f}, {high:.1f}] n={n}"
    return f"{estimate:.2f} [{low:.2f}, {high:.2f}] n={n}"


def estimates_wide(long: pd.DataFrame, suppressed_text: str) -> pd.DataFrame:
    """Pivot the output of `estimates` to one row per cell and one text column per measure, in first-seen order."""
    keys = [c for c in long.columns if c not in {"measure", "scale", "n", "estimate", "ci_low", "ci_high",
                                                  "suppressed"}]
    measures = list(dict.fromkeys(long["measure"]))
    rows: dict[tuple, dict[str, object]] = {}
    for record in long.to_dict("records"):
        cell = rows.setdefault(tuple(record[k] for k in keys), {k: record[k] for k in keys})
        cell[record["measure"]] = estimate_text(record["estimate"], record["ci_low"], record["ci_high"],
                                                int(record["n"]), record["scale"], suppressed_text)
    return pd.DataFrame(list(rows.values()), columns=[*keys, *measures])
