"""Reusable page pieces: a query's chart block, its source line, the demo marker."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.charts import build_figure, finish_figure, recolor
from dashboard.codes import CODE_COLUMNS, code_colors, relabel
from dashboard.kpis import kpi_cards
from dashboard.runner import QueryError, QueryResult
from dashboard.scope import Scope
from dashboard.sqlfile import QueryFileError, QuerySpec
from dashboard.ui import cache, slides
from dashboard.ui.lang import current_lang, t


def snapshot_row() -> dict[str, object]:
    """Return the live snapshot's id, as-of date and kind of data."""
    info = cache.frame("reference/snapshot")
    return info.iloc[0].to_dict() if len(info) else {}


def demo_marker() -> None:
    """Show the demo-data notice on every page while the demo warehouse is live."""
    if snapshot_row().get("includes_demo"):
        st.warning(t("app.demo_marker"), icon=":material/science:")


def source_line(spec: QuerySpec, result: QueryResult) -> str:
    """Say where a chart's numbers come from, as of when, from which snapshot and query file."""
    info = snapshot_row()
    as_of = info.get("as_of")
    label = t(f"source.{spec.source}")
    if spec.source == "published":
        label = f"{label} · {t('source.article')}"
    if info.get("loads"):
        label = f"{label} · {t('source.loaded', description=info.get('description'), at=info.get('built_at'))}"
    return t("source.line", source=label, as_of=getattr(as_of, "strftime", lambda _: as_of)("%Y-%m-%d"),
             snapshot=result.snapshot_id[-10:], query=f"queries/{spec.query_id}.sql")


def file_stem(spec: QuerySpec, scope: Scope) -> str:
    """Return a meaningful download file name for a chart under a selection."""
    parts = [spec.query_id.replace("/", "_"), scope.township or "all"]
    if scope.month_from or scope.month_to:
        parts.append("_".join(d.strftime("%Y%m") for d in (scope.month_from, scope.month_to) if d))
    return re.sub(r"[^\w\-]+", "_", "-".join(parts))


def chart_block(query_id: str, scope: Scope, key: str | None = None) -> QueryResult | None:
    """Draw one query: title, chart or table, empty state, source line, and its data and SQL."""
    lang = current_lang()
    try:
        spec = cache.registry().get(query_id)
    except (QueryFileError, KeyError) as exc:
        st.error(t("block.broken_file", message=str(exc).strip("'\"")))
        return None
    st.subheader(spec.label(lang))
    if spec.description:
        st.caption(spec.description[lang])
    try:
        result = cache.run_query(spec, scope.params())
    except QueryError as exc:
        st.error(t("block.error", message=str(exc)))
        return None
    if result.frame.empty:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
    elif spec.chart.type == "table":
        st.dataframe(result.frame, hide_index=True, width="stretch")
    else:
        fig = build_figure(result.frame, spec.chart, labels=spec.chart.column_labels(lang))
        st.plotly_chart(fig, width="stretch", key=f"chart.{key or query_id}",
                        config={"displaylogo": False, "toImageButtonOptions": {
                            "format": "png", "scale": 2, "filename": file_stem(spec, scope)}})
    if result.truncated:
        st.warning(t("block.truncated", cap=len(result.frame)))
    st.caption(source_line(spec, result))
    if not result.frame.empty:
        slides.slide_button(spec, result, scope, snapshot_row(), file_stem(spec, scope), key=key or query_id)
    data_and_sql(spec, result, scope, key=key or query_id)
    return result


def data_and_sql(spec: QuerySpec, result: QueryResult, scope: Scope, key: str) -> None:
    """Show the result table, a CSV download and the query's SQL in a collapsed section."""
    with st.expander(t("block.data_and_sql"), icon=":material/table:"):
        if spec.chart.type != "table":
            st.dataframe(result.frame, hide_index=True, width="stretch")
        st.download_button(t("block.download_csv"), result.frame.to_csv(index=False).encode("utf-8-sig"),
                           file_name=f"{file_stem(spec, scope)}.csv", mime="text/csv", key=f"csv.{key}")
        st.code(spec.path.read_text(encoding="utf-8"), language="sql")


# --- Blocks added for the domain pages: extra bound values, a pure reshaping step, custom figures, KPI rows. ---

Reshape = Callable[[pd.DataFrame], pd.DataFrame]
Draw = Callable[[pd.DataFrame, QuerySpec], go.Figure]


