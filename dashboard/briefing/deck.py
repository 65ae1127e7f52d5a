"""The slide deck: a title slide with the pillar scores, a meeting's table slides, one chart image per slide, and
for a meeting a closing slide of next steps; every run declared as Simplified Chinese in one face."""

from __future__ import annotations

import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.base import BaseShape
from pptx.slide import Slide
from pptx.util import Inches, Pt

from dashboard.base.i18n import translate
from dashboard.briefing.archive import restamp_zip
from dashboard.briefing.collect import Briefing
from dashboard.briefing.meeting_deck import add_table_slide, edition_line, score_text, table_notes
from dashboard.briefing.typeface import declare_chinese
from dashboard.present.charts import PILLAR_COLORS

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5
MUTED = RGBColor(0x5F, 0x6B, 0x76)


def _place(shape: BaseShape, left: float, top: float, width: float, height: float) -> None:
    """Move and size a shape, in inches; the template's placeholders are laid out for 4:3."""
    shape.left, shape.top, shape.width, shape.height = Inches(left), Inches(top), Inches(width), Inches(height)


def _title_slide(deck: PresentationType, briefing: Briefing, command: str) -> None:
    """Add the title slide: title, filters and as-of date, demo note, three pillar score boxes."""
    lang, info = briefing.request.lang, briefing.info
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.text = briefing.title
    _place(title, 0.6, 0.7, 12.1, 1.2)
    lines = [briefing.filters, translate("briefing.deck.subtitle", lang, as_of=info.as_of.isoformat())]
    if briefing.meeting:
        lines.insert(0, edition_line(briefing))
    if info.is_demo:
        lines.append(translate("briefing.deck.demo_note", lang))
    subtitle.text = "\n".join(lines)
    _place(subtitle, 0.6, 2.0, 12.1, 1.7)
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.font.size = Pt(16)
    _pillar_boxes(slide, briefing)
    slide.notes_slide.notes_text_frame.text = translate("briefing.deck.notes_regenerate", lang, command=command)


def _pillar_boxes(slide: Slide, briefing: Briefing) -> None:
    """Add one box per pillar with its score, or a clearly marked note when scores are not available."""
    lang, scores = briefing.request.lang, briefing.scores
    for i, (pillar, color) in enumerate(PILLAR_COLORS.items()):
        box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(0.6 + i * 4.1), Inches(4.1),
                                     Inches(3.9), Inches(1.8))
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#"))
        box.line.fill.background()
        score = scores.scores.get(pillar) if scores else None
        frame = box.text_frame
        frame.text = translate(f"pillar.{pillar}", lang)
        value = frame.add_paragraph()
        value.text = score_text(score)
        value.font.size, value.font.bold = Pt(32), True
        frame.paragraphs[0].font.size = Pt(18)
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.CENTER
    note = slide.shapes.add_textbox(Inches(0.6), Inches(6.1), Inches(12.1), Inches(0.8)).text_frame
    note.word_wrap = True
    lines = [translate("briefing.deck.scores_source", lang, source=scores.source_label(lang))] \
        if scores and scores.available else []
    lines += scores.withheld_notes(lang) if scores else []
    note.text = "\n".join(lines) or translate("briefing.deck.scores_missing", lang)
    for paragraph in note.paragraphs:
        paragraph.font.size, paragraph.font.color.rgb = Pt(12), MUTED


def _chart_slide(deck: PresentationType, title: str, image: bytes, notes: str, alt_text: str) -> None:
    """Add a slide that is the captioned chart image, full size, with speaker notes.

    The image already shows the title, so the slide's own title sits just above the visible area, as
    PowerPoint's accessibility guidance suggests: outline view, navigation and screen readers still find it.
    """
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    slide.shapes.title.text = title
    _place(slide.shapes.title, 0.5, -1.0, 12.3, 0.8)
    picture = slide.shapes.add_picture(io.BytesIO(image), 0, 0, SLIDE_W, SLIDE_H)
    picture._element.nvPicPr.cNvPr.set("descr", alt_text)  # alt text; python-pptx has no public setter
    slide.notes_slide.notes_text_frame.text = notes


def slide_count(briefing: Briefing) -> int:
    """Return how many slides the briefing's deck has: title, tables, charts and, for a meeting, the closing one.

    The page says it after a build ("已生成 15 页幻灯片", key briefing.ready_slides), so it counts slides, not images.
    """
    return 1 + len(briefing.tables) + len(briefing.charts) + (briefing.closing is not None)


def build_deck(briefing: Briefing, images: Sequence[bytes], command: str) -> bytes:
    """Return the deck's bytes; every date in it comes from the snapshot, so equal input gives equal bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    _title_slide(deck, briefing, command)
    for table in briefing.tables:
        add_table_slide(deck, table, table_notes(briefing, table))
    for chart, image in zip(briefing.charts, images, strict=True):
        _chart_slide(deck, chart.caption.title, image, chart.notes, f"{chart.caption.title} · {chart.caption.filters}")
    if briefing.closing is not None:
        add_table_slide(deck, briefing.closing, table_notes(briefing, briefing.closing))
    declare_chinese(deck, briefing.request.lang)
    props, info, lang = deck.core_properties, briefing.info, briefing.request.lang
    props.title = briefing.title
    props.subject = briefing.filters
    props.author = props.last_modified_by = translate("app.title", lang)
    props.identifier = info.snapshot_id
    props.keywords = f"snapshot:{info.snapshot_id}"
    props.comments = command
    props.language = "zh-CN" if lang == "zh" else "en"
    props.created = props.modified = info.built_at
    props.revision = 1
    buffer = io.BytesIO()
    deck.save(buffer)
    return restamp_zip(buffer.getvalue(), info.built_at)
