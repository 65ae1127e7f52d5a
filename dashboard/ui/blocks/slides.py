"""The slide-image entry of a chart's download menu: a captioned 16:9 PNG, rendered on the server only when clicked."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.briefing.captions import SnapshotInfo, other_params, scope_of
from dashboard.briefing.collect import single_chart
from dashboard.briefing.fonts import MissingFontError, require_cjk_font
from dashboard.briefing.images import slide_png
from dashboard.engine.runner import QueryResult
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import QuerySpec
from dashboard.ui.blocks import maps
from dashboard.ui.blocks.provenance import export_note
from dashboard.ui.frame import filters
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import literal


def slide_button(ctx: Context, spec: QuerySpec, result: QueryResult, scope: Scope, snapshot: dict[str, object],
                 stem: str, key: str, values: dict[str, Any] | None = None) -> None:
    """Offer the chart as a slide image; disabled, saying what to install, when no Chinese font exists.

    `values` are the parameters the rows were fetched with when a panel lets the reader change them;
    the image then describes those rather than the sidebar filters.
    """
    label, widget_key = t("menu.slide"), f"slide.{key}"
    try:
        require_cjk_font()
    except MissingFontError:
        st.button(literal(label), key=widget_key, disabled=True, help=t("briefing.no_cjk_font"),
                  icon=":material/slideshow:", width="stretch")
        return
    lang, rows = current_lang(), result.frame
    shown = scope_of(values, lang) if values is not None else scope
    described = " · ".join(p for p in (export_note(ctx), shown.describe(filters.township_name(ctx.reader, shown)),
                                        other_params(spec, values or {}, lang)) if p)
    info = SnapshotInfo.from_row(snapshot)
    shapes = maps.shapes(ctx, spec.chart.level) if spec.chart.type == "map" and spec.chart.level else None

    def render() -> bytes:
        """Runs on a worker thread when clicked, so it touches no Streamlit state."""
        return slide_png(single_chart(spec, rows, info, lang, described, shapes=shapes))

    st.download_button(literal(label), render, file_name=f"{stem}-slide.png", mime="image/png", key=widget_key,
                       on_click="ignore", icon=":material/slideshow:", help=t("briefing.block.slide_help"),
                       width="stretch")