def _heading_and_result(query_id: str, scope: Scope, params: dict[str, Any] | None
                        ) -> tuple[QuerySpec, QueryResult] | None:
    """Write a query's title and description and run it with the selection plus extra values, or show why not."""
    lang = current_lang()
    try:
        spec = cache.registry().get(query_id)
    except (QueryFileError, KeyError) as exc:
        st.error(t("block.broken_file", message=str(exc).strip("'\"")))
        return None
    st.subheader(spec.label(lang))
    if spec.description:
        st.caption(spec.description[lang])
    try:
        return spec, cache.run_query(spec, {**scope.params(), **(params or {})})
    except QueryError as exc:
        st.error(t("block.error", message=str(exc)))
        return None


def query_block(query_id: str, scope: Scope, key: str | None = None, params: dict[str, Any] | None = None,
                reshape: Reshape | None = None, draw: Draw | None = None) -> QueryResult | None:
    """Like chart_block, with page-chosen extra values, a pure reshaping step and figure, and codes shown by name."""
    found = _heading_and_result(query_id, scope, params)
    if found is None:
        return None
    spec, result = found
    lang = current_lang()
    frame = relabel(reshape(result.frame) if reshape else result.frame, lang)
    labels = spec.chart.column_labels(lang)
    key = key or query_id
    if frame.empty:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
    elif draw is not None or spec.chart.type != "table":
        fig = draw(frame, spec) if draw else _generic_figure(frame, spec, labels, lang)
        st.plotly_chart(fig, width="stretch", key=f"chart.{key}", config={
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "scale": 2, "filename": file_stem(spec, scope)}})
    else:
        st.dataframe(frame.rename(columns=labels), hide_index=True, width="stretch",
                     column_config=_date_columns(frame, labels))
    if result.truncated:
        st.warning(t("block.truncated", cap=len(result.frame)))
    st.caption(source_line(spec, result))
    shown = replace(result, frame=frame)
    if draw is None and not frame.empty:
        # The slide renderer draws from the query's chart spec, so only spec-drawn blocks offer a slide.
        slides.slide_button(spec, shown, scope, snapshot_row(), file_stem(spec, scope), key=key,
                            values={**scope.params(), **params} if params else None)
    _data_sql_download(spec, shown, scope, key, table=draw is not None or spec.chart.type != "table")
    return shown


def _generic_figure(frame: pd.DataFrame, spec: QuerySpec, labels: dict[str, str], lang: str) -> go.Figure:
    """Draw a query as its chart spec says, with code categories in their fixed colours."""
    fig = finish_figure(build_figure(frame, spec.chart, labels=labels), spec.chart, labels)
    coloured = spec.chart.x if spec.chart.type == "pie" else spec.chart.color
    return recolor(fig, code_colors(coloured, lang)) if coloured in CODE_COLUMNS else fig


def kpi_row(query_id: str, scope: Scope, key: str | None = None, columns: int = 4) -> QueryResult | None:
    """Show a KPI query (see dashboard.kpis) as metric cards with notes, the source line, data and SQL."""
    found = _heading_and_result(query_id, scope, None)
    if found is None:
        return None
    spec, result = found
    cards = kpi_cards(result.frame, current_lang(), filtered=bool(scope.township or scope.area))
    if not cards:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
    for start in range(0, len(cards), columns):
        for column, card in zip(st.columns(columns), cards[start:start + columns], strict=False):
            with column, st.container(border=True, height="stretch"):
                # Long report labels would be cut off in the metric's own label line, so they go above it.
                st.markdown(f"**{card.label}**")
                st.metric(card.label, card.value, label_visibility="collapsed")
                st.caption(card.note)
    st.caption(source_line(spec, result))
    _data_sql_download(spec, result, scope, key or query_id, table=True)
    return result


def _data_sql_download(spec: QuerySpec, result: QueryResult, scope: Scope, key: str, table: bool) -> None:
    """Show (optionally) the rows, a CSV download and the SQL in a collapsed section."""
    with st.expander(t("block.data_and_sql"), icon=":material/table:"):
        if table:
            st.dataframe(result.frame, hide_index=True, width="stretch")
        st.download_button(t("block.download_csv"), result.frame.to_csv(index=False).encode("utf-8-sig"),
                           file_name=f"{file_stem(spec, scope)}.csv", mime="text/csv", key=f"csv.{key}")
        st.code(spec.path.read_text(encoding="utf-8"), language="sql")


def _date_columns(frame: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    """Show date-typed columns as plain dates (DuckDB dates arrive as midnight timestamps)."""
    return {labels.get(c, c): st.column_config.DateColumn(format="YYYY-MM-DD")
            for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])}
