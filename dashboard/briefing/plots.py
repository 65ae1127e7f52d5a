"""A query's plot for a slide: its chart (axes named and months formatted for print), a table, or an empty state.

A printed map cannot be hovered, so a map slide carries its numbers: the map shrinks to the left and a ranking
of the places by value, labelled in the query's own words, stands beside it.
"""

from __future__ import annotations

import html

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.present.charts import build_message_plot, build_table_plot
from dashboard.present.codes import relabel
from dashboard.present.maps import Shapes, value_text
from dashboard.present.plots import query_plot
from dashboard.query.sqlfile import QuerySpec

TABLE_ROWS = 10
MAP_SHARE = 0.56  # of the slide's width the map keeps; the ranking takes the right side
RANKED = 16  # places a ranking lists; more would not fit at a readable size


def ranking_trace(spec: QuerySpec, rows: pd.DataFrame, lang: str) -> dict | None:
    """Return a table trace ranking a map's places by value (highest first), or None when there is no value."""
    chart, labels = spec.chart, spec.chart.column_labels(lang)
    value, place = chart.value or "", chart.place_column or ""
    name = next((c for c in (place.removesuffix("_id"), "name", place) if c and c in rows), None)
    if not value or value not in rows or name is None:
        return None
    ranked = rows.assign(_v=pd.to_numeric(rows[value], errors="coerce")).sort_values("_v", ascending=False,
                                                                                      na_position="last")
    ranked = ranked.head(RANKED)
    header = [translate("briefing.image.rank", lang), labels.get(name, name), labels.get(value, value)]
    cells = [[str(i) for i in range(1, len(ranked) + 1)],
             [html.escape(str(v), quote=False) for v in ranked[name]],
             [value_text(v, chart.y_format) for v in ranked[value]]]
    return {"type": "table", "columnwidth": [0.6, 2.2, 1.2], "domain": {"x": [MAP_SHARE + 0.08, 1], "y": [0, 1]},
            "header": {"values": [f"<b>{html.escape(h, quote=False)}</b>" for h in header], "align": "left",
                       "fill": {"color": "#eef2f5"}, "height": 30, "font": {"size": 16}},
            "cells": {"values": cells, "align": ["right", "left", "right"], "height": 28, "font": {"size": 16}}}


def _with_ranking(plot: dict, ranking: dict) -> dict:
    """Put the map on the left of the slide and the ranking on the right; the colour bar sits between them."""
    layout = plot.setdefault("layout", {})
    layout.setdefault("geo", {})["domain"] = {"x": [0, MAP_SHARE], "y": [0, 1]}
    for trace in plot.get("data", []):
        if trace.get("type") == "choropleth" and trace.get("showscale", True):
            trace.setdefault("colorbar", {}).update(x=MAP_SHARE + 0.01, xanchor="left")
    plot["data"] = [*plot.get("data", []), ranking]
    return plot


def chart_plot(spec: QuerySpec, rows: pd.DataFrame, lang: str, shapes: Shapes | None = None) -> dict:
    """Build a query's slide plot: its chart, a table of its first rows, or an empty-state message."""
    labels = spec.chart.column_labels(lang)
    if rows.empty:
        fig = build_message_plot(translate("briefing.image.empty", lang))
    elif spec.chart.type == "table":
        note = (translate("briefing.image.table_rows", lang, shown=TABLE_ROWS, total=len(rows))
                if len(rows) > TABLE_ROWS else "")
        fig = build_table_plot(relabel(rows, lang), labels, TABLE_ROWS, note)
    elif spec.chart.type == "map" and (shapes is None or not shapes.geometry):
        fig = build_message_plot(translate("maps.no_shapes", lang,
                                           level=translate(f"maps.level_{spec.chart.level}", lang)))
    else:
        fig = query_plot(rows, spec, lang, shapes=shapes)
        ranking = ranking_trace(spec, rows, lang) if spec.chart.type == "map" else None
        if ranking is not None:
            return _with_ranking(fig.to_dict(), ranking)
    return fig.to_dict()
