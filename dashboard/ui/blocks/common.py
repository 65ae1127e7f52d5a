"""Page pieces: one query as a block (chart, source, download menu; rows and SQL for analysts) and KPI rows."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.engine.runner import QueryError, QueryResult
from dashboard.present.kpis import kpi_cards
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import QueryFileError, QuerySpec
from dashboard.ui.blocks import results
from dashboard.ui.blocks.provenance import demo_marker, snapshot_row, source_line
from dashboard.ui.blocks.results import Draw, Reshape
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import bold, literal, say

__all__ = ["chart_block", "data_and_sql", "demo_marker", "kpi_row", "query_block", "snapshot_row", "source_line"]


def _spec(ctx: Context, query_id: str) -> QuerySpec | None:
    """Return a query's spec, or show the broken file's error and return None."""
    try:
        return ctx.reader.registry.get(query_id)
    except (QueryFileError, KeyError) as exc:
        st.error(say("block.broken_file", message=str(exc).strip("'\"")))
        return None


def query_block(ctx: Context, query_id: str, scope: Scope, key: str | None = None,
                params: dict[str, Any] | None = None, reshape: Reshape | None = None, draw: Draw | None = None,
                variant: str | None = None) -> QueryResult | None:
    """Draw one query under the sidebar filters (plus page-chosen values), optionally reshaped or custom-drawn."""
    spec = _spec(ctx, query_id)
    if spec is None:
        return None
    return results.query_panel(ctx, spec, scope, key=key or query_id, editable=False, extra=params, reshape=reshape,
                               draw=draw, variant=variant)


def chart_block(ctx: Context, query_id: str, scope: Scope, key: str | None = None) -> QueryResult | None:
    """Draw one query under the sidebar filters exactly as its file declares."""
    return query_block(ctx, query_id, scope, key=key)


def kpi_row(ctx: Context, query_id: str, scope: Scope, key: str | None = None,
            columns: int = 4) -> QueryResult | None:
    """Show a KPI query (see dashboard.present.kpis) as metric cards with notes, the source line and download menu."""
    spec = _spec(ctx, query_id)
    if spec is None:
        return None
    lang = current_lang()
    st.subheader(literal(spec.label(lang)))
    if spec.description:
        st.caption(literal(spec.description[lang]))
    try:
        result = ctx.reader.run(spec, scope.params())
    except QueryError as exc:
        st.error(say("block.error", message=str(exc)))
        return None
    cards = kpi_cards(result.frame, lang, filtered=bool(scope.township or scope.area))
    if not cards:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
    for start in range(0, len(cards), columns):
        for column, card in zip(st.columns(columns), cards[start:start + columns], strict=False):
            with column, st.container(border=True, height="stretch"):
                # Long report labels would be cut off in the metric's own label line, so they go above it.
                st.markdown(bold(card.label))
                st.metric(literal(card.label), card.value, label_visibility="collapsed")
                st.caption(literal(card.note))
    results.block_footer(ctx, spec, result, _values(spec, scope), key=key or query_id)
    return result


def data_and_sql(ctx: Context, spec: QuerySpec, result: QueryResult, scope: Scope, key: str) -> None:
    """Under a source line drawn by the caller: the download menu, and for analysts the rows and SQL."""
    results.block_footer(ctx, spec, result, _values(spec, scope), key=key, source=False)


def _values(spec: QuerySpec, scope: Scope) -> dict[str, Any]:
    """Return the filter values a query declares as parameters."""
    return {k: v for k, v in scope.params().items() if k in spec.params}
