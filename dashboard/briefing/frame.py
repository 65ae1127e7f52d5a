"""Dress a chart as a 16:9 slide image: title, demo marker, filters, source and as-of date burned in on top.

All caption text lives in the plot's title and subtitle, positioned against the whole image (container),
with automargin: Plotly then keeps the plot clear of it however the chart's own labels push the margins,
and one render per image is enough.
"""

from __future__ import annotations

import copy
import html

import plotly.graph_objects as go

from dashboard.briefing.captions import Caption

WIDTH, HEIGHT = 1280, 720  # CSS pixels; PNGs are rendered at SCALE
SCALE = 2
PAD = 28
HEADER = 124  # the height the caption takes at the top
MUTED = "#5f6b76"
DEMO_COLOR = "#b5520b"


def _span(text: str, size: int, color: str = MUTED, bold: bool = False) -> str:
    """Escape text for Plotly's HTML-like labels and style it."""
    body = html.escape(text, quote=False)
    body = f"<b>{body}</b>" if bold else body
    return f"<span style='font-size:{size}px;color:{color}'>{body}</span>"


def caption_title(caption: Caption) -> dict:
    """Return the layout title that carries the whole caption."""
    headline = f"<b>{html.escape(caption.title, quote=False)}</b>"
    if caption.demo_badge:
        headline += "   " + _span(f"【{caption.demo_badge}】", 15, DEMO_COLOR, bold=True)
    details = "<br>".join([_span(caption.filters, 15), _span(f"{caption.source} · {caption.provenance}", 12)])
    return {"text": headline, "subtitle": {"text": details}, "font": {"size": 26, "color": "#222"},
            "x": PAD / WIDTH, "xanchor": "left", "xref": "container", "y": 1, "yanchor": "top", "yref": "container",
            "pad": {"t": 20}, "automargin": True}


def slide_plot(fig: go.Figure | dict, caption: Caption) -> dict:
    """Return the plot dict of a slide image: the chart at 16:9 with its caption on top, legend at the side."""
    spec = copy.deepcopy(fig.to_dict() if isinstance(fig, go.Figure) else fig)
    layout = spec.setdefault("layout", {})
    layout.update(width=WIDTH, height=HEIGHT, title=caption_title(caption))
    layout.setdefault("margin", {}).update(l=PAD + 44, r=PAD, t=HEADER, b=40)
    layout["legend"] = {**layout.get("legend", {}), "orientation": "v", "x": 1.01, "xanchor": "left",
                        "y": 1, "yanchor": "top"}
    return spec
