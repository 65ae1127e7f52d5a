"""Pieces of the ad-hoc SQL page: the schema browser, the outcome of a run and its quick chart."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.engine.adhoc import QUICK_TYPES, Outcome, numeric_columns, quick_chart, suggest_chart
from dashboard.engine.sqlerrors import explain_error
from dashboard.present.charts import build_plot
from dashboard.present.downloads import safe_stem
from dashboard.query.sqlfile import ChartSpec
from dashboard.ui.blocks import provenance
from dashboard.ui.blocks.results import download_buttons, result_table
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import literal, say

CHART_KEYS = ("adhoc.chart_type", "adhoc.chart_x", "adhoc.chart_y", "adhoc.chart_color")


def schema_browser(ctx: Context) -> None:
    """List the warehouse's tables and the columns of one, all through reference query files."""
    lang = current_lang()
    st.subheader(t("workbench.schema.heading"))
    registry = ctx.reader.registry
    tables = ctx.reader.frame("reference/schema_tables", {"lang": lang})
    result_table(tables, registry.get("reference/schema_tables").chart.column_labels(lang))
    table = st.selectbox(t("workbench.schema.table"), list(tables["table_name"]), key="adhoc.schema_table")
    columns = ctx.reader.frame("reference/schema_columns", {"table_name": table, "lang": lang})
    labels = registry.get("reference/schema_columns").chart.column_labels(lang)
    result_table(columns.drop(columns="table_name"), labels)
    st.caption(t("workbench.schema.caption"))


def show_outcome(ctx: Context, outcome: Outcome) -> None:
    """Show the error line, or the rows with their notices, downloads and quick chart."""
    lang = current_lang()
    if outcome.error is not None:
        st.error(literal(explain_error(outcome.error, lang, ctx.reader.settings)), icon=":material/block:")
        return
    result = outcome.result
    assert result is not None
    st.subheader(t("workbench.adhoc.result_heading"))
    st.caption(say("workbench.adhoc.summary", rows=len(result.frame), seconds=f"{outcome.seconds:.2f}",
                   snapshot=result.snapshot_id[-10:]))
    if result.truncated:
        st.warning(say("workbench.adhoc.truncated", cap=len(result.frame)), icon=":material/content_cut:")
    if result.frame.empty:
        st.info(t("workbench.adhoc.empty"), icon=":material/filter_alt_off:")
        return
    result_table(result.frame)
    download_buttons(result.frame, safe_stem(f"adhoc-{result.snapshot_id[-10:]}"), _about(ctx, outcome), key="adhoc")
    quick_chart_section(result.frame)


def quick_chart_section(frame: pd.DataFrame) -> None:
    """Let the reader pick chart type, x, values and colour, and draw it with the app's one theme."""
    st.subheader(t("workbench.chart.heading"))
    if not numeric_columns(frame):
        st.info(t("workbench.chart.unavailable"), icon=":material/bar_chart_off:")
        return
    _reset_when_columns_change(frame)
    columns = [str(c) for c in frame.columns]
    none = [None]
    kind_col, x_col, y_col, color_col = st.columns([1, 1, 2, 1])
    names = {k: t(f"workbench.chart.{k}") for k in QUICK_TYPES}
    kind = kind_col.selectbox(t("workbench.chart.type"), QUICK_TYPES, key=CHART_KEYS[0], format_func=names.get)
    x = x_col.selectbox(t("workbench.chart.x"), columns, key=CHART_KEYS[1])
    y = y_col.multiselect(t("workbench.chart.y"), numeric_columns(frame), key=CHART_KEYS[2])
    nothing = t("workbench.chart.none")
    color = color_col.selectbox(t("workbench.chart.color"), none + columns, key=CHART_KEYS[3], placeholder=nothing,
                                format_func=lambda c: nothing if c is None else c)
    chart = quick_chart(kind, x, y, color)
    if chart is None:
        st.info(t("workbench.chart.incomplete"))
        return
    st.plotly_chart(build_plot(frame, chart), width="stretch", key="adhoc.chart",
                    config={"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}})


def _reset_when_columns_change(frame: pd.DataFrame) -> None:
    """Start the chart pickers from a suggestion whenever a result with other columns arrives."""
    signature = tuple(map(str, frame.columns))
    if st.session_state.get("adhoc._chart_columns") == signature:
        return
    st.session_state["adhoc._chart_columns"] = signature
    chart = suggest_chart(frame) or ChartSpec(type="bar", x=signature[0])
    st.session_state[CHART_KEYS[0]] = chart.type
    st.session_state[CHART_KEYS[1]] = chart.x
    st.session_state[CHART_KEYS[2]] = list(chart.y)
    st.session_state[CHART_KEYS[3]] = None


def _about(ctx: Context, outcome: Outcome) -> dict[str, str]:
    """Describe an ad-hoc download: where its rows come from and the SQL that made them."""
    info = provenance.snapshot_row(ctx)
    kind = t("source.demo") if info.get("data_kind") == "demo" else str(info.get("data_kind", ""))
    as_of = getattr(info.get("as_of"), "strftime", lambda _: "")("%Y-%m-%d")
    assert outcome.result is not None
    return {t("workbench.download.source"): f"{t('workbench.download.adhoc')} · {kind}",
            t("workbench.download.as_of"): as_of, t("workbench.download.snapshot"): outcome.result.snapshot_id,
            t("workbench.download.truncated"): str(outcome.result.truncated), t("workbench.download.sql"): outcome.sql}
