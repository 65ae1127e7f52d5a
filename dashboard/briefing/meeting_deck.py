"""The meeting deck's own pages: native, editable PPTX tables filling the slide at 16–18 pt with status-coloured
cells, the closing slide, and the same pages as PDF plots."""

from __future__ import annotations

import html

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from dashboard.base.i18n import translate
from dashboard.briefing.captions import Caption
from dashboard.briefing.collect import Briefing
from dashboard.briefing.frame import HEIGHT, MUTED, WIDTH, caption_title
from dashboard.briefing.meeting_tables import TableSlide
from dashboard.present.charts import FONT_FAMILY, PILLAR_COLORS
from dashboard.present.follow_ups import ink  # one rule for text on a status colour, in the app and the deck
from dashboard.present.formatting import format_number

TITLE_ONLY_LAYOUT = 5
LEFT, TOP, TABLE_W, BOTTOM = 0.5, 1.8, 12.33, 7.2  # inches: the table fills the slide from TOP to BOTTOM
MAX_ROW = 1.0  # inches: a three-row table still fills the slide without rows taller than this
LARGE_TABLE = (6, 5)  # up to this many body rows and columns a table is set at 18 pt, larger ones at 16 pt
HEADER_FILL = RGBColor(0xEE, 0xF2, 0xF5)
DARK = RGBColor(0x22, 0x22, 0x22)
WRAP_CELLS = 150  # characters per line of the PDF's note, counting a Chinese character as two


def score_text(score: float | None) -> str:
    """Show a pillar score as the overview's cards do: a whole number, or a dash."""
    return "—" if score is None else format_number(score)


def table_font_size(table: TableSlide) -> int:
    """Return the table's type size in points: 18 for a short, narrow table, 16 for a long or wide one."""
    return 18 if len(table.rows) <= LARGE_TABLE[0] and len(table.columns) <= LARGE_TABLE[1] else 16


def edition_line(briefing: Briefing) -> str:
    """Name the edition and its day, for the title slide."""
    assert briefing.meeting is not None
    edition, lang = briefing.meeting.edition, briefing.request.lang
    return translate("meeting_deck.edition_line", lang, id=edition.edition_id, name=edition.name,
                     day=edition.as_of.isoformat())


def table_notes(briefing: Briefing, table: TableSlide) -> str:
    """Return a table slide's speaker notes: its sources and the edition's snapshot."""
    assert briefing.meeting is not None
    lang, edition = briefing.request.lang, briefing.meeting.edition
    return "\n".join([translate("meeting_deck.notes_sources", lang, sources=", ".join(dict.fromkeys(table.sources))),
                      translate("meeting_deck.notes_edition", lang, snapshot=edition.snapshot_id,
                                day=edition.as_of.isoformat()),
                      translate("briefing.deck.notes_filters", lang, filters=briefing.filters)])


