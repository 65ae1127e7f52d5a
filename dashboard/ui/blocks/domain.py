"""Page pieces on top of common.query_block: survey estimates with intervals, the key-project timeline, pickers
whose options come from query files, and published figures as cards."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.base.settings import load_settings
from dashboard.engine.runner import QueryError, QueryResult
from dashboard.metrics import stats
from dashboard.present import charts
from dashboard.present.cards import figure_card_html
from dashboard.present.codes import code_colors, option_texts
from dashboard.present.kpis import KpiCard, kpi_card
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import PILLARS, QueryFileError, QuerySpec
from dashboard.ui.blocks import common, meeting_changes
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import literal, say

CARDS_PER_ROW = 4


def min_sample() -> int:
    """Return the configured minimum number of answers a survey cell needs to be shown."""
    return load_settings().min_sample


def estimates_block(ctx: Context, query_id: str, scope: Scope, kind: str = "bar",
                    key: str | None = None) -> QueryResult | None:
    """Show a survey-aggregate query as estimates with 95% intervals (bars, a line, or a text table)."""
    min_n = min_sample()
    suppressed = t("domains.suppressed", min_n=min_n)
    if kind == "table":
        return common.query_block(ctx, query_id, scope, key=key, variant=f"estimates:table:{min_n}",
                                  reshape=lambda frame: stats.estimates_wide(stats.estimates(frame, min_n), suppressed))

    def draw(frame: pd.DataFrame, spec: QuerySpec) -> go.Figure:
        """Draw the reshaped estimates along the query's first column."""
        x = frame.columns[0]
        percent = bool((frame["scale"] == "share").all())
        axis = t("domains.estimate_axis_share") if percent else t("domains.estimate_axis_score")
        labels = {**spec.chart.column_labels(current_lang()), "estimate": axis}
        return charts.build_estimates(frame, x=x, kind=kind, percent=percent, labels=labels, suppressed_text=suppressed)

    return common.query_block(ctx, query_id, scope, key=key, reshape=lambda frame: stats.estimates(frame, min_n),
                              draw=draw, variant=f"estimates:{kind}:{min_n}")


def timeline_block(ctx: Context, query_id: str, scope: Scope, key: str | None = None) -> QueryResult | None:
    """Show a schedule query as planned windows under actual progress, with the as-of date marked."""
    lang = current_lang()
    colors = code_colors("status", lang)

    def draw(frame: pd.DataFrame, spec: QuerySpec) -> go.Figure:
        """Draw the timeline with captions in the reader's language."""
        as_of = pd.Timestamp(frame["as_of"].iloc[0]).strftime("%Y-%m-%d")
        names = {"planned": t("domains.planned"), "as_of": t("domains.as_of", as_of=as_of)}
        return charts.build_timeline(frame, names=names, status_colors=colors)

    return common.query_block(ctx, query_id, scope, key=key, draw=draw, variant="timeline")


def picker(ctx: Context, query_id: str, scope: Scope, label: str, key: str, params: dict[str, Any] | None = None,
           optional: bool = False, all_label: str = "") -> Any:
    """Draw a select box whose options are the first column of a query; return the chosen value (None if none)."""
    try:
        frame = ctx.reader.frame(query_id, {**scope.params(), **(params or {})})
    except (QueryFileError, KeyError, QueryError) as exc:
        st.error(say("block.error", message=str(exc)))
        return None
    if frame.empty:
        if not optional:  # an optional narrowing with nothing to offer is simply left out
            st.info(t("domains.no_options"), icon=":material/filter_alt_off:")
        return None
    texts = option_texts(frame, current_lang())
    options = [None, *texts] if optional else list(texts)
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)  # the filters changed and the old choice is no longer offered
    return st.selectbox(literal(label), options, key=key, format_func=lambda v: all_label if v is None else texts[v])


def published_cards(ctx: Context, query_id: str) -> None:
    """Show each published figure a query computes (rows shaped like published/figures) as a card, by pillar."""
    lang = current_lang()
    try:
        figures = ctx.reader.frame(query_id)
    except (QueryFileError, KeyError, QueryError) as exc:
        st.error(say("block.error", message=str(exc)))
        return
    changes = meeting_changes.figure_changes(ctx, query_id)
    for pillar in (*PILLARS, None):
        rows = figures[figures["pillar"] == pillar] if pillar else figures[figures["pillar"].isna()]
        if rows.empty:
            continue
        st.subheader(t(f"pillar.{pillar}") if pillar else t("overview.other_figures"))
        cards = list(rows.itertuples(index=False))
        for start in range(0, len(cards), CARDS_PER_ROW):  # one row of columns per line keeps cards aligned
            for column, row in zip(st.columns(CARDS_PER_ROW), cards[start:start + CARDS_PER_ROW], strict=False):
                with column:
                    _figure_card(row, lang, changes.get(str(row.figure_id), ""))


def figure_card(row: Any, lang: str) -> KpiCard:
    """Return one published figure (a row shaped like published/figures) as a card: value, label, match."""
    label = row.label_zh if lang == "zh" else row.label_en or row.label_zh  # English is optional in a load
    return kpi_card({"figure_id": row.figure_id, "label": label,
                     "value": row.computed_value, "published_value": row.published_value, "unit": row.unit,
                     "qualifier": row.qualifier, "precision": row.precision, "city_wide": True}, lang, filtered=False)


def _figure_card(row: Any, lang: str, change: str = "") -> None:
    """One figure: computed value in the report's rounding, its full label, and whether it matches the report."""
    card = figure_card(row, lang)
    caption = " · ".join(p for p in (t("source.published"), card.note, change) if p)
    st.html(figure_card_html(card.label, card.value, caption))
