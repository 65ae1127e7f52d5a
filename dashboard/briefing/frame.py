"""Lay a rendered chart into a 16:9 slide image with its caption burned in, in fixed pixel positions.

Plotly cannot keep a footer clear of tick labels that push the margins, so the chart is rendered on
its own (SVG) and placed as an image into a frame figure whose text sits at exact coordinates.
"""

from __future__ import annotations

import base64
import copy
import html

import plotly.graph_objects as go

from dashboard.briefing.captions import Caption
from dashboard.charts import FONT_FAMILY

WIDTH, HEIGHT = 1280, 720  # CSS pixels; rendered at SCALE for slides
SCALE = 2
HEADER, FOOTER, PAD = 112, 58, 28
CHART_HEIGHT = HEIGHT - HEADER - FOOTER
BADGE_COLOR = "#c8382e"
MUTED = "#5f6b76"


def chart_layout(fig: go.Figure | dict) -> dict:
    """Return the chart's figure dict sized to the slide's chart area, without a title of its own."""
    spec = copy.deepcopy(fig.to_dict() if isinstance(fig, go.Figure) else fig)
    layout = spec.setdefault("layout", {})
    layout.update(width=WIDTH, height=CHART_HEIGHT)
    layout["title"] = {"text": ""}
    layout.setdefault("margin", {}).update(l=PAD + 44, r=PAD, t=40, b=40)
    return spec


def _text(text: str, x: float, y: float, size: int, color: str = "#222", anchor: str = "left",
          bold: bool = False, **extra: object) -> dict:
    """An annotation at a pixel position measured from the top-left corner."""
    body = html.escape(text, quote=False)
    return {"text": f"<b>{body}</b>" if bold else body, "xref": "paper", "yref": "paper",
            "x": x / WIDTH, "y": 1 - y / HEIGHT, "xanchor": anchor, "yanchor": "top", "showarrow": False,
            "align": anchor, "font": {"family": FONT_FAMILY, "size": size, "color": color}, **extra}


def framed(chart_svg: bytes, caption: Caption) -> go.Figure:
    """Return the slide figure: header (title, filters, demo badge), the chart image, footer (source)."""
    image = "data:image/svg+xml;base64," + base64.b64encode(chart_svg).decode("ascii")
    notes = [
        _text(caption.title, PAD, 20, 26, bold=True),
        _text(caption.filters, PAD, 62, 15, MUTED),
        _text(caption.source, PAD, HEIGHT - FOOTER + 10, 12, MUTED),
        _text(caption.provenance, PAD, HEIGHT - FOOTER + 30, 12, MUTED),
    ]
    if caption.demo_badge:
        notes.append(_text(caption.demo_badge, WIDTH - PAD, 22, 14, "white", anchor="right", bold=True,
                           bgcolor=BADGE_COLOR, borderpad=6))
    rule_y = FOOTER / HEIGHT
    return go.Figure(layout={
        "width": WIDTH, "height": HEIGHT, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "paper_bgcolor": "white", "plot_bgcolor": "white",
        "xaxis": {"visible": False, "range": [0, 1]}, "yaxis": {"visible": False, "range": [0, 1]},
        "images": [{"source": image, "xref": "paper", "yref": "paper", "x": 0, "y": 1 - HEADER / HEIGHT,
                    "sizex": 1, "sizey": CHART_HEIGHT / HEIGHT, "xanchor": "left", "yanchor": "top",
                    "sizing": "stretch", "layer": "above"}],
        "annotations": notes,
        "shapes": [{"type": "line", "xref": "paper", "yref": "paper", "x0": PAD / WIDTH, "x1": 1 - PAD / WIDTH,
                    "y0": rule_y, "y1": rule_y, "line": {"color": "#d0d4d8", "width": 1}}],
    })
