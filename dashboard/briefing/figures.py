"""A query's figure for a slide: its chart (axes named and months formatted for print), a table, or an empty state."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import build_figure, build_message_figure, build_table_figure
from dashboard.i18n import translate
from dashboard.sqlfile import ChartSpec, QuerySpec

TABLE_ROWS = 10
AXIS_CHARTS = {"bar", "line", "area", "scatter"}


def _is_months(values: pd.Series) -> bool:
    """Say whether a column holds months, as dates or `YYYY-MM` text, which Plotly reads as dates."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return True
    text = values.dropna().astype(str)
    return bool(len(text)) and bool(text.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all())


def print_ready(fig: go.Figure, chart: ChartSpec, rows: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Name axes and series by their labels (not Plotly's `value`/`variable`) and print months as YYYY-MM."""
    if chart.type not in AXIS_CHARTS:
        return fig
    horizontal = chart.type == "bar" and chart.orientation == "h"
    if len(chart.y) == 1 and not horizontal:
        fig.update_yaxes(title_text=labels.get(chart.y[0], chart.y[0]))
        if not chart.color:
            fig.update_layout(showlegend=False)
    elif len(chart.y) > 1:
        fig.for_each_trace(lambda trace: trace.update(name=labels.get(trace.name, trace.name)))
        fig.update_layout(legend_title_text="")
    category = chart.x
    if category in rows and _is_months(rows[category]):
        (fig.update_yaxes if horizontal else fig.update_xaxes)(tickformat="%Y-%m")
    return fig


def chart_figure(spec: QuerySpec, rows: pd.DataFrame, lang: str) -> dict:
    """Build a query's slide figure: its chart, a table of its first rows, or an empty-state message."""
    labels = spec.chart.column_labels(lang)
    if rows.empty:
        fig = build_message_figure(translate("briefing.image.empty", lang))
    elif spec.chart.type == "table":
        note = (translate("briefing.image.table_rows", lang, shown=TABLE_ROWS, total=len(rows))
                if len(rows) > TABLE_ROWS else "")
        fig = build_table_figure(rows, labels, TABLE_ROWS, note)
    else:
        fig = print_ready(build_figure(rows, spec.chart, labels=labels), spec.chart, rows, labels)
    return fig.to_dict()
