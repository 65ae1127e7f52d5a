"""Where numbers come from: the live snapshot's facts, the demo marker, and each chart's source line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.engine.runner import QueryResult
from dashboard.query.sqlfile import QuerySpec
from dashboard.ui import cache
from dashboard.ui.frame import edition_picker
from dashboard.ui.frame.lang import t


def snapshot_row() -> dict[str, object]:
    """Return the live snapshot's id, as-of date, kind of data and latest load."""
    info = cache.frame("reference/snapshot")
    return info.iloc[0].to_dict() if len(info) else {}


def demo_marker() -> None:
    """Show the demo-data notice on every page while demo rows are in the warehouse."""
    if snapshot_row().get("includes_demo"):
        st.warning(t("app.demo_marker"), icon=":material/science:")


def source_line(spec: QuerySpec, result: QueryResult) -> str:
    """Say where a chart's numbers come from, as of when, from which snapshot and query file."""
    info = snapshot_row()
    label = t(f"source.{spec.source}")
    if spec.source == "published":
        label = f"{label} · {t('source.article')}"
    if info.get("loads"):
        at = pd.Timestamp(info["built_at"]).strftime("%Y-%m-%d %H:%M") if info.get("built_at") is not None else "—"
        label = f"{label} · {t('source.loaded', description=info.get('description'), at=at)}"
    as_of = info.get("as_of")
    shown = pd.Timestamp(as_of).strftime("%Y-%m-%d") if as_of is not None else "—"
    line = t("source.line", source=label, as_of=shown, snapshot=result.snapshot_id[-10:],
             query=f"queries/{spec.query_id}.sql")
    note = edition_picker.export_note()  # an edition's figures say which meeting they are
    return f"{line} · {note}" if note else line
