"""Results shown the same way on the library and ad-hoc pages: chart, sortable table, CSV and XLSX downloads."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.charts import build_figure
from dashboard.downloads import csv_bytes, safe_stem, xlsx_bytes
from dashboard.runner import QueryError, QueryResult
from dashboard.scope import Scope
from dashboard.sqlerrors import explain_error
from dashboard.sqlfile import QuerySpec
from dashboard.ui import blocks, cache, params
from dashboard.ui.lang import current_lang, t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GLOBAL_NAMES = frozenset(Scope().params()) - {"lang"}


def result_table(frame: pd.DataFrame, labels: dict[str, str] | None = None, key: str | None = None) -> None:
    """Show rows in a table the reader can sort by clicking a column header."""
    st.dataframe(frame.rename(columns=labels or {}), hide_index=True, width="stretch", key=key)


def download_buttons(frame: pd.DataFrame, stem: str, about: dict[str, str], key: str,
                     labels: dict[str, str] | None = None) -> None:
    """Offer the rows as CSV and XLSX, with the headers the reader sees; files are built only on click."""
    shown = frame.rename(columns=labels or {})
    row = st.container(horizontal=True)
    row.download_button(t("workbench.download.csv"), data=lambda: csv_bytes(shown), file_name=f"{stem}.csv",
                        mime="text/csv", key=f"{key}.csv", on_click="ignore", icon=":material/download:")
    row.download_button(t("workbench.download.xlsx"), data=lambda: xlsx_bytes(shown, about),
                        file_name=f"{stem}.xlsx", mime=XLSX_MIME, key=f"{key}.xlsx", on_click="ignore",
                        icon=":material/table_view:")


def query_panel(spec: QuerySpec, scope: Scope) -> QueryResult | None:
    """Show one query file: its parameters as widgets, chart or table, source, downloads and SQL."""
    lang = current_lang()
    st.subheader(spec.label(lang))
    if spec.description:
        st.caption(spec.description[lang])
    key = f"library.{spec.query_id}"
    values = _parameters(spec, scope, key)
    try:
        result = cache.run_query(spec, values)
    except QueryError as exc:
        st.error(explain_error(exc, lang, cache.runner().settings), icon=":material/error:")
        return None
    labels = spec.chart.column_labels(lang)
    _chart_or_table(spec, result, labels, key)
    if result.truncated:
        st.warning(t("workbench.adhoc.truncated", cap=len(result.frame)), icon=":material/content_cut:")
    source = blocks.source_line(spec, result)
    st.caption(source)
    about = {t("workbench.download.title"): spec.label(lang), t("workbench.download.source"): source,
             t("workbench.download.params"): _describe(values),
             t("workbench.download.truncated"): str(result.truncated)}
    download_buttons(result.frame, _stem(spec, values), about, key=key, labels=labels)
    if spec.chart.type != "table" and not result.frame.empty:
        with st.expander(t("workbench.library.data"), icon=":material/table:"):
            result_table(result.frame, labels)
    with st.expander(t("workbench.library.sql"), icon=":material/code:"):
        st.code(spec.path.read_text(encoding="utf-8"), language="sql")
    return result


def _parameters(spec: QuerySpec, scope: Scope, key: str) -> dict[str, Any]:
    """Draw the parameter widgets in a box, noting when sidebar filters pre-fill some of them."""
    if not params.widget_params(spec):
        return params.initial_values(spec, scope)
    with st.container(border=True):
        values = params.param_inputs(spec, scope, prefix=f"{key}.param")
        if GLOBAL_NAMES & set(spec.params):
            st.caption(t("workbench.params.prefilled"))
    return values


def _chart_or_table(spec: QuerySpec, result: QueryResult, labels: dict[str, str], key: str) -> None:
    """Draw the declared chart, the table for table queries, or the empty state."""
    if result.frame.empty:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
    elif spec.chart.type == "table":
        result_table(result.frame, labels)
    else:
        fig = build_figure(result.frame, spec.chart, labels=labels)
        st.plotly_chart(fig, width="stretch", key=f"{key}.chart", config={
            "displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": key}})


def _describe(values: dict[str, Any]) -> str:
    """Write parameter values as `name=value` pairs for the download's about sheet."""
    return ", ".join(f"{k}={v}" for k, v in values.items() if v is not None) or "—"


def _stem(spec: QuerySpec, values: dict[str, Any]) -> str:
    """Name a download after its query and the parameter values that narrow it."""
    parts = [spec.query_id, *(str(v) for k, v in values.items() if v is not None and spec.params[k].type != "lang")]
    return safe_stem("-".join(parts))
