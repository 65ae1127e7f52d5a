"""A query's plot for a slide: its chart (axes named and months formatted for print), a table, or an empty state."""

from __future__ import annotations

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.present.charts import build_message_plot, build_table_plot
from dashboard.present.codes import relabel
from dashboard.present.maps import Shapes
from dashboard.present.plots import query_plot
from dashboard.query.sqlfile import QuerySpec

TABLE_ROWS = 10


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
    return fig.to_dict()
