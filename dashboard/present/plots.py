"""The one way a query's rows become a chart, in the app, the library and on slides alike."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.present.charts import build_plot, recolor
from dashboard.present.codes import CODE_COLUMNS, code_colors, relabel
from dashboard.query.sqlfile import QuerySpec


def query_plot(frame: pd.DataFrame, spec: QuerySpec, lang: str, relabelled: bool = False) -> go.Figure:
    """Draw rows as the query's chart spec says: codes by name in fixed colours, axes named, months as YYYY-MM."""
    labels = spec.chart.column_labels(lang)
    fig = build_plot(frame if relabelled else relabel(frame, lang), spec.chart, labels=labels)
    coloured = spec.chart.x if spec.chart.type == "pie" else spec.chart.color
    return recolor(fig, code_colors(coloured, lang)) if coloured in CODE_COLUMNS else fig
