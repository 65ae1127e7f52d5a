"""Published figures as metric cards: the value recomputed from detail tables, its label, and how it relates
to the report — the same figure, or the selected township's part of it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.present.formatting import UNIT_SUFFIX, format_figure, published_rounding

# Columns a KPI query returns, one row per figure.
KPI_COLUMNS = ("figure_id", "label", "value", "published_value", "unit", "qualifier", "precision", "city_wide")


@dataclass(frozen=True)
class KpiCard:
    """One metric as shown: label, formatted value, and a note on how it relates to the report."""

    figure_id: str
    label: str
    value: str
    note: str
    matches: bool | None


def _missing(value: object) -> bool:
    """Say whether a cell is SQL NULL (None or NaN)."""
    return value is None or bool(pd.isna(value))


def label_and_unit(label: str, unit: str, lang: str) -> tuple[str, str]:
    """Move a unit word from the value to the label (`入户走访（户）`), so a big number stays short; % stays."""
    word = UNIT_SUFFIX.get(lang, {}).get(unit, "").strip()
    if unit == "percent" or not word:
        return label, unit
    return (f"{label}（{word}）" if lang == "zh" else f"{label} ({word})"), "count"


def kpi_card(row: dict[str, object], lang: str, filtered: bool) -> KpiCard:
    """Format one KPI row; a place filter turns a city figure into the selection's exact share of it."""
    value = None if _missing(row["value"]) else float(row["value"])
    label, unit = label_and_unit(str(row["label"]), str(row["unit"]), lang)
    qualifier, precision = str(row["qualifier"]), float(row["precision"])
    published = None if _missing(row["published_value"]) else float(row["published_value"])
    if filtered and not row["city_wide"]:
        # The report's 「余」 rounding belongs to the city total, not to one township's part of it.
        shown = format_figure(value, unit, lang, "exact", min(precision, 0.1 if unit == "percent" else 1.0))
        note = translate("domains.kpi.selection", lang,
                         published=format_figure(published, unit, lang, qualifier, precision))
        return KpiCard(str(row["figure_id"]), label, shown, note, None)
    shown = format_figure(value, unit, lang, qualifier, precision)
    if published is None:
        return KpiCard(str(row["figure_id"]), label, shown, translate("domains.kpi.unpublished", lang),
                       None)
    matches = value is not None and published_rounding(value, qualifier, precision) == published
    note = translate("domains.kpi.matches", lang) if matches else translate(
        "domains.kpi.differs", lang, published=format_figure(published, unit, lang, qualifier, precision))
    if filtered:
        note = f"{translate('domains.kpi.city_wide', lang)} · {note}"
    return KpiCard(str(row["figure_id"]), label, shown, note, matches)


def kpi_cards(frame: pd.DataFrame, lang: str, filtered: bool) -> list[KpiCard]:
    """Return one card per row of a KPI query, in the query's order."""
    missing = [c for c in KPI_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"a KPI query must return {list(KPI_COLUMNS)}; missing {missing}")
    return [kpi_card(row, lang, filtered) for row in frame.to_dict("records")]
