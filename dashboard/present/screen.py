"""The meeting-room screen (大屏) as HTML: dark, very large type, one scene at a time (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BACKGROUND = "#0b1220"
PANEL = "#152036"
TEXT = "#eef3fa"
MUTED = "#9fb0c8"
FONT = "'Noto Sans CJK SC','Source Han Sans SC',sans-serif"

# Dark page, no sidebar, header, toolbar or menu; the progress bar of the cycle fills over one cycle.
STYLE = f"""<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stMainMenu"], [data-testid="stStatusWidget"],
[data-testid="stAppDeployButton"], [data-testid="stDecoration"], footer {{ display: none !important; }}
[data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
  background: {BACKGROUND} !important; color: {TEXT}; }}
[data-testid="stMainBlockContainer"] {{ max-width: none !important; padding: 20px 56px 16px !important; }}
[data-testid="stMain"] h1 {{ color: {MUTED}; font-size: 34px; font-family: {FONT}; padding: 0; }}
[data-testid="stMain"] [data-testid="stAlert"] {{ font-size: 20px; }}
[data-testid="stMain"] [data-testid="stAlertContainer"] {{ background: #2c2610; color: #f3d27a; padding: 6px 16px; }}
[data-testid="stMain"] [data-testid="stAlertContainer"] p {{ font-size: 20px; }}
@keyframes screen-cycle {{ from {{ width: 0%; }} to {{ width: 100%; }} }}
</style>"""


@dataclass(frozen=True)
class Pill:
    """A status in words on its colour."""

    text: str
    color: str
    dark_text: bool = False


@dataclass(frozen=True)
class PillarTile:
    """One pillar on the screen: name, score, status and indicator counts."""

    name: str
    color: str
    score: str
    score_caption: str
    status: Pill
    counts: str


@dataclass(frozen=True)
class Laggard:
    """One lagging indicator: its name, status, progress against expected, and its most lagging townships."""

    name: str
    pillar: str
    status: Pill
    progress: str
    townships: tuple[tuple[str, str, Pill], ...]  # (name, progress text, status)


@dataclass(frozen=True)
class ProjectRow:
    """One key project: name, status, and its planned end."""

    name: str
    status: Pill
    due: str


def pill_html(pill: Pill, size: int = 34) -> str:
    """Return a status pill, words always on the colour."""
    color = "#111" if pill.dark_text else "#fff"
    return (f'<span style="display:inline-block;background:{escape(pill.color)};color:{color};border-radius:999px;'
            f'padding:4px {size // 2}px;font-weight:700;font-size:{size}px;line-height:1.25;white-space:nowrap">'
            f'{escape(pill.text)}</span>')


def header_html(scene_title: str, facts: str) -> str:
    """Return the scene's title beside the as-of and snapshot (or edition) facts."""
    return (f'<div style="font-family:{FONT};color:{TEXT};display:flex;justify-content:space-between;'
            f'align-items:baseline;gap:24px;flex-wrap:wrap;margin:0 0 22px">'
            f'<div data-screen="scene-title" style="font-size:64px;font-weight:800;line-height:1.15">'
            f'{escape(scene_title)}</div>'
            f'<div data-screen="facts" style="font-size:28px;color:{MUTED}">{escape(facts)}</div></div>')


def cycle_html(position: int, count: int, seconds: int, hint: str) -> str:
    """Return the cycle hint: which scene of how many, and a bar filling over one cycle."""
    dots = "".join(f'<span style="display:inline-block;width:22px;height:22px;border-radius:50%;margin-right:12px;'
                   f'background:{TEXT if i == position else "#34425c"}"></span>' for i in range(count))
    # The scene number is in the bar's id, so the element (and its animation) is new on every scene.
    return (f'<div style="font-family:{FONT};color:{MUTED};font-size:24px;margin-top:26px;display:flex;'
            f'align-items:center;gap:24px"><div>{dots}</div><div>{escape(hint)}</div>'
            f'<div style="flex:1;height:8px;background:#24314a;border-radius:4px;overflow:hidden">'
            f'<div id="screen-cycle-{position}" style="height:8px;background:{MUTED};'
            f'animation:screen-cycle {seconds}s linear forwards"></div></div></div>')


def pillars_html(tiles: Sequence[PillarTile]) -> str:
    """Return the pillars side by side: name, huge score, status pill, counts."""
    cells = "".join(
        f'<div style="flex:1;background:{PANEL};border-radius:18px;padding:34px 38px;border-top:14px solid '
        f'{escape(tile.color)};min-width:0">'
        f'<div style="font-size:52px;font-weight:800">{escape(tile.name)}</div>'
        f'<div style="display:flex;align-items:baseline;flex-wrap:wrap;gap:0 18px;margin:18px 0">'
        f'<span style="font-size:190px;font-weight:800;line-height:1;color:{TEXT}">'
        f'{escape(tile.score)}</span><span style="font-size:32px;color:{MUTED};white-space:nowrap">'
        f'{escape(tile.score_caption)}</span>'
        f'</div><div>{pill_html(tile.status, 44)}</div>'
        f'<div style="font-size:32px;color:{MUTED};margin-top:26px;line-height:1.4">{escape(tile.counts)}</div></div>'
        for tile in tiles)
    return f'<div data-screen="scene" style="display:flex;gap:36px;font-family:{FONT};color:{TEXT}">{cells}</div>'


def laggards_html(laggards: Sequence[Laggard], townships_label: str, none_text: str, more_text: str = "") -> str:
    """Return the lagging indicators, each with its status, progress and its most lagging townships, then how many
    more there are (more_text, when some did not fit)."""
    if not laggards:
        return (f'<div data-screen="scene" style="font-family:{FONT};color:{TEXT};font-size:56px;padding:80px 0">'
                f'{escape(none_text)}</div>')
    rows = []
    for item in laggards:
        towns = "".join(f'<span style="margin-right:34px;white-space:nowrap">{escape(name)} '
                        f'<b style="color:{escape(pill.color)}">{escape(progress)}</b></span>'
                        for name, progress, pill in item.townships)
        rows.append(
            f'<div style="background:{PANEL};border-radius:16px;padding:20px 32px;margin-bottom:18px">'
            f'<div style="display:flex;align-items:center;gap:26px;flex-wrap:wrap">{pill_html(item.status, 32)}'
            f'<span style="font-size:42px;font-weight:800">{escape(item.name)}</span>'
            f'<span style="font-size:30px;color:{MUTED}">{escape(item.pillar)}</span>'
            f'<span style="font-size:36px;margin-left:auto;font-weight:700">{escape(item.progress)}</span></div>'
            f'<div style="font-size:32px;margin-top:10px;color:{TEXT}"><span style="color:{MUTED};'
            f'margin-right:20px">{escape(townships_label)}</span>{towns}</div></div>')
    more = f'<div style="font-size:30px;color:{MUTED}">{escape(more_text)}</div>' if more_text else ""
    return f'<div data-screen="scene" style="font-family:{FONT};color:{TEXT}">{"".join(rows)}{more}</div>'


def projects_html(counts: Sequence[tuple[str, int, str]], rows: Sequence[ProjectRow], columns: int = 3) -> str:
    """Return counts by status (label, number, colour) over a grid of rows (key projects, follow-ups) and dates."""
    tiles = "".join(f'<div style="flex:1;background:{PANEL};border-radius:16px;padding:18px 30px">'
                    f'<div style="font-size:34px;color:{MUTED}">{escape(label)}</div>'
                    f'<div style="font-size:96px;font-weight:800;line-height:1.05;color:{escape(color)}">{n}</div>'
                    f'</div>' for label, n, color in counts)
    cells = "".join(f'<div style="display:flex;align-items:center;gap:14px;font-size:30px;min-width:0;'
                    f'border-left:10px solid {escape(row.status.color)};padding:4px 14px;background:{PANEL};'
                    f'border-radius:8px"><span style="flex:1;font-weight:700;white-space:nowrap;overflow:hidden;'
                    f'text-overflow:ellipsis">{escape(row.name)}</span>'
                    f'<span style="color:{MUTED};white-space:nowrap">{escape(row.due)}</span></div>' for row in rows)
    return (f'<div data-screen="scene" style="font-family:{FONT};color:{TEXT}">'
            f'<div style="display:flex;gap:30px;margin-bottom:26px">{tiles}</div>'
            f'<div style="display:grid;grid-template-columns:repeat({columns},minmax(0,1fr));gap:12px 22px">'
            f'{cells}</div>'
            f'</div>')
