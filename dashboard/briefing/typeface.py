"""Declare every run of a deck as Simplified Chinese text in one Chinese typeface, so offices draw it as the app does.

Without a language and an East Asian typeface, LibreOffice asks fontconfig for "any CJK face" and gets the
Japanese cut of Noto Sans CJK (different strokes in 直, 骨, 角), with digits from DejaVu sitting higher than
the Chinese. Each run therefore names the same face for Latin and East Asian text (digits then share the
Chinese baseline), says zh-CN, and carries Windows' GB2312 charset (-122), which PowerPoint and WPS use to
pick a Simplified Chinese substitute when the face is not installed.
"""

from __future__ import annotations

import copy

from lxml import etree
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType

FACE = "Noto Sans CJK SC"  # the first face of the app's FONT_FAMILY, so slides match the chart images
GB2312_CHARSET = "-122"  # Windows' code for GB2312, written as a signed byte as PowerPoint writes it
SWISS_VARIABLE = "34"  # pitch and family of a sans-serif proportional face
LANGUAGES = {"zh": ("zh-CN", "en-US"), "en": ("en-US", "zh-CN")}  # (lang, altLang) of a deck's runs
# Children of a:rPr that must come after a:latin and a:ea (the schema fixes the order).
AFTER_FACES = tuple(qn(f"a:{tag}") for tag in ("cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst"))
RUN_TAGS = (qn("a:r"), qn("a:fld"))


def _faces() -> list[etree._Element]:
    """Return fresh a:latin and a:ea elements naming the deck's face with its GB2312 fallback hint."""
    faces = []
    for tag in ("latin", "ea"):
        face = etree.Element(qn(f"a:{tag}"))
        face.set("typeface", FACE)
        face.set("pitchFamily", SWISS_VARIABLE)
        face.set("charset", GB2312_CHARSET)
        faces.append(face)
    return faces


def _declare(properties: etree._Element, lang: str) -> None:
    """Set language and faces on one a:rPr, a:endParaRPr or a:defRPr, keeping the schema's child order."""
    main, alternate = LANGUAGES.get(lang, LANGUAGES["zh"])
    properties.set("lang", main)
    properties.set("altLang", alternate)
    for old in properties.findall(qn("a:latin")) + properties.findall(qn("a:ea")):
        properties.remove(old)
    later = next((child for child in properties if child.tag in AFTER_FACES), None)
    for face in _faces():
        if later is None:
            properties.append(face)
        else:
            later.addprevious(face)


def _run_properties(run: etree._Element, defaults: etree._Element | None) -> etree._Element:
    """Return a run's a:rPr, made from the paragraph's defaults when it has none.

    python-pptx's paragraph.font writes a:pPr/a:defRPr, which PowerPoint does not apply to runs already typed;
    copying it into the run keeps the size, weight and colour in every office.
    """
    properties = run.find(qn("a:rPr"))
    if properties is None:
        properties = copy.deepcopy(defaults) if defaults is not None else etree.Element(qn("a:rPr"))
        properties.tag = qn("a:rPr")
        run.insert(0, properties)
    return properties


def _declare_paragraph(paragraph: etree._Element, lang: str) -> None:
    """Declare every run of one a:p, and its end-of-paragraph properties."""
    defaults = paragraph.find(f"{qn('a:pPr')}/{qn('a:defRPr')}")
    for run in paragraph:
        if run.tag in RUN_TAGS:
            _declare(_run_properties(run, defaults), lang)
    end = paragraph.find(qn("a:endParaRPr"))
    if end is not None:
        _declare(end, lang)


def declare_chinese(deck: PresentationType, lang: str) -> None:
    """Give every text run of every slide and its notes (tables included) the deck's language and faces."""
    for slide in deck.slides:
        parts = [slide.element]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.element)
        for part in parts:
            for paragraph in part.iter(qn("a:p")):
                _declare_paragraph(paragraph, lang)
