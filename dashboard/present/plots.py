"""The one way a query's rows become a chart, in the app, the library and on slides alike."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.present.charts import build_plot, recolor
from dashboard.present.codes import CODE_COLUMNS, code_colors, relabel
from dashboard.present.maps import Shapes, map_plot
from dashboard.query.sqlfile import QuerySpec


def query_plot(frame: pd.DataFrame, spec: QuerySpec, lang: str, relabelled: bool = False,
               shapes: Shapes | None = None) -> go.Figure:
    """Draw rows as the query's chart spec says: codes by name in fixed colours, axes named, months as YYYY-MM.

    A map also needs the boundaries of its level (`shapes`), read from the same snapshot as the rows.
    """
    labels = spec.chart.column_labels(lang)
    shown = frame if relabelled else relabel(frame, lang)
    coloured = spec.chart.x if spec.chart.type == "pie" else spec.chart.color
    colors = code_colors(coloured, lang) if coloured in CODE_COLUMNS else None
    if spec.chart.type == "map":
        if shapes is None:
            raise ValueError(f"{spec.query_id}: a map needs the {spec.chart.level} boundaries")
        return map_plot(shown, spec.chart, shapes, lang, labels=labels, colors=colors)
    fig = build_plot(shown, spec.chart, labels=labels)
    return recolor(fig, colors) if colors else fig
