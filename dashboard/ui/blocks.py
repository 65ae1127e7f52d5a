"""Page pieces: one query as a block (chart, source, downloads, SQL), and its data-and-SQL section."""

from __future__ import annotations

import streamlit as st

from dashboard.runner import QueryResult
from dashboard.scope import Scope
from dashboard.sqlfile import QueryFileError, QuerySpec
from dashboard.ui import cache, results
from dashboard.ui.lang import t
from dashboard.ui.provenance import demo_marker, snapshot_row, source_line

__all__ = ["chart_block", "data_and_sql", "demo_marker", "snapshot_row", "source_line"]


def chart_block(query_id: str, scope: Scope, key: str | None = None) -> QueryResult | None:
    """Draw one query under the sidebar filters: title, chart or table, source, slide image, data and SQL."""
    try:
        spec = cache.registry().get(query_id)
    except (QueryFileError, KeyError) as exc:
        st.error(t("block.broken_file", message=str(exc).strip("'\"")))
        return None
    return results.query_panel(spec, scope, key=key or query_id, editable=False)


def data_and_sql(spec: QuerySpec, result: QueryResult, scope: Scope, key: str) -> None:
    """Show the rows, CSV and XLSX downloads and the query's SQL in a collapsed section."""
    with st.expander(t("block.data_and_sql"), icon=":material/table:"):
        if spec.chart.type != "table":
            results.result_table(result.frame, spec.chart.column_labels(scope.lang))
        results.downloads(spec, result, {k: v for k, v in scope.params().items() if k in spec.params}, key=key)
        st.code(spec.path.read_text(encoding="utf-8"), language="sql")
