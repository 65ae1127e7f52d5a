"""Display tables of assessments: one row per indicator or per township, with stable column ids (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.metrics.pillars import Assessment, lag_key
from dashboard.present.charts import status_color
from dashboard.present.formatting import format_figure
from dashboard.query.indicator_spec import IndicatorSpec

# Columns shown, in order; the numeric twins after them are kept for tests, sorting and downloads.
SHOWN = ("label", "current", "target", "basis", "progress", "expected", "status", "projected")
NUMERIC = ("value", "target_value", "expected_value", "expected_progress", "status_code", "query_id")


def format_value(value: float | None, indicator: IndicatorSpec, lang: str, extra_decimals: int = 0,
                 unit: bool = True) -> str:
    """Format an indicator value in its declared decimals, with its unit (tables keep only `%`: the name says it)."""
    if value is None:
        return "—"
    shown_unit = indicator.unit if unit or indicator.unit == "percent" else "count"
    return format_figure(value, shown_unit, lang, "exact", 10.0 ** -(indicator.decimals + extra_decimals))


def status_label(code: str, lang: str) -> str:
    """Return the words for a status, which always accompany its colour."""
    return translate(f"pillars.status.{code}", lang)


def target_text(assessment: Assessment, lang: str) -> str:
    """Say the target the selection is held to and by when, e.g. `19 · 2018-10-25`."""
    indicator = assessment.indicator
    path = assessment.evaluation.path
    if path is None and assessment.plan_share is not None:
        return "—"  # the selection holds none of the plan (or nothing to measure a baseline from)
    value = path.target_value if path else indicator.target.value
    extra = 1 if assessment.apportioned and indicator.decimals == 0 else 0
    return f"{format_value(value, indicator, lang, extra, unit=False)} · {indicator.target.date.isoformat()}"


def basis_text(assessment: Assessment, lang: str) -> str:
    """Say whether the target is the report's figure or our assumption, and whether it was apportioned."""
    text = translate(f"pillars.basis.{assessment.indicator.target.source}", lang)
    return text + translate("pillars.basis.apportioned", lang) if assessment.apportioned else text


def projected_text(assessment: Assessment, lang: str) -> str:
    """Say when the recent trend reaches the target, that it already has, or that it does not."""
    evaluation = assessment.evaluation
    if evaluation.status == "met":
        return translate("pillars.projected.met", lang)
    if evaluation.current is None:
        return "—"
    if evaluation.projected is None:
        return translate("pillars.projected.never", lang)
    return evaluation.projected.strftime("%Y-%m")


def assessment_row(assessment: Assessment, lang: str, label: str) -> dict[str, object]:
    """Return one display row (text columns) with its numeric twins."""
    evaluation, indicator = assessment.evaluation, assessment.indicator
    expected = evaluation.expected_progress
    return {
        "label": label,
        "current": format_value(evaluation.current, indicator, lang, unit=False),
        "target": target_text(assessment, lang),
        "basis": basis_text(assessment, lang),
        "progress": evaluation.score,
        "expected": "—" if expected is None else f"{100.0 * expected:.0f}%",
        "status": status_label(evaluation.status, lang),
        "projected": projected_text(assessment, lang),
        "value": evaluation.current,
        "target_value": evaluation.path.target_value if evaluation.path else None,
        "expected_value": evaluation.expected,
        "expected_progress": None if expected is None else 100.0 * expected,
        "status_code": evaluation.status,
        "query_id": assessment.spec.query_id,
    }


def indicator_table(assessments: Sequence[Assessment], lang: str) -> pd.DataFrame:
    """Return one row per indicator of a pillar, in declared order."""
    rows = [assessment_row(a, lang, a.spec.label(lang)) for a in assessments]
    return pd.DataFrame(rows, columns=[*SHOWN, *NUMERIC])


def township_table(entries: Sequence[tuple[str, str, Assessment]], lang: str) -> pd.DataFrame:
    """Return one row per township (id, name, assessment), the ones lagging their path most first."""
    ordered = sorted(entries, key=lambda e: lag_key(e[2].evaluation))
    rows = [{"township_id": tid, **assessment_row(a, lang, name)} for tid, name, a in ordered]
    return pd.DataFrame(rows, columns=["township_id", *SHOWN, *NUMERIC])


def status_styles(frame: pd.DataFrame) -> pd.DataFrame:
    """Return CSS per cell that colours the status column by its code (the words stay in the cell)."""
    styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for index, code in frame["status_code"].items():
        text = "#222" if code in ("at_risk", "no_data") else "#fff"
        styles.loc[index, "status"] = f"background-color: {status_color(str(code))}; color: {text}; font-weight: 600"
    return styles


def month_text(day: dt.date | None) -> str:
    """Format a date as `YYYY-MM`, or a dash."""
    return day.strftime("%Y-%m") if day else "—"
