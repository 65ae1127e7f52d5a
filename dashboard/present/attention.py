"""The overview's 需关注 block: what lags, what is overdue and what moved, in one glance on a desk or a phone.

It says what the big screen's laggard and follow-up scenes say, in the page's light theme; the words and numbers
come in already judged (status pills in the palette's colours), so this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from dashboard.present.screen import Laggard, Pill

FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
INK, MUTED, LINE = "#1b2631", "#5f6b76", "#dde1e6"


@dataclass(frozen=True)
class Line:
    """One item of a column: a status pill, what it is, and a detail line under it."""

    pill: Pill
    title: str
    detail: str = ""


@dataclass(frozen=True)
class Column:
    """One column of the block: its heading, counts by status (label, number, colour) and its items."""

    heading: str
    tally: tuple[tuple[str, int, str], ...] = ()
    lines: tuple[Line, ...] = ()
    empty: str = ""
    more: str = ""


def _pill(pill: Pill) -> str:
    """Return a small status pill: words always on the colour."""
    color = "#111" if pill.dark_text else "#fff"
    return (f'<span style="display:inline-block;background:{escape(pill.color)};color:{color};border-radius:999px;'
            f'padding:1px 9px;font-size:13px;font-weight:700;white-space:nowrap;margin-right:6px">'
            f'{escape(pill.text)}</span>')


def laggard_lines(laggards: Sequence[Laggard], townships_label: str, title: str = "{name}（{pillar}）",
                  joiner: str = "、") -> tuple[Line, ...]:
    """Say each lagging indicator in a line: status, name (title formats name and pillar), progress against
    时序进度, then its most lagging townships joined in the reader's language."""
    lines = []
    for item in laggards:
        towns = joiner.join(f"{name} {progress}" for name, progress, _pill in item.townships)
        detail = f"{item.progress}" + (f" · {townships_label}{towns}" if towns else "")
        lines.append(Line(item.status, title.format(name=item.name, pillar=item.pillar), detail))
    return tuple(lines)


def _column(column: Column) -> str:
    """Return one column as a card."""
    tally = "".join(f'<span style="margin-right:14px;white-space:nowrap;font-size:14px;color:{MUTED}">'
                    f'{escape(label)} <b style="font-size:22px;color:{escape(color)}">{n}</b></span>'
                    for label, n, color in column.tally)
    body = "".join(f'<div style="padding:6px 0;border-top:1px solid {LINE}">'
                   f'<div style="font-size:15px;font-weight:600;color:{INK}">'
                   f'{_pill(line.pill)}{escape(line.title)}</div>'
                   + (f'<div style="font-size:13px;color:{MUTED};margin-top:2px">{escape(line.detail)}</div>'
                      if line.detail else "") + "</div>"
                   for line in column.lines)
    if not column.lines and column.empty:
        body = f'<div style="font-size:14px;color:{MUTED};padding:6px 0">{escape(column.empty)}</div>'
    more = (f'<div style="font-size:13px;color:{MUTED};padding-top:4px">{escape(column.more)}</div>'
            if column.more else "")
    return (f'<div data-attention="column" style="border:1px solid {LINE};border-radius:8px;padding:10px 14px;'
            f'background:#fff;min-width:0">'
            f'<div style="font-size:16px;font-weight:700;color:{INK};margin-bottom:4px">{escape(column.heading)}</div>'
            f'{f"<div>{tally}</div>" if tally else ""}{body}{more}</div>')


def attention_html(heading: str, caption: str, columns: Sequence[Column], summary: Sequence[Pill] = ()) -> str:
    """Return the whole block: heading with the counts that matter as pills (so a phone's first screen holds them
    even though the columns stack), the view's clock, and the columns side by side (stacked on a phone)."""
    cells = "".join(_column(c) for c in columns)
    pills = "".join(_pill(p) for p in summary)
    return (f'<div data-attention="block" style="font-family:{FONT};margin:4px 0 8px">'
            f'<div style="display:flex;align-items:center;gap:8px;flex-wrap:wrap;margin-bottom:2px">'
            f'<span style="font-size:22px;font-weight:800;color:{INK};margin-right:4px">{escape(heading)}</span>'
            f'<span data-attention="summary">{pills}</span></div>'
            f'<div style="font-size:13px;color:{MUTED};margin-bottom:6px">{escape(caption)}</div>'
            f'<div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:10px">{cells}</div>'
            f'</div>')
