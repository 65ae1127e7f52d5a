"""Streamlit pieces of the pillar overview: running indicator queries, pillar cards and indicator tables."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.base.settings import load_settings
from dashboard.engine.runner import QueryError
from dashboard.metrics.indicators import Evaluation
from dashboard.metrics.pillars import Assessment, assess, assess_pillars, evaluation_day, pillar_summary
from dashboard.present import palette
from dashboard.present.cards import PillarCard, pillar_card_html
from dashboard.present.charts import status_color
from dashboard.present.indicator_list import NARROW_CSS, NARROW_KEY, WIDE_KEY, assessment_list_html
from dashboard.present.pillar_tables import SHOWN, indicator_table, month_text, status_label, status_styles
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import PILLARS, QuerySpec
from dashboard.ui.blocks.provenance import query_file
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import literal, say

# Pixel widths that fit every column, status included, in the main area of a 1400 px wide window.
CHANGE_WIDTH = 170
WIDTHS = {"label": 240, "current": 70, "target": 140, "basis": 120, "progress": 120, "expected": 70, "status": 85,
          "projected": 95}


def as_of_day(ctx: Context) -> dt.date:
    """Return the latest day the shown data is judged on: the snapshot's as-of date, or an edition's own day."""
    return ctx.run.as_of


def judged_on(ctx: Context, scope: Scope) -> dt.date:
    """Return the day indicators are judged on under a selection (as-of date, or the end of the last month)."""
    return evaluation_day(as_of_day(ctx), scope.month_to)


def fetch(ctx: Context, spec: QuerySpec, params: dict[str, Any]) -> pd.DataFrame | None:
    """Run one indicator query (cached); a failure is shown on the page and counts as no data."""
    try:
        return ctx.reader.run(spec, params).frame
    except QueryError as exc:
        st.error(say("pillars.overview.query_failed", query=query_file(spec, ctx.reader.settings.queries_dir),
                     message=str(exc)))
        return None


def assess_spec(ctx: Context, spec: QuerySpec, params: dict[str, Any], today: dt.date) -> Assessment:
    """Run and evaluate one indicator under explicit parameters (the township breakdown uses this)."""
    config, min_sample = load_settings().pace, load_settings().min_sample

    def evaluate() -> Assessment:
        frame = fetch(ctx, spec, params)
        if frame is None:
            return Assessment(spec=spec, points=(), evaluation=Evaluation(status="no_data"))
        return assess(spec, frame, today, config, min_sample)

    values = sorted((k, v) for k, v in params.items() if k in spec.params)
    # repr(spec) holds the whole file (SQL and header, targets included), so an edit misses the cache.
    return ctx.reader.keep(repr(("assess", spec, values, today, config, min_sample)), evaluate)


def assess_all(ctx: Context, scope: Scope) -> dict[str, list[Assessment]]:
    """Evaluate every indicator of every pillar under the selection."""
    as_of = as_of_day(ctx)
    registry, config, min_sample = ctx.reader.registry, load_settings().pace, load_settings().min_sample
    # The key holds every indicator file (SQL and header), so an edited or added one is assessed afresh.
    files = sorted(repr(s) for s in registry.specs.values() if s.indicator)
    return ctx.reader.keep(repr(("assess_all", scope, as_of, config, min_sample, files)),
                           lambda: assess_pillars(registry, partial(fetch, ctx), scope, as_of, config, min_sample))


def pillar_cards(assessed: dict[str, list[Assessment]], changes: dict[str, str] | None = None) -> None:
    """Draw the three pillar cards side by side, each with its change since an edition (HTML) when given."""
    for column, pillar in zip(st.columns(len(PILLARS)), PILLARS, strict=True):
        with column:
            st.html(pillar_card_html(pillar_card(pillar, assessed[pillar])))
            if changes and changes.get(pillar):
                st.html(changes[pillar])


def pillar_card(pillar: str, assessments: list[Assessment]) -> PillarCard:
    """Describe one pillar's card from its assessments."""
    score, history = pillar_summary(assessments, load_settings().pace)
    counts = t("pillars.card.separator").join(t(f"pillars.count.{k}", n=n) for k, n in score.counts.items() if n)
    trend = (t("pillars.card.trend", first=month_text(history[0][0]), last=month_text(history[-1][0]))
             if len(history) > 1 else t("pillars.card.no_trend"))
    return PillarCard(
        # One accent for all three: a pillar is told by its name, and only the status pill carries a status colour.
        name=t(f"pillar.{pillar}"), color=palette.PILLAR_ACCENT,
        score_text=f"{score.score:.0f}" if score.score is not None else t("pillars.card.no_score"),
        score_caption=t("pillars.card.score_caption"), status_text=status_label(score.status, current_lang()),
        status_color=status_color(score.status), status_dark_text=score.status in ("at_risk", "no_data"),
        counts_text=t("pillars.card.counts", total=len(assessments), counts=counts),
        sparkline=[v for _, v in history], sparkline_caption=trend)


