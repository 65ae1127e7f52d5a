"""Follow-ups (督办事项) where a leader reads them: a section on the overview, a badge beside the indicator they
concern, and a line under the township breakdown; each with its status as of the day the view is judged on."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.engine.runner import QueryError
from dashboard.present.follow_ups import SHOWN, date_text, follow_up_styles, follow_up_table, ink, status_fill
from dashboard.query.scope import Scope
from dashboard.ui.blocks import results
from dashboard.ui.blocks.meeting_changes import follow_up_day
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import bold, literal, say

QUERY = "meeting/follow_ups"
# Pixel widths that keep every column, status included, inside the main area of a 1440 px window; the task and
# its owner get the room.
WIDTHS = {"subject_name": 170, "task": 330, "owner": 140, "due_on": 100, "done_on": 100, "status": 80}


def rows(ctx: Context, scope: Scope) -> pd.DataFrame:
    """Return the follow-ups the selection shows, with their status on the view's day (none on failure)."""
    spec = ctx.reader.registry.get(QUERY)
    try:
        return ctx.live_reader().run(spec, _values(ctx, scope)).frame
    except QueryError:
        return pd.DataFrame(columns=["follow_up_id", "subject", "subject_id", "task", "owner", "due_on", "status"])


def _values(ctx: Context, scope: Scope) -> dict[str, Any]:
    """Return the follow-up query's values: the selection, judged on the view's day."""
    return {**scope.params(), "judged_on": follow_up_day(ctx)}


def indicator_titles(ctx: Context) -> dict[str, str]:
    """Return each indicator's title in the reader's language by its query id, to name a follow-up's subject."""
    lang = current_lang()
    return {spec.query_id: spec.label(lang) for spec in ctx.reader.registry.specs.values() if spec.indicator}


def named_rows(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """Return follow-ups as a reader sees them: subject by name, dates or a dash, status in words (code kept)."""
    return follow_up_table(frame, indicator_titles(ctx), current_lang())


def follow_up_list(frame: pd.DataFrame, labels: dict[str, str], key: str) -> None:
    """Show follow-ups (from named_rows) under the query's column labels in a table that fits a 1440 px window,
    each status on its colour."""
    names = {name: labels.get(name, name) for name in SHOWN}
    styles = follow_up_styles(frame).rename(columns=names)
    shown = frame.rename(columns=names)
    config = {names[name]: st.column_config.TextColumn(literal(names[name]), width=WIDTHS[name]) for name in SHOWN}
    st.dataframe(shown.style.apply(lambda _: styles, axis=None), column_config=config,
                 column_order=[names[name] for name in SHOWN], hide_index=True, width="stretch", key=key)


def section(ctx: Context, scope: Scope) -> None:
    """The overview's 督办事项 section: every follow-up assigned by the view's day, done, overdue or open.

    Follow-ups are read from the latest records (one done after an edition was frozen counts as done, if done by
    its day), as the meeting deck reads them.
    """
    st.header(t("meeting.follow_ups.heading"))
    st.caption(say("meeting.follow_ups.caption", day=follow_up_day(ctx).isoformat()))
    spec = ctx.reader.registry.get(QUERY)
    try:
        result = ctx.live_reader().run(spec, _values(ctx, scope))
    except QueryError as exc:
        st.error(say("block.error", message=str(exc)))
        return
    table = named_rows(ctx, result.frame)
    if table.empty:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
    else:
        follow_up_list(table, spec.chart.column_labels(current_lang()), key="meeting.follow_ups.table")
    shown = replace(result, frame=table.drop(columns=["status_code"]))  # the download holds what the table shows
    values = {k: v for k, v in _values(ctx, scope).items() if k in spec.params}
    results.block_footer(ctx, spec, shown, values, key="meeting.follow_ups", table=False)


def _text(row: pd.Series) -> str:
    """Say one follow-up in a line: task, owner, due date and status."""
    return t("meeting.follow_ups.badge", task=row["task"], owner=row["owner"],
             due=date_text(row["due_on"]), status=t(f"domains.code.status.{row['status']}"))


def indicator_badges(ctx: Context, scope: Scope, query_id: str) -> None:
    """Show the follow-ups on one indicator as badges coloured by status, beside its headline."""
    frame = rows(ctx, scope)
    mine = frame[(frame["subject"] == "indicator") & (frame["subject_id"] == query_id)]
    for _, row in mine.iterrows():
        _badge(_text(row), str(row["status"]))


def township_lines(ctx: Context, scope: Scope, names: dict[str, str]) -> None:
    """Under the township breakdown: the follow-ups on the townships it shows."""
    frame = rows(ctx, scope)
    mine = frame[(frame["subject"] == "township") & frame["subject_id"].isin(list(names))]
    if mine.empty:
        return
    st.markdown(bold(t("meeting.follow_ups.townships")))
    for _, row in mine.iterrows():
        colon = "：" if scope.lang == "zh" else ": "
        _badge(f"{names[row['subject_id']]}{colon}{_text(row)}", str(row["status"]))


def _badge(text: str, status: str) -> None:
    """Draw one follow-up as a pill on its status colour, the palette's as everywhere (the words say it too)."""
    back = status_fill(status)
    fore = ink(back)
    st.html(f'<span data-follow-up style="display:inline-block;background:{back};color:{fore};border-radius:999px;'
            f'padding:2px 12px;margin:2px 0;font-size:.9rem;overflow-wrap:anywhere">{escape(text)}</span>')
