"""What changed since the compared edition: the deltas on the overview's cards and rows, the 本期变化 section,
and the follow-ups (督办事项) as of the day the view is judged on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from html import escape
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.base.settings import load_settings
from dashboard.engine.runner import QueryError
from dashboard.metrics.meeting import (
    IndicatorChange,
    PillarChange,
    compare_indicators,
    compare_pillars,
    edition_scope,
    mean_score,
    status_moves,
    township_moves,
)
from dashboard.metrics.pillars import Assessment, assess_pillars
from dashboard.present.formatting import format_figure
from dashboard.present.pillar_tables import format_value, status_label
from dashboard.query.indicator_spec import IndicatorSpec
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import QuerySpec
from dashboard.ui.blocks import common
from dashboard.ui.blocks.pillar_views import judged_on
from dashboard.ui.frame import edition_picker
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import say
from dashboard.warehouse.editions import Edition

UP, DOWN, SAME = "▲", "▼", "="


@dataclass(frozen=True)
class Comparison:
    """The view against one earlier (or later) edition: each pillar's and each indicator's change."""

    before: Edition
    pillars: dict[str, PillarChange]
    indicators: dict[str, IndicatorChange]


def snapshot_day(ctx: Context, snapshot_id: str) -> dt.date:
    """Return a snapshot's as-of date."""
    info = ctx.reader.on(snapshot_id).run(ctx.reader.registry.get("reference/snapshot"), {}).frame
    return pd.Timestamp(info.iloc[0]["as_of"]).date()


def assess_view(ctx: Context, snapshot_id: str, edition: Edition | None,
                scope: Scope) -> dict[str, list[Assessment]]:
    """Assess every indicator on a snapshot as an edition saw it (or as live data stands), inside the visitor's
    townships: the public core's assess_edition, with queries bound like every other query of the run."""
    settings, registry = load_settings(), ctx.reader.registry

    def fetch(spec: QuerySpec, params: dict[str, Any]) -> pd.DataFrame | None:
        try:
            return ctx.reader.on(snapshot_id).run(spec, params).frame
        except QueryError:
            return None

    day = snapshot_day(ctx, snapshot_id)
    if edition is not None:
        scope, day = edition_scope(scope, edition, day), edition.as_of
    return assess_pillars(registry, fetch, scope, day, settings.pace, settings.min_sample)


def _key(ctx: Context, name: str, scope: Scope, before: Edition) -> str:
    """Name a comparison in the cache: the selection, both editions and every indicator (the reader adds its
    snapshots and townships to the key itself)."""
    files = sorted(repr(s) for s in ctx.reader.registry.specs.values() if s.indicator)
    return repr((name, scope, before, ctx.run.edition, load_settings().pace, files))


def comparison(ctx: Context, scope: Scope, assessed: dict[str, list[Assessment]]) -> Comparison | None:
    """Compare the view (already assessed) with the chosen or default edition, once per snapshot pair and selection."""
    before = ctx.run.compared_with
    if before is None:
        return None

    def make() -> Comparison:
        was = assess_view(ctx, before.snapshot_id, before, scope)
        pillars = compare_pillars(assessed, was, load_settings().pace)
        return Comparison(before, {c.pillar: c for c in pillars},
                          {c.query_id: c for c in compare_indicators(assessed, was)})

    reader = ctx.reader
    return reader.keep_between(_key(ctx, "compare", scope, before), reader.on(before.snapshot_id), make)


def arrow_text(change: float | None, amount: str) -> str:
    """Return `▲ amount`, `▼ amount` or `＝`, or a dash when there is nothing to compare."""
    if change is None:
        return "—"
    if abs(change) < 1e-9:
        return SAME
    return f"{UP if change > 0 else DOWN} {amount}"


def status_move_text(before: str, now: str) -> str:
    """Say a change of status in words, e.g. `有风险 → 按计划`, or "" when it did not change."""
    lang = current_lang()
    return "" if before == now else f"{status_label(before, lang)} → {status_label(now, lang)}"