def indicator_tables(ctx: Context, assessed: dict[str, list[Assessment]], changes: dict[str, str] | None = None,
                     pillars: tuple[str, ...] = PILLARS) -> None:
    """Draw, per pillar, its indicators with progress bar, status and published/configured mark, and each one's
    change since an edition when given (query id -> text)."""
    lang = current_lang()
    for pillar in pillars:
        st.subheader(say("pillars.overview.indicators_heading", pillar=t(f"pillar.{pillar}")), divider="gray")
        if not assessed[pillar]:
            st.info(t("block.empty"), icon=":material/filter_alt_off:")
            continue
        assessment_table(with_changes(indicator_table(assessed[pillar], lang), changes),
                         key=f"overview.table.{pillar}")
        st.caption(literal(sources_line(ctx, assessed[pillar])))
    st.caption(t("pillars.overview.configured_note"))


def sources_line(ctx: Context, assessments: list[Assessment]) -> str:
    """Say where a pillar table's numbers come from: kinds of data and as-of date (each indicator's file is in its
    detail, for analysts)."""
    kinds = " · ".join(t(f"source.{k}") for k in sorted({a.spec.source for a in assessments}))
    return t("pillars.overview.sources", kinds=kinds, as_of=as_of_day(ctx).isoformat())


def with_changes(frame: pd.DataFrame, changes: dict[str, str] | None) -> pd.DataFrame:
    """Add the change column (after status) when changes are given; assessment_table then shows it."""
    if not changes:
        return frame
    return frame.assign(change=frame["query_id"].map(changes).fillna("—"))


def assessment_table(frame: pd.DataFrame, key: str, first: str = "label") -> None:
    """Show an assessment table: text columns, a progress bar, and the status in words on its colour."""
    config: dict[str, Any] = {name: st.column_config.TextColumn(t(f"pillars.columns.{name}"), width=WIDTHS[name])
                              for name in SHOWN}
    config["label"] = st.column_config.TextColumn(t(f"pillars.columns.{first}"), width=WIDTHS["label"])
    config["progress"] = st.column_config.ProgressColumn(t("pillars.columns.progress"), min_value=0, max_value=100,
                                                         format="%.0f%%", width=WIDTHS["progress"])
    order = list(SHOWN)
    if "change" in frame.columns:  # since an edition: right after the status it may have moved from
        # The table still fits a 1400 px window: the target's source (report or configuration) gives way, and
        # stays in the indicator detail.
        config["change"] = st.column_config.TextColumn(t("meeting.column.change"), width=CHANGE_WIDTH)
        config["label"] = st.column_config.TextColumn(t(f"pillars.columns.{first}"), width=WIDTHS["label"] - 50)
        order.remove("basis")
        order.insert(order.index("status") + 1, "change")
    styled = frame.style.apply(status_styles, axis=None)
    with st.container(key=WIDE_KEY + key):
        st.dataframe(styled, column_config=config, column_order=order, hide_index=True, width="stretch",
                     height="content", key=key)
    narrow_list(frame, key)


def narrow_list(frame: pd.DataFrame, key: str) -> None:
    """Draw the same rows as cards, shown instead of the table below 640 px so a phone sees every status."""
    labels = {name: t(f"pillars.columns.{name}") for name in ("current", "progress", "expected")}
    labels["target"] = t("screen.list.target")  # the column's "target · by" would read "Target · by 19 · 2018-10-25"
    labels["change"] = t("meeting.column.change")
    st.html(NARROW_CSS)
    with st.container(key=NARROW_KEY + key):
        st.html(assessment_list_html(frame, labels))

