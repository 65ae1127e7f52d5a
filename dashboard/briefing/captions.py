"""What each exported chart says about itself: title, filters, source, as-of date, demo marker (the snapshot and
query file only in the speaker notes, for the staff who regenerate it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.base.i18n import strings, translate
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import ParamSpec, QuerySpec


@dataclass(frozen=True)
class SnapshotInfo:
    """The snapshot a briefing reads: id, latest build or load time, as-of date, kind, and what was loaded."""

    snapshot_id: str
    built_at: dt.datetime
    as_of: dt.date
    data_kind: str
    includes_demo: bool = False
    loads: int = 0
    description: str = ""

    @property
    def is_demo(self) -> bool:
        """Say whether demo rows are in the snapshot, which every export must then say."""
        return self.includes_demo or self.data_kind == "demo"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SnapshotInfo:
        """Build from a row of the `reference/snapshot` query."""
        return cls(snapshot_id=str(row["snapshot_id"]), built_at=pd.Timestamp(row["built_at"]).to_pydatetime(),
                   as_of=pd.Timestamp(row["as_of"]).date(), data_kind=str(row["data_kind"]),
                   includes_demo=bool(row.get("includes_demo", False)), loads=int(row.get("loads") or 0),
                   description=str(row.get("description") or ""))


@dataclass(frozen=True)
class Caption:
    """Text burned into a slide image around the chart."""

    title: str
    filters: str
    source: str
    provenance: str
    demo_badge: str | None = None


def source_label(spec: QuerySpec, info: SnapshotInfo, lang: str) -> str:
    """Name the source of a query's numbers: its kind, the article for published figures, loaded data."""
    label = translate(f"source.{spec.source}", lang)
    if spec.source == "published":
        label = f"{label} · {translate('source.article', lang)}"
    if info.loads:
        at = info.built_at.strftime("%Y-%m-%d %H:%M")
        label = f"{label} · {translate('source.loaded', lang, description=info.description, at=at)}"
    return label


def scope_of(values: dict[str, Any], lang: str) -> Scope:
    """Read the global filters out of a query's bound parameter values."""
    return Scope(month_from=values.get("month_from"), month_to=values.get("month_to"),
                 township=values.get("township"), area=values.get("area"), lang=lang)


def other_params(spec: QuerySpec, values: dict[str, Any], lang: str) -> str:
    """Name the query's own parameters that differ from their defaults, e.g. `最少样本=50`."""
    shared = set(Scope().params())
    changed = [(spec.params[k], v) for k, v in values.items()
               if k in spec.params and k not in shared and v != spec.params[k].default]
    return " · ".join(f"{param_label(p, lang)}={v}" for p, v in changed)


def param_label(param: ParamSpec, lang: str) -> str:
    """Name a parameter in words: the file's own label, else the shared name of a common one (月份起, 街镇 …), and
    its SQL name (`month_from`) only when nothing else exists."""
    shared = strings(lang).get(f"params.{param.name}")
    return param.label.get(lang) or shared or param.label.get("zh") or param.name


def make_caption(spec: QuerySpec, info: SnapshotInfo, lang: str, filters: str) -> Caption:
    """Compose the caption of one chart in one language: what a leader reads on the slide, no ids or files."""
    return Caption(
        title=spec.label(lang),
        filters=filters,
        source=translate("briefing.image.source", lang, source=source_label(spec, info, lang)),
        provenance=translate("briefing.image.provenance", lang, as_of=info.as_of.isoformat()),
        demo_badge=translate("briefing.image.demo_badge", lang) if info.is_demo else None,
    )


def speaker_notes(spec: QuerySpec, info: SnapshotInfo, lang: str, filters: str) -> str:
    """Return the notes of a chart's slide: source, filters, snapshot and query file."""
    lines = [
        translate("briefing.deck.notes_source", lang, source=source_label(spec, info, lang)),
        translate("briefing.deck.notes_filters", lang, filters=filters),
        translate("briefing.deck.notes_snapshot", lang, snapshot=info.snapshot_id, as_of=info.as_of.isoformat()),
        translate("briefing.deck.notes_query", lang, query=f"queries/{spec.query_id}.sql"),
    ]
    if spec.description:
        lines.append(spec.description.get(lang, ""))
    return "\n".join(lines)