def indicator_change_text(change: IndicatorChange, indicator: IndicatorSpec) -> str:
    """Return one indicator row's change: arrow and value (percent in points), then any change of status."""
    delta = change.value_change
    if delta is None:
        amount = ""
    elif indicator.unit == "percent":
        amount = t("meeting.change.points", value=f"{abs(delta):.{indicator.decimals}f}")
    else:
        amount = format_value(abs(delta), indicator, current_lang(), unit=False)
    # The status column beside it says where the indicator stands now; this says where it stood.
    moved = "" if not change.status_changed else t("meeting.change.was",
                                                   status=status_label(change.status_before, current_lang()))
    return " · ".join(p for p in (arrow_text(delta, amount), moved) if p)


def indicator_changes(ctx: Context, scope: Scope, assessed: dict[str, list[Assessment]]) -> dict[str, str]:
    """Return query id -> change text for the indicator tables ({} when there is no edition to compare with)."""
    compared = comparison(ctx, scope, assessed)
    if compared is None:
        return {}
    specs = {a.spec.query_id: a.indicator for items in assessed.values() for a in items}
    return {q: indicator_change_text(c, specs[q]) for q, c in compared.indicators.items()}


def pillar_change_html(change: PillarChange, before: Edition) -> str:
    """Return the line under a pillar card: score change against the edition, and any change of status."""
    delta = None if change.score_change is None else round(change.score_change, 1)  # as the card shows scores
    text = arrow_text(delta, f"{abs(delta or 0):.1f}")
    colour = "#1a7f37" if (delta or 0) > 0 else "#b42318" if (delta or 0) < 0 else "#555"
    moved = status_move_text(change.status_before, change.status_now)
    versus = t("meeting.change.versus", edition=before.name)
    return (f'<div data-change style="font-size:.9rem;margin-top:4px;overflow-wrap:anywhere">'
            f'<b style="color:{colour}">{escape(text)}</b> <span style="color:#555">{escape(versus)}</span>'
            + (f' · <b>{escape(moved)}</b>' if moved else "") + "</div>")


def pillar_changes(ctx: Context, scope: Scope, assessed: dict[str, list[Assessment]]) -> dict[str, str]:
    """Return pillar -> the HTML line shown under its card ({} without an edition to compare with)."""
    compared = comparison(ctx, scope, assessed)
    if compared is None:
        return {}
    return {p: pillar_change_html(c, compared.before) for p, c in compared.pillars.items()}


def view_day(ctx: Context, scope: Scope) -> dt.date:
    """Return the day the view is judged on: the edition's day, or the end of the selection for live data."""
    edition = ctx.run.edition
    return edition.as_of if edition is not None else judged_on(ctx, scope)


def follow_up_day(ctx: Context) -> dt.date:
    """Return the day follow-ups are judged on: the one day the view judges its indicators on (the edition's day, or
    the data's as-of date or the selection's last day), so the overview, the screen and the deck count the same
    follow-ups overdue; today's date would judge data of 2018 against 2026."""
    return judged_on(ctx, ctx.selection)


def since_section(ctx: Context, scope: Scope, assessed: dict[str, list[Assessment]]) -> None:
    """The 本期变化 section: indicators whose status moved, townships that moved most, works started or completed."""
    st.header(t("meeting.since.heading"))
    compared = comparison(ctx, scope, assessed)
    if compared is None:
        st.info(t("meeting.since.no_edition"), icon=":material/event_busy:")
        return
    edition = ctx.run.edition
    now = edition_picker.edition_label(edition) if edition else t("meeting.edition.live")
    st.caption(say("meeting.since.caption", before=edition_picker.edition_label(compared.before), now=now))
    status_table(compared, assessed)
    townships_table(ctx, scope, compared.before)
    until = view_day(ctx, scope)
    since = compared.before.as_of if compared.before.as_of < until else None
    if since is None:
        st.caption(t("meeting.since.works_later"))
        return
    common.query_block(ctx, "meeting/works_since", scope, key="meeting.works", params={"since": since, "until": until})


