"""A query's figure for a slide: its chart (axes named and months formatted for print), a table, or an empty state."""

from __future__ import annotations

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.present.charts import build_message_figure, build_table_figure
from dashboard.present.codes import relabel
from dashboard.present.figures import query_figure
from dashboard.query.sqlfile import QuerySpec

TABLE_ROWS = 10


def chart_figure(spec: QuerySpec, rows: pd.DataFrame, lang: str) -> dict:
    """Build a query's slide figure: its chart, a table of its first rows, or an empty-state message."""
    labels = spec.chart.column_labels(lang)
    if rows.empty:
        fig = build_message_figure(translate("briefing.image.empty", lang))
    elif spec.chart.type == "table":
        note = (translate("briefing.image.table_rows", lang, shown=TABLE_ROWS, total=len(rows))
                if len(rows) > TABLE_ROWS else "")
        fig = build_table_figure(relabel(rows, lang), labels, TABLE_ROWS, note)
    else:
        fig = query_figure(rows, spec, lang)
    return fig.to_dict()
