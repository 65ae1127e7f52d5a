"""The `indicator:` block of a query file, validated into an IndicatorSpec (pure; no file or database access)."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dashboard.query.published_figures import FIGURES_FILE, PublishedFigure

INDICATOR_KEYS = {"unit", "direction", "baseline", "target", "weight", "decimals", "communities", "note"}
REQUIRED_KEYS = ("unit", "direction", "baseline", "target", "weight")
# Keys a folder may default in queries/folders.yaml; the companion and the note belong to one file.
DEFAULT_KEYS = INDICATOR_KEYS - {"communities", "note"}
BASELINE_KEYS = {"value", "date"}
TARGET_KEYS = {"value", "date", "figure", "precision"}
UNITS = {"count", "percent", "score", "households", "people", "spaces", "m2"}
DIRECTIONS = ("higher", "lower")
# Columns an indicator query must return; `plan_share` and `n` are optional (see docs/analysts/indicators.md).
SERIES_COLUMNS = ("period", "value")


class IndicatorError(ValueError):
    """The indicator block is malformed; `key` names the header key to point at."""

    def __init__(self, message: str, key: str = "indicator") -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Baseline:
    """Where the straight path to the target starts; a missing value is measured from the series."""

    date: dt.date
    value: float | None = None


@dataclass(frozen=True)
class Target:
    """The value to reach by a date, and whether the seed article states it or we assume it."""

    value: float
    date: dt.date
    source: str
    figure: str | None = None
    precision: float | None = None  # the step the target is stated in (30% stated to 1%): met once rounded to it

    @property
    def published(self) -> bool:
        """Return whether the target is a figure stated in the source article."""
        return self.source == "published"


@dataclass(frozen=True)
class IndicatorSpec:
    """A query's declared target: pillar, unit, direction, baseline, target, weight and companions."""

    pillar: str
    unit: str
    direction: str
    baseline: Baseline
    target: Target
    weight: float
    decimals: int = 0
    communities: str | None = None
    note: dict[str, str] = field(default_factory=dict)

    @property
    def higher_is_better(self) -> bool:
        """Return whether a larger value is the good direction."""
        return self.direction == "higher"


def parse_indicator(raw: Any, pillar: str | None,
                    figures: Mapping[str, PublishedFigure] | None = None) -> IndicatorSpec:
    """Validate an `indicator:` mapping, looking up a published target; raise IndicatorError naming the key."""
    if not isinstance(raw, dict):
        raise IndicatorError("'indicator' must be a mapping with unit, direction, baseline, target and weight")
    unknown = sorted(set(raw) - INDICATOR_KEYS)
    if unknown:
        raise IndicatorError(f"unknown indicator key(s) {unknown}; allowed: {sorted(INDICATOR_KEYS)}")
    missing = [k for k in REQUIRED_KEYS if raw.get(k) is None]
    if missing:
        raise IndicatorError(f"indicator is missing {missing}; required: {list(REQUIRED_KEYS)}")
    if pillar is None:
        raise IndicatorError("an indicator needs a top-level 'pillar' key", key="indicator")
    if raw["unit"] not in UNITS:
        raise IndicatorError(f"indicator unit {raw['unit']!r} is not one of {sorted(UNITS)}", key="unit")
    if raw["direction"] not in DIRECTIONS:
        raise IndicatorError(f"indicator direction {raw['direction']!r} must be 'higher' or 'lower' (is better)",
                             key="direction")
    baseline, target = _baseline(raw["baseline"]), _target(raw["target"], raw["unit"], figures)
    _check_path(baseline, target, raw["direction"])
    return IndicatorSpec(pillar=pillar, unit=raw["unit"], direction=raw["direction"], baseline=baseline,
                         target=target, weight=_weight(raw["weight"]), decimals=_decimals(raw.get("decimals", 0)),
                         communities=_query_id(raw.get("communities")), note=_note(raw.get("note")))


def check_defaults(raw: Any) -> dict[str, Any]:
    """Validate a folder's indicator defaults key by key (a file completes them), naming the key at fault."""
    if not isinstance(raw, dict):
        raise IndicatorError("indicator defaults must be a mapping such as {direction: higher, weight: 1}")
    unknown = sorted(set(raw) - DEFAULT_KEYS)
    if unknown:
        raise IndicatorError(f"unknown indicator default(s) {unknown}; allowed: {sorted(DEFAULT_KEYS)}", key=unknown[0])
    if "unit" in raw and raw["unit"] not in UNITS:
        raise IndicatorError(f"indicator unit {raw['unit']!r} is not one of {sorted(UNITS)}", key="unit")
    if "direction" in raw and raw["direction"] not in DIRECTIONS:
        raise IndicatorError(f"indicator direction {raw['direction']!r} must be 'higher' or 'lower' (is better)",
                             key="direction")
    if "weight" in raw:
        _weight(raw["weight"])
    if "decimals" in raw:
        _decimals(raw["decimals"])
    for name, allowed in (("baseline", BASELINE_KEYS), ("target", TARGET_KEYS)):
        if name in raw and _mapping(raw[name], name, allowed).get("date") is not None:
            _date(raw[name]["date"], name)
    return raw


