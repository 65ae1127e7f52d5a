"""The global selection every query shares: period, township, urban/rural and language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from dashboard.base.i18n import DEFAULT_LANG, translate

AREAS = ("urban", "rural")


@dataclass(frozen=True)
class Scope:
    """Filter values bound to any query that declares a parameter of the same name."""

    month_from: dt.date | None = None
    month_to: dt.date | None = None
    township: str | None = None
    area: str | None = None
    lang: str = DEFAULT_LANG

    def params(self) -> dict[str, Any]:
        """Return the values as `$param` bindings; the runner keeps only those a query declares."""
        return {"month_from": self.month_from, "month_to": self.month_to, "township": self.township,
                "area": self.area, "lang": self.lang}

    def with_lang(self, lang: str) -> Scope:
        """Return the same selection in another language."""
        return replace(self, lang=lang)

    def to_query(self) -> dict[str, str]:
        """Encode the selection as URL query parameters (empty ones left out)."""
        pairs = {"from": _month_text(self.month_from), "to": _month_text(self.month_to),
                 "township": self.township, "area": self.area, "lang": self.lang}
        return {k: v for k, v in pairs.items() if v}

    @classmethod
    def from_query(cls, query: dict[str, str]) -> Scope:
        """Decode URL query parameters, ignoring values that do not parse."""
        area = query.get("area")
        lang = query.get("lang", DEFAULT_LANG)
        return cls(month_from=parse_month(query.get("from")), month_to=parse_month(query.get("to")),
                   township=query.get("township") or None, area=area if area in AREAS else None,
                   lang=lang if lang in ("zh", "en") else DEFAULT_LANG)

    def describe(self, township_name: str | None = None) -> str:
        """Say in words what is selected, for captions and burned-in export footers."""
        if self.month_from or self.month_to:
            period = f"{_month_text(self.month_from) or '…'} – {_month_text(self.month_to) or '…'}"
        else:
            period = translate("filters.all_periods", self.lang)
        town = township_name or self.township or translate("filters.all_townships", self.lang)
        area = translate(f"filters.{self.area or 'all_areas'}", self.lang)
        return translate("filters.showing", self.lang, period=period, township=town, area=area)


def parse_month(text: str | None) -> dt.date | None:
    """Parse `YYYY-MM` (or an ISO date) into the first day of that month."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:7] + "-01")
    except ValueError:
        return None


def _month_text(day: dt.date | None) -> str | None:
    """Format a month as `YYYY-MM`."""
    return day.strftime("%Y-%m") if day else None
