"""Assessment tables as a list for narrow screens: one card per row, its status in words on its colour (pure).

A page draws both the table and this list; `NARROW_CSS` shows the list below 640 px and the table above,
since the server cannot know the reader's width.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import pandas as pd

from dashboard.present.charts import status_color

WIDE_KEY, NARROW_KEY = "wide-", "narrow-"
NARROW_CSS = f"""<style>
[class*="st-key-{NARROW_KEY}"] {{ display: none; }}
@media (max-width: 640px) {{
  [class*="st-key-{WIDE_KEY}"] {{ display: none; }}
  [class*="st-key-{NARROW_KEY}"] {{ display: block; }}
}}
</style>"""
_FONT = "font-family:'Noto Sans CJK SC','Source Han Sans SC',sans-serif;"


def _progress_bar(progress: object, expected: object) -> str:
    """Return a bar filled to progress (0–100) with a tick where the path expects it, or nothing without data."""
    if progress is None or pd.isna(progress):
        return ""
    mark = ("" if expected is None or pd.isna(expected) else
            f'<div style="position:absolute;left:{min(100.0, float(expected)):.0f}%;top:-3px;width:2px;height:14px;'
            f'background:#222"></div>')
    return (f'<div style="position:relative;height:8px;background:#e6e9ee;border-radius:4px;margin:6px 0 2px">'
            f'<div style="width:{float(progress):.0f}%;height:8px;background:#1f6fb2;border-radius:4px"></div>'
            f'{mark}</div>')


def _change(row: Mapping[str, object], label: str) -> str:
    """Return the row's change since an edition (e.g. `▲ 3`), when the table carries one."""
    change = row.get("change")
    if change is None or (isinstance(change, float) and pd.isna(change)) or change == "":
        return ""
    return f'<div style="color:#333;font-size:.85rem">{escape(label)} <b>{escape(str(change))}</b></div>'


def assessment_list_html(frame: pd.DataFrame, labels: Mapping[str, str]) -> str:
    """Return one card per assessment row: name and status pill, current and target, progress against expected.

    frame has the display columns of `present.pillar_tables` (label, current, target, progress, expected, status)
    and `status_code` (and `change` since an edition, when shown); labels names `current`, `target`, `progress`,
    `expected` and `change` in the reader's language.
    """
    cards = []
    for row in frame.to_dict("records"):
        code = str(row["status_code"])
        pill_text = "#222" if code in ("at_risk", "no_data") else "#fff"
        progress = row.get("progress")
        shown = "—" if progress is None or pd.isna(progress) else f"{float(progress):.0f}%"
        cards.append(
            f'<div data-status-card style="{_FONT}border:1px solid #dde1e6;border-radius:8px;padding:8px 10px;'
            f'margin-bottom:8px;background:#fff;overflow-wrap:anywhere">'
            f'<div style="display:flex;justify-content:space-between;align-items:flex-start;gap:8px">'
            f'<span style="font-weight:700;color:#222;min-width:0">{escape(str(row["label"]))}</span>'
            f'<span data-status style="flex:none;background:{status_color(code)};color:{pill_text};'
            f'border-radius:999px;padding:1px 10px;font-weight:700;font-size:.85rem;white-space:nowrap">'
            f'{escape(str(row["status"]))}</span></div>'
            f'<div style="color:#333;font-size:.85rem;margin-top:4px">{escape(labels["current"])} '
            f'<b>{escape(str(row["current"]))}</b> · {escape(labels["target"])} {escape(str(row["target"]))}</div>'
            f'{_progress_bar(progress, row.get("expected_progress"))}'
            f'<div style="color:#555;font-size:.8rem">{escape(labels["progress"])} {shown} · '
            f'{escape(labels["expected"])} {escape(str(row["expected"]))}</div>'
            f'{_change(row, labels.get("change", ""))}</div>')
    return f'<div data-assessment-list>{"".join(cards)}</div>'
