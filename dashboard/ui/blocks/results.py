"""Results shown the same way on every page: chart, sortable table, one compact download menu (CSV, XLSX, slide
image), and the rows and SQL behind a chart for analysts only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

from dashboard.engine.runner import QueryError, QueryResult
from dashboard.engine.sqlerrors import explain_error
from dashboard.present.codes import relabel
from dashboard.present.downloads import csv_bytes, safe_stem, xlsx_bytes
from dashboard.present.plots import query_plot
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import QuerySpec
from dashboard.ui.blocks import maps, params, slides
from dashboard.ui.blocks.provenance import behind_line, export_tag, snapshot_row, source_line
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import literal, say

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GLOBAL_NAMES = frozenset(Scope().params()) - {"lang"}
Reshape = Callable[[pd.DataFrame], pd.DataFrame]
Draw = Callable[[pd.DataFrame, QuerySpec], go.Figure]


def result_table(frame: pd.DataFrame, labels: dict[str, str] | None = None, key: str | None = None) -> None:
    """Show rows in a table the reader can sort by clicking a column header; dates without a midnight time."""
    shown = frame.rename(columns=labels or {})
    dates = {c: st.column_config.DateColumn(format="YYYY-MM-DD")
             for c in shown.columns if pd.api.types.is_datetime64_any_dtype(shown[c])}
    st.dataframe(shown, hide_index=True, width="stretch", key=key, column_config=dates)


def download_buttons(frame: pd.DataFrame, stem: str, about: dict[str, str], key: str,
                     labels: dict[str, str] | None = None, in_menu: bool = False) -> None:
    """Offer the rows as CSV and XLSX, with the headers the reader sees; files are built only on click.

    In a block's download menu the two buttons stack at full width; elsewhere they sit side by side.
    """
    shown = frame.rename(columns=labels or {})
    texts = ("menu.csv", "menu.xlsx") if in_menu else ("workbench.download.csv", "workbench.download.xlsx")
    width = "stretch" if in_menu else "content"
    row = st.container(horizontal=not in_menu)
    row.download_button(t(texts[0]), data=lambda: csv_bytes(shown), file_name=f"{stem}.csv", mime="text/csv",
                        key=f"{key}.csv", on_click="ignore", icon=":material/download:", width=width)
    row.download_button(t(texts[1]), data=lambda: xlsx_bytes(shown, about), file_name=f"{stem}.xlsx",
                        mime=XLSX_MIME, key=f"{key}.xlsx", on_click="ignore", icon=":material/table_view:",
                        width=width)


def query_panel(ctx: Context, spec: QuerySpec, scope: Scope, key: str | None = None, editable: bool = True,
                extra: dict[str, Any] | None = None, reshape: Reshape | None = None,
                draw: Draw | None = None, variant: str | None = None) -> QueryResult | None:
    """Show one query file: parameters (as widgets when editable), chart or table, source and download menu,
    and for analysts the rows and SQL.

    `extra` binds page-chosen values on top of the filters; `reshape` is a pure step applied to the rows and
    `draw` a custom plot for them (pages use these for survey intervals and timelines); `variant` names that
    shaping in the cache key, since rows and plot are cached per snapshot, values and language.
    """
    lang = current_lang()
    st.subheader(literal(spec.label(lang)))
    if spec.description:
        st.caption(literal(spec.description[lang]))
    key = key or f"library.{spec.query_id}"
    values = _parameters(ctx, spec, scope, key) if editable else params.initial_values(spec, scope)
    values.update({k: v for k, v in (extra or {}).items() if k in spec.params})
    def make(result: QueryResult) -> tuple[pd.DataFrame, go.Figure | None]:
        frame = relabel(reshape(result.frame) if reshape else result.frame, lang)
        charted = not frame.empty and (draw is not None or spec.chart.type != "table")
        shapes = maps.shapes(ctx, spec.chart.level) if spec.chart.level and draw is None else None
        if shapes is not None and not shapes.geometry:
            charted = False  # no boundaries loaded: the rows show as a table, with a note on how to load them
        return frame, (draw(frame, spec) if draw else query_plot(frame, spec, lang, relabelled=True, shapes=shapes)) \
            if charted else None

    if (draw or reshape) and not variant:
        raise ValueError(f"{spec.query_id}: a custom reshape or draw needs a variant name for the cache key")
    try:
        result, frame, plot = ctx.reader.panel(spec, values, lang, variant or "", make)
    except QueryError as exc:
        st.error(literal(explain_error(exc, lang, ctx.reader.settings)), icon=":material/error:")
        return None
    shown = replace(result, frame=frame)
    labels = spec.chart.column_labels(lang)
    _chart_or_table(ctx, spec, shown, labels, key, _stem(ctx, spec, values), plot)
    if result.truncated:
        st.warning(say("workbench.adhoc.truncated", cap=len(result.frame)), icon=":material/content_cut:")
    # Slide images are drawn from the query's chart spec, so custom-drawn blocks offer none.
    slide = partial(slides.slide_button, ctx, spec, result, scope, snapshot_row(ctx), _stem(ctx, spec, values),
                    key=key, values=values if editable or extra else None) \
        if draw is None and not shown.frame.empty else None
    charted = (draw is not None or spec.chart.type != "table") and not shown.frame.empty
    block_footer(ctx, spec, shown, values, key, slide=slide, table=charted)
    return shown


def lazy_section(label: str, key: str, icon: str) -> ExpanderContainer:
    """Draw a collapsed section whose content the caller draws only while it is `.open`.

    Streamlit sends a closed expander's content all the same, so each page built and mounted a table and an
    SQL listing per block that nobody had opened; opening one now reruns the page with it open.
    """
    return st.expander(literal(label), icon=icon, key=f"{key}.open", on_change="rerun")


def block_footer(ctx: Context, spec: QuerySpec, result: QueryResult, values: dict[str, Any], key: str,
                 slide: Callable[[], None] | None = None, table: bool = True, source: bool = True) -> None:
    """Under a block: its source line beside one compact download menu, then the analysts' rows-and-SQL section.

    `slide` draws the slide-image entry of the menu; `table` says whether the rows are not already on show.
    """
    with st.container(horizontal=True, vertical_alignment="center", wrap=False):
        if source:
            st.caption(literal(source_line(ctx, spec, result)), width="stretch")
        with st.popover(t("menu.label"), icon=":material/download:", help=t("menu.help"), key=f"{key}.menu"):
            downloads(ctx, spec, result, values, key=key)
            if slide is not None:
                slide()
    analyst_details(ctx, spec, result.frame if table else None, key, behind=behind_line(ctx, spec, result))


def analyst_details(ctx: Context, spec: QuerySpec, frame: pd.DataFrame | None, key: str, behind: str = "") -> None:
    """For analysts and admins: one collapsed section with the rows (when given), the snapshot and file they come
    from (`behind`), and the query's SQL source.

    The role is checked here, where they are built, so a viewer's browser is sent neither the SQL nor the rows.
    """
    if not ctx.run.visitor.allows("analyst"):
        return
    label, icon = (t("menu.details"), ":material/table:") if frame is not None else (t("menu.sql"), ":material/code:")
    with lazy_section(label, f"{key}.details", icon) as section:
        if section.open:
            if frame is not None:
                result_table(frame, spec.chart.column_labels(current_lang()))
            if behind:
                st.caption(literal(behind))
            st.code(spec.path.read_text(encoding="utf-8"), language="sql")


def downloads(ctx: Context, spec: QuerySpec, result: QueryResult, values: dict[str, Any], key: str) -> None:
    """Offer a query's rows as CSV and XLSX, the XLSX with an about sheet naming title, source and parameters."""
    lang = current_lang()
    about = {t("workbench.download.title"): spec.label(lang),
             t("workbench.download.source"): source_line(ctx, spec, result),
             t("workbench.download.params"): _describe(values),
             t("workbench.download.truncated"): str(result.truncated)}
    download_buttons(result.frame, _stem(ctx, spec, values), about, key=key, labels=spec.chart.column_labels(lang),
                     in_menu=True)


