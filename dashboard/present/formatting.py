"""Numbers as a reader expects them: thousands separators, units, and the report's 「余」 rounding."""

from __future__ import annotations

import math

from dashboard.base.i18n import translate

# The Markdown escape lives with the Plotly one in safe_text; some pages import it from here.
from dashboard.present.safe_text import markdown_literal

__all__ = ["format_figure", "format_number", "markdown_literal", "published_rounding"]

UNIT_SUFFIX = {
    "zh": {"percent": "%", "m2": " 平方米", "households": " 户", "spaces": " 个", "rooms": " 间", "people": " 人",
           "wan_yuan": " 万元"},
    "en": {"percent": "%", "m2": " m²", "households": " households", "spaces": " spaces", "rooms": " rooms",
           "people": " people", "wan_yuan": " × 10k yuan"},
}


def published_rounding(value: float, qualifier: str, precision: float) -> float:
    """Round a computed value the way the report states it: 「余」 figures floor to their step."""
    if qualifier == "more_than":
        return math.floor(value / precision) * precision
    return round(round(value / precision) * precision, 6)


def format_number(value: float, decimals: int = 0) -> str:
    """Format with thousands separators and a fixed number of decimals."""
    return f"{value:,.{decimals}f}"


def format_figure(value: float | None, unit: str, lang: str, qualifier: str = "exact", precision: float = 1.0) -> str:
    """Format one figure for display, e.g. 35,000余, 98.5%, 1,500 平方米, 2017-09."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "year":
        return str(int(value))
    if unit == "month":
        return f"{int(value) // 100}-{int(value) % 100:02d}"
    shown = published_rounding(float(value), qualifier, precision)
    decimals = max(0, -math.floor(math.log10(precision))) if precision < 1 else 0
    text = format_number(shown, decimals)
    if qualifier == "more_than":
        text += translate("overview.more_than", lang)
    return text + UNIT_SUFFIX.get(lang, {}).get(unit, "")