def _slide_heading(deck: PresentationType, title_text: str, note_text: str) -> Slide:
    """Add a title-only slide with its title and a muted note under it."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    title = slide.shapes.title
    title.text = title_text
    title.left, title.top, title.width, title.height = Inches(LEFT), Inches(0.3), Inches(TABLE_W), Inches(0.85)
    title.text_frame.paragraphs[0].font.size = Pt(30)
    note = slide.shapes.add_textbox(Inches(LEFT), Inches(1.15), Inches(TABLE_W), Inches(0.6)).text_frame
    note.word_wrap = True
    note.text = note_text
    note.paragraphs[0].font.size, note.paragraphs[0].font.color.rgb = Pt(14), RGBColor.from_string(MUTED[1:])
    return slide


def add_table_slide(deck: PresentationType, table: TableSlide, notes: str) -> None:
    """Add one slide holding the table as a native PPTX table that fills the slide under its title and note."""
    slide = _slide_heading(deck, table.title, table.note)
    rows, size = len(table.rows) + 1, table_font_size(table)
    row_height = min(MAX_ROW, (BOTTOM - TOP) / rows)
    shape = slide.shapes.add_table(rows, len(table.columns), Inches(LEFT), Inches(TOP), Inches(TABLE_W),
                                   Inches(row_height * rows))
    grid = shape.table
    total = sum(table.widths)
    widths = [int(Inches(TABLE_W) * w / total) for w in table.widths]
    widths[-1] += Inches(TABLE_W) - sum(widths)  # rounding: the columns fill the table exactly
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Emu(width)
    for row in grid.rows:
        row.height = Inches(row_height)
    for r, values in enumerate([table.columns, *table.rows]):
        for c, value in enumerate(values):
            fill = table.fill(r - 1, c) if r else None
            cell = grid.cell(r, c)
            cell.text = value
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            font = cell.text_frame.paragraphs[0].font
            font.size, font.bold = Pt(size), r == 0 or fill is not None
            font.color.rgb = RGBColor.from_string(ink(fill)[1:]) if fill else DARK
            cell.fill.solid()
            cell.fill.fore_color.rgb = (RGBColor.from_string(fill[1:]) if fill else
                                        HEADER_FILL if r == 0 else RGBColor(0xFF, 0xFF, 0xFF))
    slide.notes_slide.notes_text_frame.text = notes


def _wrap(text: str, cells: int = WRAP_CELLS) -> str:
    """Break a note into lines for Plotly, which does not wrap annotations; a Chinese character is two cells wide."""
    lines, line, used = [], "", 0
    for char in text:
        width = 2 if ord(char) > 0x2E80 else 1
        if used + width > cells:
            lines.append(line)
            line, used = "", 0
        line, used = line + char, used + width
    return "<br>".join(html.escape(part, quote=False) for part in [*lines, line])


def _caption(briefing: Briefing, title: str) -> Caption:
    """Caption a PDF page as the slide images are captioned: filters, edition snapshot, demo marker."""
    lang, info = briefing.request.lang, briefing.info
    return Caption(title=title, filters=briefing.filters,
                   source=edition_line(briefing),
                   provenance=translate("briefing.deck.subtitle", lang, as_of=info.as_of.isoformat()),
                   demo_badge=translate("briefing.image.demo_badge", lang) if info.is_demo else None)


def table_plot(briefing: Briefing, table: TableSlide) -> dict:
    """Return a 16:9 plot of one table page for the PDF, with the same rows as the PPTX table."""
    # Cells hold edition names, places, tasks and owners from data; Plotly would render tags in them.
    cells = [[html.escape(str(value), quote=False) for value in column] for column in zip(*table.rows, strict=True)]
    fills = [[table.fill(r, c) for r in range(len(table.rows))] for c in range(len(table.columns))]
    size = table_font_size(table) + 4  # CSS pixels at 1280 wide read as the slide's points at 13.33 inches
    trace = {"type": "table", "columnwidth": list(table.widths), "domain": {"x": [0, 1], "y": [0, 0.84]},
             "header": {"values": [f"<b>{html.escape(c, quote=False)}</b>" for c in table.columns],
                        "fill": {"color": "#eef2f5"}, "align": "left", "height": 40, "font": {"size": size}},
             "cells": {"values": cells, "align": "left", "height": 38,
                       "fill": {"color": [[f or "white" for f in column] for column in fills]},
                       "font": {"size": size, "color": [[ink(f) if f else "#222" for f in column]
                                                        for column in fills]}}}
    note = {"text": _wrap(table.note), "xref": "paper", "yref": "paper", "x": 0, "y": 1, "xanchor": "left",
            "yanchor": "top", "showarrow": False, "align": "left", "font": {"size": 15, "color": MUTED}}
    layout = {"width": WIDTH, "height": HEIGHT, "title": caption_title(_caption(briefing, table.title)),
              "margin": {"l": 28, "r": 28, "t": 124, "b": 24}, "annotations": [note],
              "font": {"family": FONT_FAMILY}, "paper_bgcolor": "white"}
    return {"data": [trace], "layout": layout}


def title_plot(briefing: Briefing, command: str) -> dict:
    """Return the PDF's title page: the deck's title slide as a plot, pillar scores in their colours."""
    lang, info, scores = briefing.request.lang, briefing.info, briefing.scores
    lines = [edition_line(briefing), briefing.filters,
             translate("briefing.deck.subtitle", lang, as_of=info.as_of.isoformat())]
    if info.is_demo:
        lines.append(translate("briefing.deck.demo_note", lang))
    text = {"xref": "paper", "yref": "paper", "showarrow": False, "xanchor": "left", "align": "left", "x": 0}
    annotations = [{**text, "text": f"<b>{html.escape(briefing.title, quote=False)}</b>", "y": 0.97,
                    "font": {"size": 40, "color": "#222"}},
                   {**text, "text": "<br>".join(html.escape(line, quote=False) for line in lines), "y": 0.72,
                    "font": {"size": 18, "color": MUTED}}]
    shapes = []
    for i, (pillar, color) in enumerate(PILLAR_COLORS.items()):
        x0 = i * 0.34
        shapes.append({"type": "rect", "xref": "paper", "yref": "paper", "x0": x0, "x1": x0 + 0.32, "y0": 0.12,
                       "y1": 0.42, "fillcolor": color, "line": {"width": 0}})
        score = scores.scores.get(pillar) if scores else None
        value = score_text(score)
        annotations.append({**text, "xanchor": "center", "align": "center", "x": x0 + 0.16, "y": 0.27,
                            "text": f"{html.escape(translate(f'pillar.{pillar}', lang))}<br><b>{value}</b>",
                            "font": {"size": 24, "color": "white"}})
    notes = scores.withheld_notes(lang) if scores else []
    annotations.append({**text, "text": _wrap(" ".join([*notes, translate("briefing.deck.notes_regenerate", lang,
                                                                              command=command)])),
                        "y": 0.02, "yanchor": "bottom", "font": {"size": 12, "color": MUTED}})
    layout = {"width": WIDTH, "height": HEIGHT, "margin": {"l": 60, "r": 60, "t": 50, "b": 40},
              "xaxis": {"visible": False}, "yaxis": {"visible": False}, "annotations": annotations, "shapes": shapes,
              "font": {"family": FONT_FAMILY}, "paper_bgcolor": "white", "plot_bgcolor": "white"}
    return {"data": [], "layout": layout}


def meeting_plots(briefing: Briefing, command: str) -> list[dict]:
    """Return the PDF pages that come before the charts: the title page, then one page per table slide."""
    return [title_plot(briefing, command), *(table_plot(briefing, table) for table in briefing.tables)]