def _parameters(ctx: Context, spec: QuerySpec, scope: Scope, key: str) -> dict[str, Any]:
    """Draw the parameter widgets in a box, noting when sidebar filters pre-fill some of them."""
    if not params.widget_params(spec):
        return params.initial_values(spec, scope)
    with st.container(border=True):
        values = params.param_inputs(ctx, spec, scope, prefix=f"{key}.param")
        if GLOBAL_NAMES & set(spec.params):
            st.caption(t("workbench.params.prefilled"))
    return values


def _chart_or_table(ctx: Context, spec: QuerySpec, result: QueryResult, labels: dict[str, str], key: str,
                    stem: str, plot: go.Figure | None) -> None:
    """Draw the chart already built (cached), the table for table queries, or the empty state."""
    if result.frame.empty:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
    elif plot is None:
        if spec.chart.type == "map":
            maps.has_shapes(ctx, spec.chart.level or "township")
        result_table(result.frame, labels)
    elif spec.chart.type == "map":
        maps.show(plot, f"{key}.chart", _townships_of(result.frame), stem=stem)
    else:
        st.plotly_chart(plot, width="stretch", key=f"{key}.chart", config={
            "displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": stem}})


def _townships_of(frame: pd.DataFrame) -> dict[str, str] | None:
    """Map each drawn place to its township, so a click can filter by it; None when the rows do not say."""
    if "township_id" not in frame:
        return None
    places = frame["community_id"] if "community_id" in frame else frame["township_id"]
    return dict(zip(places.astype(str), frame["township_id"].astype(str), strict=True))


def _describe(values: dict[str, Any]) -> str:
    """Write parameter values as `name=value` pairs for the download's about sheet."""
    return ", ".join(f"{k}={v}" for k, v in values.items() if v is not None) or "—"


def _stem(ctx: Context, spec: QuerySpec, values: dict[str, Any]) -> str:
    """Name a download after its query and the parameter values that narrow it."""
    parts = [spec.query_id, *(str(v) for k, v in values.items()
                              if v is not None and k in spec.params and spec.params[k].type != "lang")]
    parts += [export_tag(ctx)] if export_tag(ctx) else []
    return safe_stem("-".join(parts))
