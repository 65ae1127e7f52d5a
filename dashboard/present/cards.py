"""HTML cards that wrap long labels and values instead of cutting them off, and an inline SVG sparkline (pure)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

_CARD = ("border:1px solid #dde1e6;border-radius:8px;padding:12px 14px;background:#fff;height:100%;"
         "box-sizing:border-box;font-family:'Noto Sans CJK SC','Source Han Sans SC',sans-serif;")
_WRAP = "overflow-wrap:anywhere;word-break:break-word;white-space:normal;"


@dataclass(frozen=True)
class PillarCard:
    """What a pillar card says: name, score, status in words and colour, indicator counts, sparkline."""

    name: str
    color: str
    score_text: str
    score_caption: str
    status_text: str
    status_color: str
    status_dark_text: bool
    counts_text: str
    sparkline: Sequence[float]
    sparkline_caption: str


def sparkline_svg(values: Sequence[float], color: str, low: float = 0.0, high: float = 100.0) -> str:
    """Return an SVG polyline of values on a fixed low..high scale (so cards compare), or "" for < 2 values."""
    if len(values) < 2:
        return ""
    width, height, pad = 200.0, 40.0, 3.0
    span = (high - low) or 1.0
    step = width / (len(values) - 1)
    coords = " ".join(f"{i * step:.1f},{pad + (height - 2 * pad) * (1 - (min(max(v, low), high) - low) / span):.1f}"
                      for i, v in enumerate(values))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'preserveAspectRatio="none"><polyline points="{coords}" fill="none" stroke="{escape(color)}" '
            f'stroke-width="2.5" vector-effect="non-scaling-stroke"/></svg>')


def sparkline_img(values: Sequence[float], color: str, label: str) -> str:
    """Return the sparkline as an <img> data URI (st.html strips inline SVG), with the label as alt text."""
    svg = sparkline_svg(values, color)
    if not svg:
        return ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(label)}" '
            f'style="width:100%;height:40px;display:block;margin-top:6px">')


def pillar_card_html(card: PillarCard) -> str:
    """Return a pillar card: coloured top edge, score, status pill (words on colour), counts and trend."""
    pill_text = "#222" if card.status_dark_text else "#fff"
    return (
        f'<div style="{_CARD}min-height:230px;border-top:6px solid {escape(card.color)}">'
        f'<div style="font-size:1.1rem;font-weight:700;color:#222;{_WRAP}">{escape(card.name)}</div>'
        f'<div style="display:flex;align-items:baseline;gap:6px;flex-wrap:wrap;margin-top:4px">'
        f'<span style="font-size:2.3rem;font-weight:700;line-height:1.1;color:{escape(card.color)}">'
        f'{escape(card.score_text)}</span>'
        f'<span style="color:#555;font-size:.9rem;{_WRAP}">{escape(card.score_caption)}</span></div>'
        f'<div style="margin-top:6px"><span style="display:inline-block;background:{escape(card.status_color)};'
        f'color:{pill_text};border-radius:999px;padding:2px 12px;font-weight:700;font-size:.95rem">'
        f'{escape(card.status_text)}</span></div>'
        f'<div style="color:#333;font-size:.9rem;margin-top:6px;{_WRAP}">{escape(card.counts_text)}</div>'
        f'{sparkline_img(card.sparkline, card.color, card.sparkline_caption)}'
        f'<div style="color:#666;font-size:.8rem;{_WRAP}">{escape(card.sparkline_caption)}</div>'
        f'</div>'
    )


def figure_card_html(label: str, value: str, caption: str) -> str:
    """Return a figure card whose label and value wrap onto more lines rather than being cut off."""
    return (
        f'<div style="{_CARD}margin-bottom:12px">'
        f'<div style="color:#444;font-size:.9rem;line-height:1.35;{_WRAP}">{escape(label)}</div>'
        f'<div style="font-size:1.7rem;font-weight:700;color:#222;line-height:1.25;margin:4px 0;{_WRAP}">'
        f'{escape(value)}</div>'
        f'<div style="color:#666;font-size:.8rem;{_WRAP}">{escape(caption)}</div>'
        f'</div>'
    )