def status_table(compared: Comparison, assessed: dict[str, list[Assessment]]) -> None:
    """List the indicators whose status changed, with both statuses and the value's change."""
    st.subheader(t("meeting.since.status_heading"))
    moved = status_moves(list(compared.indicators.values()))
    if not moved:
        st.caption(t("meeting.since.no_moves"))
        return
    lang, specs = current_lang(), {a.spec.query_id: a for items in assessed.values() for a in items}
    rows = [{t("meeting.column.indicator"): specs[c.query_id].spec.label(lang),
             t("meeting.column.pillar"): t(f"pillar.{c.pillar}"),
             t("meeting.column.status_before"): status_label(c.status_before, lang),
             t("meeting.column.status_now"): status_label(c.status_now, lang),
             t("meeting.column.change"): indicator_change_text(c, specs[c.query_id].indicator),
             "query_id": c.query_id} for c in moved]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="meeting.status_moves",
                 column_order=[k for k in rows[0] if k != "query_id"])


def township_scores(ctx: Context, scope: Scope, before: Edition) -> list[tuple[str, str, float, float, float]]:
    """Return (id, name, before, now, change) for the visitor's townships whose mean score moved most."""
    reader = ctx.reader
    towns = reader.frame("reference/townships", {"lang": scope.lang})  # a township account's own only
    if scope.area:
        towns = towns[towns["area"] == scope.area]
    names = dict(zip(towns["township_id"], towns["township"], strict=True))
    shown = ctx.run.edition

    def make() -> list[tuple[str, float, float, float]]:
        now, was = {}, {}
        for tid in names:
            place = replace(scope, township=tid)
            now[tid] = mean_score(assess_view(ctx, reader.snapshot, shown, place))
            was[tid] = mean_score(assess_view(ctx, before.snapshot_id, before, place))
        return [(tid, was[tid] or 0.0, now[tid] or 0.0, moved) for tid, moved in township_moves(now, was)]

    moved = reader.keep_between(_key(ctx, f"townships {sorted(names)}", scope, before), reader.on(before.snapshot_id),
                                make)
    return [(tid, names[tid], b, n, d) for tid, b, n, d in moved]


def townships_table(ctx: Context, scope: Scope, before: Edition) -> None:
    """Show the townships whose mean indicator score moved most since the compared edition."""
    st.subheader(t("meeting.since.townships_heading"))
    st.caption(t("meeting.since.townships_caption"))
    moved = township_scores(ctx, scope, before)
    if not moved:
        st.caption(t("meeting.since.no_townships"))
        return
    frame = pd.DataFrame([{t("meeting.column.township"): name, t("meeting.column.score_before"): round(b, 1),
                           t("meeting.column.score_now"): round(n, 1),
                           t("meeting.column.change"): arrow_text(d, f"{abs(d):.1f}"), "township_id": tid}
                          for tid, name, b, n, d in moved])
    st.dataframe(frame, hide_index=True, width="stretch", key="meeting.townships",
                 column_order=[c for c in frame.columns if c != "township_id"])


def figure_changes(ctx: Context, query_id: str) -> dict[str, str]:
    """Return figure id -> its change against the compared edition, for the published-figure cards."""
    before = ctx.run.compared_with
    if before is None:
        return {}
    try:
        was = ctx.reader.on(before.snapshot_id).run(ctx.reader.registry.get(query_id), {}).frame
        now = ctx.reader.frame(query_id)
    except (QueryError, KeyError):
        return {}
    earlier = {f: v for f, v in zip(was["figure_id"], was["computed_value"], strict=True) if not pd.isna(v)}
    lang, changes = current_lang(), {}
    for row in now.itertuples(index=False):
        if row.figure_id not in earlier or pd.isna(row.computed_value):
            continue
        delta = float(row.computed_value) - float(earlier[row.figure_id])
        amount = format_figure(abs(delta), str(row.unit), lang, "exact", float(row.precision))
        changes[str(row.figure_id)] = t("meeting.change.figure", change=arrow_text(delta, amount),
                                        edition=before.name)
    return changes
