"""Where numbers come from: the read snapshot's facts, the demo marker, each chart's source line, and the edition
a download or slide names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.engine.runner import QueryResult
from dashboard.present.writes import describe_write
from dashboard.query.sqlfile import QuerySpec
from dashboard.ui.frame import edition_picker
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t


def snapshot_row(ctx: Context) -> dict[str, object]:
    """Return the read snapshot's id, as-of date, kind of data and latest load."""
    info = ctx.reader.frame("reference/snapshot")
    return info.iloc[0].to_dict() if len(info) else {}


def demo_marker(ctx: Context) -> None:
    """Show the demo-data notice on every page while demo rows are in the snapshot the page run reads."""
    if snapshot_row(ctx).get("includes_demo"):
        st.warning(t("app.demo_marker"), icon=":material/science:")


def source_line(ctx: Context, spec: QuerySpec, result: QueryResult) -> str:
    """Say where a chart's numbers come from and as of when, in words a leader reads (no snapshot, no file)."""
    info = snapshot_row(ctx)
    label = t(f"source.{spec.source}")
    if spec.source == "published":
        label = f"{label} · {t('source.article')}"
    if info.get("loads"):
        at = pd.Timestamp(info["built_at"]).strftime("%Y-%m-%d %H:%M") if info.get("built_at") is not None else "—"
        what = describe_write("loaded", str(info.get("description") or ""), current_lang())  # in words, not codes
        label = f"{label} · {t('source.loaded', description=what, at=at)}"
    as_of = info.get("as_of")
    shown = pd.Timestamp(as_of).strftime("%Y-%m-%d") if as_of is not None else "—"
    line = t("source.line", source=label, as_of=shown)
    note = export_note(ctx)  # an edition's figures say which meeting they are
    return f"{line} · {note}" if note else line


def export_tag(ctx: Context) -> str:
    """Return what a download's file name carries for the edition this run shows (`edition-2018-09`), or ""."""
    edition = ctx.run.edition
    return f"edition-{edition.edition_id}" if edition else ""


def export_note(ctx: Context) -> str:
    """Return what a source line or slide caption says of the edition this run shows, or ""."""
    edition = ctx.run.edition
    return t("meeting.export.note", edition=edition_picker.edition_label(edition)) if edition else ""


def query_file(spec: QuerySpec, queries_dir: Path) -> str:
    """Return the file a query is read from as `queries/…` (a variant names its own file, which its id does not)."""
    try:
        return spec.path.relative_to(queries_dir.parent).as_posix()
    except ValueError:
        return spec.path.name


def behind_line(ctx: Context, spec: QuerySpec, result: QueryResult) -> str:
    """Say, for analysts, which snapshot and query file a block's rows come from."""
    query = query_file(spec, ctx.reader.settings.queries_dir)
    return t("source.behind", snapshot=result.snapshot_id[-10:], query=query)
