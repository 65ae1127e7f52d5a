"""Pure Plotly plot builders with the project's one theme; no Streamlit here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.metrics.indicators import TargetPath
from dashboard.present import palette
from dashboard.present.safe_text import plotly_frame, plotly_keys, plotly_labels, plotly_literal
from dashboard.query.sqlfile import ChartSpec

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
# Colours come from the one palette (dashboard/present/palette.py); these names are what the plot builders use.
PILLAR_COLORS = palette.PILLAR
STATUS_COLORS = palette.PACE
PROGRESS_COLORS = palette.PROGRESS
SERIES_COLORS = list(palette.CATEGORICAL)

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT_FAMILY, "size": 14, "color": "#222"},
        colorway=SERIES_COLORS,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 56, "r": 24, "t": 56, "b": 48},
        xaxis={"gridcolor": "#eceff1", "linecolor": "#b0b7bd", "automargin": True},
        yaxis={"gridcolor": "#eceff1", "linecolor": "#b0b7bd", "automargin": True, "rangemode": "tozero"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
)


def build_plot(frame: pd.DataFrame, chart: ChartSpec, title: str = "",
                 labels: dict[str, str] | None = None) -> go.Figure:
    """Draw a result as its chart spec says; the SQL aliases are the chart's column names.

    Every text cell, label and the title are escaped once here, so categories, legends and hover show as typed.
    """
    if chart.type == "table" or frame.empty:
        raise ValueError(f"chart type {chart.type!r} with {len(frame)} rows has no plot")
    data, names, title = plotly_frame(frame), plotly_labels(labels), plotly_literal(title)
    data = data.sort_values(chart.y[0], ascending=chart.orientation == "h") if chart.sort else data
    color_map = _color_map(data, chart.color)
    # Plotly titles a list of y columns 'value' and 'variable'; name them after the columns instead.
    axis = {"value": ", ".join(names.get(y, y) for y in chart.y), "variable": ""}
    common = {"labels": {**axis, **names}, "color": chart.color, "color_discrete_map": color_map}
    if chart.type == "pie":
        fig = px.pie(data, names=chart.x, values=chart.y[0], color=chart.x, labels=names,
                     color_discrete_map=_color_map(data, chart.x))
    elif chart.type == "funnel" and "counted_in" in data:
        return _style_plot(_steps_plot(data, chart), title=title)
    elif chart.type == "funnel":
        fig = px.funnel(data, x=chart.y[0], y=chart.x, **common)
    elif chart.type == "bar":
        x, y = (chart.y[0], chart.x) if chart.orientation == "h" else (chart.x, list(chart.y))
        fig = px.bar(data, x=x, y=y, orientation=chart.orientation,
                     barmode="relative" if chart.stack else "group", **common)
    else:
        builder = {"line": px.line, "area": px.area, "scatter": px.scatter}[chart.type]
        fig = builder(data, x=chart.x, y=list(chart.y), **common)
        if chart.type == "line":
            fig.update_traces(mode="lines+markers")
    months = bool(chart.x in data and is_months(data[chart.x]))
    return _finish_plot(_style_plot(fig, title=title, y_format=chart.y_format), chart, names, months=months)


def _steps_plot(data: pd.DataFrame, chart: ChartSpec) -> go.Figure:
    """Draw steps that count different things (a `counted_in` column) as what they are: a step whose unit no neighbour
    shares stands as a number with its unit, and a run of steps in one unit is a funnel with the share each keeps
    of the one before, so 65 meetings never read as a 99.8 % drop from 26,147 households."""
    runs: list[pd.DataFrame] = []
    for _, part in data.groupby((data["counted_in"] != data["counted_in"].shift()).cumsum(), sort=False):
        runs.append(part)
    singles = [r for r in runs if len(r) == 1]
    funnels = [r for r in runs if len(r) > 1]
    columns = max(1, len(singles))
    specs: list[list[dict[str, object] | None]] = []
    if singles:
        specs.append([{"type": "indicator"}] * columns)
    specs += [[{"type": "xy", "colspan": columns}, *([None] * (columns - 1))] for _ in funnels]
    fig = make_subplots(rows=len(specs), cols=columns, specs=specs, vertical_spacing=0.12,
                        row_heights=[0.3, *([0.7 / len(funnels)] * len(funnels))] if singles and funnels else None)
    for i, row in enumerate(singles):
        step = row.iloc[0]
        number = {"valueformat": ",d", "suffix": f" {step['counted_in']}", "font": {"size": 34}}
        fig.add_trace(go.Indicator(mode="number", value=float(step[chart.y[0]]), number=number,
                                   title={"text": str(step[chart.x]), "font": {"size": 15}}),
                      row=1, col=i + 1)
    for n, part in enumerate(funnels):
        unit = str(part.iloc[0]["counted_in"])
        # The first step of a run has nothing before it to keep a share of.
        texts = [f"%{{value:,}} {unit}", *[f"%{{value:,}} {unit} · %{{percentPrevious:.1%}}"] * (len(part) - 1)]
        fig.add_trace(go.Funnel(y=part[chart.x], x=part[chart.y[0]], texttemplate=texts, textposition="inside",
                                marker={"color": SERIES_COLORS[0]}, connector={"fillcolor": "#dfe7f1"},
                                hovertemplate=f"%{{y}}: %{{x:,}} {unit}<extra></extra>", showlegend=False),
                      row=(2 if singles else 1) + n, col=1)
    fig.update_layout(height=260 + 200 * len(funnels), margin={"t": 56, "b": 24})
    return fig


def _style_plot(fig: go.Figure, title: str = "", y_format: str | None = None) -> go.Figure:
    """Apply the theme, an already escaped title and the value format of the y axis."""
    fig.update_layout(template=TEMPLATE, title={"text": title, "x": 0, "xanchor": "left"})
    if y_format == "percent":
        fig.update_yaxes(ticksuffix="%")
    elif y_format == "integer":
        fig.update_yaxes(tickformat=",d")
    return fig


def _color_map(frame: pd.DataFrame, column: str | None) -> dict[str, str]:
    """Give each category a stable colour: pillar ids get theirs, others in the order the query returns them.

    Order of appearance (fixed by the SQL's `order by`) rather than sorted labels, so a category keeps
    its colour when the labels change language.
    """
    if not column or column not in frame:
        return {}
    values = list(dict.fromkeys(frame[column].dropna().astype(str)))
    mapping = {v: PILLAR_COLORS[v] for v in values if v in PILLAR_COLORS}
    rest = [v for v in values if v not in mapping]
    mapping.update({v: SERIES_COLORS[i % len(SERIES_COLORS)] for i, v in enumerate(rest)})
    return mapping


def build_estimates(frame: pd.DataFrame, x: str, kind: str = "bar", percent: bool = False,
                    labels: dict[str, str] | None = None, suppressed_text: str = "", title: str = "") -> go.Figure:
    """Draw survey estimates (the output of stats.estimates) with 95% interval whiskers, one series per measure.

    Suppressed cells get no bar or point, only a grey cross on the axis labelled with why, so a reader sees the
    cell exists but is too small to show.
    """
    frame, labels, title = plotly_frame(frame), plotly_labels(labels), plotly_literal(title)
    suppressed_text = plotly_literal(suppressed_text)
    fig = go.Figure()
    shown = frame[~frame["suppressed"].astype(bool)]
    for i, (measure, part) in enumerate(shown.groupby("measure", sort=False)):
        style = {"name": str(measure), "x": part[x], "y": part["estimate"],
                 "marker": {"color": SERIES_COLORS[i % len(SERIES_COLORS)]},
                 "error_y": {"type": "data", "array": part["ci_high"] - part["estimate"],
                             "arrayminus": part["estimate"] - part["ci_low"], "visible": True, "thickness": 1.2},
                 "customdata": part[["n", "ci_low", "ci_high"]].to_numpy(),
                 "hovertemplate": "%{x}<br>%{y:.2f} [%{customdata[1]:.2f}, %{customdata[2]:.2f}]<br>n=%{customdata[0]}"}
        fig.add_trace(go.Bar(**style) if kind == "bar" else go.Scatter(mode="lines+markers", **style))
    hidden = frame[frame["suppressed"].astype(bool)].drop_duplicates(subset=[x])
    if not hidden.empty:
        fig.add_trace(go.Scatter(x=hidden[x], y=[0] * len(hidden), mode="markers", name=suppressed_text,
                                 marker={"symbol": "x", "size": 10, "color": "#9aa0a6"},
                                 customdata=hidden[["n"]].to_numpy(),
                                 hovertemplate=f"%{{x}}<br>{suppressed_text} (n=%{{customdata[0]}})<extra></extra>"))
        fig.update_layout(showlegend=True)  # the legend is what says what the crosses mean
    fig.update_layout(barmode="group", xaxis_title=labels.get(x, x), yaxis_title=labels.get("estimate", ""))
    if not percent:
        fig.update_yaxes(range=[0, 5.2])
    # Months as text keep their order and spacing; a category axis stops Plotly reading them as dates.
    fig.update_xaxes(type="category")
    return _style_plot(fig, title=title, y_format="percent" if percent else None)


def build_timeline(frame: pd.DataFrame, names: dict[str, str], status_colors: dict[str, str],
                   title: str = "") -> go.Figure:
    """Draw planned windows (light, wide) under actual progress (dark, narrow, coloured by status) per row.

    frame has `key_project`, `status` (display names), `planned_start`, `planned_end`, `actual_start`,
    `actual_end` and `as_of`; work under way is drawn up to `as_of`. names gives `planned` and `as_of` captions.
    """
    names, title = plotly_labels(names), plotly_literal(title)
    status_colors = plotly_keys(status_colors)
    rows = plotly_frame(frame).assign(actual_to=frame["actual_end"].fillna(frame["as_of"]))
    order = list(dict.fromkeys(rows["key_project"]))
    fig = go.Figure()
    fig.add_trace(_span(rows, "planned_start", "planned_end", names["planned"], "#c9d6e3", 0.8))
    started = rows[rows["actual_start"].notna()]
    for status, part in started.groupby("status", sort=False):
        fig.add_trace(_span(part, "actual_start", "actual_to", str(status), status_colors.get(str(status), "#5a6b7b"),
                            0.4))
    fig.update_layout(barmode="overlay", height=max(320, 34 * len(order) + 140))
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed", title="")
    # Plotly's own date ticks are English ("Jan 2018") whatever the page's language; months read alike in both.
    fig.update_xaxes(type="date", title="", tickformat="%Y-%m")
    if len(rows):
        as_of = pd.Timestamp(rows["as_of"].iloc[0])
        fig.add_shape(type="line", x0=as_of, x1=as_of, y0=0, y1=1, yref="paper",
                      line={"color": "#c8382e", "dash": "dot", "width": 1.5})
        fig.add_annotation(x=as_of, y=0, yref="paper", text=names["as_of"], showarrow=False, yanchor="bottom",
                           xanchor="right", bgcolor="rgba(255,255,255,0.85)", font={"color": "#c8382e", "size": 12})
    fig = _style_plot(fig, title=title)
    fig.update_yaxes(rangemode="normal")
    return fig


def _span(rows: pd.DataFrame, start: str, end: str, name: str, color: str, width: float) -> go.Bar:
    """Return horizontal date bars from start to end, one per row."""
    begin = pd.to_datetime(rows[start])
    length = (pd.to_datetime(rows[end]) - begin).dt.total_seconds() * 1000
    return go.Bar(y=rows["key_project"], x=length, base=begin, orientation="h", name=name, width=width,
                  marker={"color": color}, customdata=rows[[start, end]].astype(str).to_numpy(),
                  hovertemplate="%{y}<br>%{customdata[0]} – %{customdata[1]}<extra>" + name + "</extra>")



def _finish_plot(fig: go.Figure, chart: ChartSpec, labels: dict[str, str] | None = None,
                 months: bool = False) -> go.Figure:
    """Settle what Plotly Express leaves generic: funnel counts in full, bars by total, named axes, months."""
    labels = labels or {}
    horizontal = chart.type == "bar" and chart.orientation == "h"
    if chart.type == "funnel":
        fig.update_traces(texttemplate="%{x:,}")
    if horizontal:
        fig.update_yaxes(categoryorder="total ascending")
    elif chart.type in {"bar", "line", "area", "scatter"}:
        # A y list makes Plotly Express name series after columns under a legend titled "variable" and call the
        # value axis "value": use the columns' labels, and drop a legend that has one uncoloured series.
        for trace in fig.data:
            trace.name = labels.get(trace.name, trace.name)
        if not chart.color:
            fig.update_layout(legend_title_text="", showlegend=len(chart.y) > 1)
        fig.update_yaxes(title_text=labels.get(chart.y[0], chart.y[0]) if len(chart.y) == 1 else "")
    if chart.y_format == "integer":
        (fig.update_xaxes if horizontal else fig.update_yaxes)(tickformat=",d")
    if months and chart.type in {"bar", "line", "area", "scatter"}:
        # Plotly reads YYYY-MM text and dates alike as dates and would print "Sep 2017" in a Chinese chart.
        (fig.update_yaxes if horizontal else fig.update_xaxes)(tickformat="%Y-%m")
    return fig


def is_months(values: pd.Series) -> bool:
    """Say whether a column holds months: dates, or `YYYY-MM` text, which Plotly also reads as dates."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return True
    text = values.dropna().astype(str)
    return bool(len(text)) and bool(text.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all())


def recolor(fig: go.Figure, colors: dict[str, str]) -> go.Figure:
    """Give each trace (or pie slice) named in colors that colour, so a category looks the same in every chart.

    Trace names and slices hold escaped text, so the categories of `colors` are escaped to match them.
    """
    colors = plotly_keys(colors)
    for trace in fig.data:
        if trace.type == "pie":
            trace.marker.colors = [colors.get(str(label), SERIES_COLORS[i % len(SERIES_COLORS)])
                                   for i, label in enumerate(trace.labels)]
        elif trace.name in colors:
            trace.marker.color = colors[trace.name]
            if trace.type == "scatter":
                trace.line.color = colors[trace.name]
    return fig


def status_color(status: str) -> str:
    """Return the colour of a pace status (met in the dark green, on track in the light one)."""
    return palette.status_color(status)


def indicator_plot(actual: Sequence[tuple[dt.date, float]], path: TargetPath | None, today: dt.date,
                     color: str, labels: dict[str, str], title: str = "", y_suffix: str = "") -> go.Figure:
    """Draw an indicator's series against the straight path from baseline to target, with today marked."""
    labels, title = plotly_labels(labels), plotly_literal(title)
    fig = go.Figure()
    if path is not None:
        fig.add_trace(go.Scatter(x=[path.baseline_date, path.target_date], y=[path.baseline_value, path.target_value],
                                 mode="lines+markers", name=labels["path"], line={"color": "#5a6b7b", "dash": "dash"},
                                 marker={"symbol": ["circle-open", "star"], "size": [8, 14]}))
    fig.add_trace(go.Scatter(x=[p for p, _ in actual], y=[v for _, v in actual], mode="lines+markers",
                             name=labels["actual"], line={"color": color, "width": 3}))
    fig.add_vline(x=today, line={"color": "#9aa0a6", "dash": "dot"})
    # Inside the plot, left of the line: above it, a phone's narrow chart ran it into the legend.
    fig.add_annotation(x=today, y=0, yref="paper", text=labels["today"], showarrow=False, yanchor="bottom",
                       xanchor="right", xshift=-4, bgcolor="rgba(255,255,255,0.85)")
    fig = _style_plot(fig, title=title)
    fig.update_yaxes(title=labels.get("value", ""), rangemode="normal", ticksuffix=y_suffix)
    fig.update_xaxes(tickformat="%Y-%m")
    return fig


def progress_plot(frame: pd.DataFrame, expected: float | None, labels: dict[str, str], title: str = "") -> go.Figure:
    """Draw progress to target per row as bars coloured and labelled by status, with the expected progress line."""
    labels, title = plotly_labels(labels), plotly_literal(title)
    # Plotly draws the first category at the bottom; keep the table's order top-down.
    data = plotly_frame(frame).iloc[::-1]
    text = [f"{p:.0f}% · {s}" if pd.notna(p) else s for p, s in zip(data["progress"], data["status"], strict=True)]
    fig = go.Figure(go.Bar(x=data["progress"].fillna(0), y=data["label"], orientation="h", text=text,
                           textposition="outside", cliponaxis=False,
                           marker={"color": [status_color(str(c)) for c in data["status_code"]]}))
    if expected is not None:
        fig.add_vline(x=expected, line={"color": "#222", "dash": "dash"})
        fig.add_annotation(x=expected, y=1, yref="paper", text=labels["expected"], showarrow=False, yanchor="bottom")
    fig = _style_plot(fig, title=title)
    fig.update_xaxes(range=[0, 135], ticksuffix="%", title=labels.get("progress", ""))
    fig.update_layout(height=max(260, 60 + 34 * len(data)), showlegend=False)
    return fig


def _cell_text(value: object) -> str:
    """Format a table cell for print: no trailing `.0`, at most two decimals, dates without midnight."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        return value.strftime("%Y-%m-%d")
    return str(value)


def build_table_plot(frame: pd.DataFrame, labels: dict[str, str] | None = None, max_rows: int = 10,
                       note: str = "") -> go.Figure:
    """Draw the first rows of a result as a table plot, for static exports of table queries."""
    shown = frame.head(max_rows)
    header = [plotly_literal(labels.get(c, c) if labels else c) for c in shown.columns]
    cells = [[plotly_literal(_cell_text(v)) for v in shown[c]] for c in shown.columns]
    fig = go.Figure(go.Table(
        header={"values": header, "fill_color": "#eef2f5", "align": "left", "font": {"size": 13}},
        cells={"values": cells, "align": "left", "height": 26, "font": {"size": 12}},
    ))
    if note:
        fig.add_annotation(text=plotly_literal(note), xref="paper", yref="paper", x=0, y=0, xanchor="left",
                           yanchor="top", showarrow=False, font={"size": 12, "color": "#5f6b76"})
    return _style_plot(fig)


def build_message_plot(message: str) -> go.Figure:
    """Draw an empty chart area that says why there is nothing to show."""
    fig = go.Figure()
    fig.add_annotation(text=plotly_literal(message), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font={"size": 22, "color": "#5f6b76"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _style_plot(fig)