def _mapping(value: Any, name: str, allowed: set[str]) -> dict[str, Any]:
    """Require a mapping with only allowed keys."""
    if not isinstance(value, dict):
        raise IndicatorError(f"indicator {name} must be a mapping such as {{value: 0, date: 2017-09-01}}", key=name)
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise IndicatorError(f"indicator {name} has unknown key(s) {unknown}; allowed: {sorted(allowed)}", key=name)
    return value


def _date(value: Any, name: str) -> dt.date:
    """Accept a YAML date or an ISO date string."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise IndicatorError(f"indicator {name} date {value!r} is not a date (YYYY-MM-DD)", key=name) from exc


def _number(value: Any, name: str) -> float:
    """Accept an int or float, not a bool or text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise IndicatorError(f"indicator {name} value {value!r} is not a number", key=name)
    return float(value)


def _baseline(raw: Any) -> Baseline:
    """Parse `{date: ..., value: ...}`; the value may be left out to measure it."""
    raw = _mapping(raw, "baseline", BASELINE_KEYS)
    if raw.get("date") is None:
        raise IndicatorError("indicator baseline needs a date", key="baseline")
    value = raw.get("value")
    return Baseline(date=_date(raw["date"], "baseline"), value=None if value is None else _number(value, "baseline"))


def _target(raw: Any, unit: str, figures: Mapping[str, PublishedFigure] | None) -> Target:
    """Parse `{figure, date}` (a published figure, its value looked up) or `{value, date}` (configuration)."""
    if isinstance(raw, dict) and "source" in raw:
        raise IndicatorError("a target's source follows from it: figure: <figure_id> for a published figure, "
                             "value: <number> for configuration", key="target")
    raw = _mapping(raw, "target", TARGET_KEYS)
    if raw.get("date") is None:
        raise IndicatorError("indicator target is missing ['date']", key="target")
    if (raw.get("figure") is None) == (raw.get("value") is None):
        raise IndicatorError("a target names a published figure (figure: <figure_id>) or states a configured "
                             "value (value: <number>), one of the two", key="target")
    precision = raw.get("precision")
    if precision is not None and _number(precision, "target") <= 0:
        raise IndicatorError(f"indicator target precision must be positive, got {precision!r}", key="target")
    date = _date(raw["date"], "target")
    if raw.get("figure") is None:
        return Target(value=_number(raw["value"], "target"), date=date, source="configured",
                      precision=None if precision is None else _number(precision, "target"))
    figure = _figure(str(raw["figure"]), unit, figures)
    if precision is None and figure.qualifier == "exact":
        precision = figure.precision  # met once the value rounds to the figure as the report states it
    return Target(value=figure.value, date=date, source="published", figure=figure.figure_id,
                  precision=None if precision is None else _number(precision, "target"))


def _figure(figure_id: str, unit: str, figures: Mapping[str, PublishedFigure] | None) -> PublishedFigure:
    """Return the named published figure, in the indicator's unit, or raise saying which is wrong."""
    figure = (figures or {}).get(figure_id)
    if figure is None:
        close = difflib.get_close_matches(figure_id, list(figures or {}), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise IndicatorError(f"target figure {figure_id!r} is not in {FIGURES_FILE}{hint}", key="target")
    if figure.unit != unit:
        raise IndicatorError(f"target figure {figure_id!r} is stated in {figure.unit}, but the indicator's unit is "
                             f"{unit}", key="target")
    return figure


def _check_path(baseline: Baseline, target: Target, direction: str) -> None:
    """Require the target after the baseline, and on the good side of a given baseline value."""
    if target.date <= baseline.date:
        raise IndicatorError(f"indicator target date {target.date} must be after the baseline date {baseline.date}",
                             key="target")
    if baseline.value is None:
        return
    ahead = target.value > baseline.value if direction == "higher" else target.value < baseline.value
    if not ahead:
        raise IndicatorError(f"indicator target {target.value:g} is not {direction} than the baseline "
                             f"{baseline.value:g}", key="target")


def _weight(value: Any) -> float:
    """Require a positive weight."""
    weight = _number(value, "weight")
    if weight <= 0:
        raise IndicatorError(f"indicator weight must be positive, got {weight:g}", key="weight")
    return weight


def _decimals(value: Any) -> int:
    """Require a small non-negative integer of display decimals."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
        raise IndicatorError(f"indicator decimals must be an integer 0–4, got {value!r}", key="decimals")
    return value


def _query_id(value: Any) -> str | None:
    """Accept a companion query id such as `indicators/city_change/old_courtyards__by_community`."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or value.endswith(".sql"):
        raise IndicatorError("indicator communities must be a query id (its path under queries/ without .sql)",
                             key="communities")
    return value.strip()


def _note(value: Any) -> dict[str, str]:
    """Accept a bilingual note `{zh: ..., en: ...}` on where the target comes from."""
    if value is None:
        return {}
    if not isinstance(value, dict) or set(value) != {"zh", "en"} or not all(isinstance(v, str) for v in value.values()):
        raise IndicatorError("indicator note needs both languages: {zh: ..., en: ...}", key="note")
    return dict(value)
