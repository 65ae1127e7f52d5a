"""Reusable page pieces: a query's chart block, its source line, the demo marker."""

from __future__ import annotations

import re

import streamlit as st

from dashboard.charts import build_figure
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
