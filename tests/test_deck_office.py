"""The meeting and monthly decks as an office opens them: language and faces of every run, tables that fill the
slide in status colours, scores as the page shows them, and LibreOffice drawing them in Simplified Chinese."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard.base.i18n import translate
from dashboard.briefing.collect import Briefing, BriefingRequest
from dashboard.briefing.deck import slide_count
from dashboard.briefing.meeting_deck import MAX_ROW
from dashboard.briefing.meeting_tables import KEY_PROJECTS_SHOWN, project_state, state_fill
from dashboard.briefing.presets import PRESETS_DIR, load_preset, load_presets, preset_order
from dashboard.briefing.typeface import FACE, declare_chinese
from dashboard.present.charts import status_color
from dashboard.present.codes import code_colors, code_label
from dashboard.present.formatting import format_number
from dashboard.query.scope import Scope
from tests.briefing_support import brief, settings_for

Deck = tuple[Briefing, bytes]
OFFICE = pytest.mark.skipif(not all(shutil.which(t) for t in ("soffice", "pdffonts", "pdftoppm")),
                            reason="needs LibreOffice Impress and poppler-utils (.ci/system-deps installs them)")


@pytest.fixture(scope="module")
def decks(fixture_var: Path) -> dict[str, Deck]:
    """Both shipped decks in Chinese on the fixture warehouse: the October meeting deck and the monthly one."""
    settings, out = settings_for(fixture_var), {}
    for preset_id, edition in (("meeting", "2018-10"), ("monthly", None)):
        preset = load_preset(PRESETS_DIR / f"{preset_id}.yaml")
        request = BriefingRequest.build(preset.charts, Scope(lang="zh"), preset, edition_id=edition)
        briefing, files = brief(settings, request, ("pptx",))
        out[preset_id] = (briefing, files["pptx"])
    return out


def _soffice_pdf(pptx: bytes, folder: Path) -> Path:
    """Convert a deck to PDF with LibreOffice Impress, in a private profile, and return the PDF's path."""
    source = folder / "deck.pptx"
    source.write_bytes(pptx)
    profile = (folder / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=240)
    return folder / "deck.pdf"


def _fonts(pdf: Path) -> list[str]:
    """Return the names of the fonts a PDF embeds, without their subset prefix."""
    lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()
    return [line.split()[0].split("+")[-1] for line in lines[2:] if line.strip()]


def _part_xml(pptx: bytes) -> dict[str, etree._Element]:
    """Return every slide's and notes page's XML by part name."""
    with zipfile.ZipFile(io.BytesIO(pptx)) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.startswith(("ppt/slides/slide", "ppt/notesSlides/")) and name.endswith(".xml")}


@pytest.mark.parametrize("preset_id", ["meeting", "monthly"])
def test_every_run_says_simplified_chinese_and_names_an_east_asian_face(decks: dict[str, Deck],
                                                                         preset_id: str) -> None:
    """Each run, table cells and notes included, carries lang zh-CN and the same Latin and East Asian face."""
    runs = tabled = 0
    for name, root in _part_xml(decks[preset_id][1]).items():
        for run in root.iter(qn("a:r")):
            props = run.find(qn("a:rPr"))
            assert props is not None, f"{name}: a run without properties: {run.findtext(qn('a:t'))!r}"
            assert props.get("lang") == "zh-CN", name
            faces = {tag: props.find(qn(f"a:{tag}")) for tag in ("latin", "ea")}
            assert all(f is not None and f.get("typeface") == FACE for f in faces.values()), name
            runs += 1
            tabled += any(a.tag == qn("a:tbl") for a in run.iterancestors())
    assert runs > 20
    assert tabled > 0 or preset_id == "monthly"  # the monthly deck has no tables


@OFFICE
@pytest.mark.parametrize("preset_id", ["meeting", "monthly"])
def test_libreoffice_draws_the_deck_in_one_chinese_face(decks: dict[str, Deck], preset_id: str,
                                                        tmp_path: Path) -> None:
    """LibreOffice embeds only Noto Sans CJK: no DejaVu digits off the Chinese baseline, no Korean or Traditional face.

    Every face of the Noto Sans CJK collection shares one glyph table named NotoSansCJKjp, so pdffonts calls the
    Simplified Chinese face "jp" too; which face drew the text is checked by its glyphs (the probe test below).
    """
    briefing, pptx = decks[preset_id]
    pdf = _soffice_pdf(pptx, tmp_path)
    fonts = _fonts(pdf)
    assert fonts and all(f.startswith("NotoSansCJK") for f in fonts), fonts
    assert not any(tag in f for f in fonts for tag in ("kr", "KR", "tc", "TC", "hk", "HK", "Serif", "Mono"))
    pages = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert f"Pages:           {slide_count(briefing)}" in pages
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    assert len(list(tmp_path.glob("page-*.png"))) == slide_count(briefing)


@OFFICE
def test_the_declared_runs_take_simplified_forms_not_japanese(tmp_path: Path) -> None:
    """直骨角 drawn from a declared run matches the Simplified Chinese face and differs from the Japanese one."""
    deck = Presentation()

    def probe(lang: str | None = None, face: str | None = None) -> None:
        frame = deck.slides.add_slide(deck.slide_layouts[6]).shapes.add_textbox(Inches(0.5), Inches(1), Inches(8),
                                                                                  Inches(2)).text_frame
        frame.text = "直骨角 2018"
        run = frame.paragraphs[0].runs[0]
        run.font.size = Pt(60)
        if lang and face:
            props = run.font._rPr  # python-pptx has no setter for lang strings or the East Asian face
            props.set("lang", lang)
            run.font.name = face
            etree.SubElement(props, qn("a:ea")).set("typeface", face)

    probe()
    declare_chinese(deck, "zh")  # the first slide only: the deck's own styling
    probe("zh-CN", "Noto Sans CJK SC")
    probe("ja-JP", "Noto Sans CJK JP")
    buffer = io.BytesIO()
    deck.save(buffer)
    pdf = _soffice_pdf(buffer.getvalue(), tmp_path)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "p")], check=True, timeout=60)
    ours, simplified, japanese = (p.read_bytes() for p in sorted(tmp_path.glob("p-*.png")))
    assert simplified != japanese  # the probe tells the two apart
    assert ours == simplified


def test_tables_fill_the_slide_at_16_to_18_points_with_status_colours(decks: dict[str, Deck]) -> None:
    """Every table reaches the slide's lower part, every cell is 16–18 pt, and status cells wear the app's colours."""
    briefing, pptx = decks["meeting"]
    deck = Presentation(io.BytesIO(pptx))
    tables = [(slide, shape) for slide in deck.slides for shape in slide.shapes if shape.has_table]
    assert len(tables) == len(briefing.tables) + 1  # the closing slide is a table too
    for slide, shape in tables:
        rows = list(shape.table.rows)
        # Down to the slide's lower part, unless every row already has the largest height a row gets.
        assert (Emu(shape.top + shape.height).inches >= 5.0
                or all(Emu(r.height).inches >= MAX_ROW - 0.01 for r in rows)), slide.shapes.title.text
        assert Emu(shape.width).inches >= 12.3  # the slide's whole width inside its margins
        for cell in (c for row in rows for c in row.cells if c.text):  # an empty cell has no run
            runs = [r for p in cell.text_frame.paragraphs for r in p.runs]
            assert runs and all(Pt(16) <= r.font.size <= Pt(18) for r in runs), repr(cell.text)
    scorecard = next(s for sl, s in tables if sl.shapes.title.text == briefing.tables[0].title).table
    for row, change in zip(list(scorecard.rows)[1:], briefing.meeting.pillars, strict=True):
        assert str(row.cells[2].fill.fore_color.rgb) == status_color(change.status_now).lstrip("#").upper()
        assert row.cells[1].text == format_number(change.score_now)  # 100, not 100.0


def test_key_projects_sit_on_one_slide_most_at_risk_first(decks: dict[str, Deck]) -> None:
    """One key-project slide lists the riskiest ones in order, coloured by state, and says how many are left off."""
    briefing = decks["meeting"][0]
    facts = briefing.meeting
    pages = [t for t in briefing.tables if t.title.startswith("重点项目")]
    assert len(pages) == 1
    (page,) = pages
    records = facts.key_projects.to_dict("records")
    states = {r["key_project"]: project_state(r, facts.edition.as_of) for r in records}
    order = {"overdue": 0, "in_progress": 1, "planned": 2, "completed": 3}
    ranks = [order[states[row[0]]] for row in page.rows]
    assert ranks == sorted(ranks)
    assert len(page.rows) == min(len(records), KEY_PROJECTS_SHOWN)
    for i, row in enumerate(page.rows):
        assert row[1] == code_label("status", states[row[0]], "zh")
        assert page.fill(i, 1) == state_fill(states[row[0]])
    left_off = len(records) - len(page.rows)
    assert (f"另有 {left_off} 个" in page.note) == (left_off > 0)


def test_title_slide_scores_read_as_on_the_page(decks: dict[str, Deck]) -> None:
    """The pillar boxes say 100 or 81, as the overview's cards do, never 100.0 分."""
    for briefing, pptx in decks.values():
        title = Presentation(io.BytesIO(pptx)).slides[0]
        boxes = {s.text_frame.paragraphs[0].text: s.text_frame.paragraphs[1].text
                 for s in title.shapes if s.has_text_frame and len(s.text_frame.paragraphs) == 2}
        for pillar, score in briefing.scores.scores.items():
            assert boxes[translate(f"pillar.{pillar}", "zh")] == ("—" if score is None else format_number(score))


def test_the_closing_slide_chases_the_open_follow_ups(decks: dict[str, Deck]) -> None:
    """The last slide lists the edition's overdue and open follow-ups, overdue first, and the deck's count is true."""
    briefing, pptx = decks["meeting"]
    slides = list(Presentation(io.BytesIO(pptx)).slides)
    assert len(slides) == slide_count(briefing)
    assert slides[-1].shapes.title.text == briefing.closing.title
    due = briefing.meeting.follow_ups
    chase = due.assign(later=due["status"].ne("overdue")).sort_values(["later", "due_on"], kind="stable")
    listed = [row[2] for row in briefing.closing.rows if row[1] in ("已逾期", "办理中")]
    assert len(due) > 0
    assert [text.split("（")[0] for text in listed] == list(chase["task"])[:4]


def test_map_slide_carries_its_values(decks: dict[str, Deck], fixture_var: Path) -> None:
    """The coverage map's slide ranks every township beside the map, with its value as the map's hover gives it."""
    briefing = decks["monthly"][0]
    chart = next(c for c in briefing.charts if c.spec.chart.type == "map")
    (ranking,) = [t for t in chart.plot["data"] if t["type"] == "table"]
    names, values = ranking["cells"]["values"][1], ranking["cells"]["values"][2]
    assert names and len(names) == len(values)
    numbers = [float(v.rstrip("%")) for v in values]
    assert numbers == sorted(numbers, reverse=True)


def test_project_statuses_keep_their_own_colours(decks: dict[str, Deck]) -> None:
    """各街镇改造项目进展 draws each status in the shared colour of its code: completed and planned differ."""
    for briefing, _ in decks.values():
        chart = next(c for c in briefing.charts if c.spec.query_id == "briefing/projects_by_township")
        colors = {t["name"]: t["marker"]["color"] for t in chart.plot["data"]}
        shared = code_colors("status", "zh")
        assert colors == {name: shared[name] for name in colors}
        assert colors[code_label("status", "completed", "zh")] != colors[code_label("status", "planned", "zh")]


def test_the_meeting_deck_is_the_default_and_named_after_its_edition(decks: dict[str, Deck]) -> None:
    """The meeting preset comes first, its deck is titled after the edition, and the two presets read apart."""
    presets, _ = load_presets()
    assert preset_order(presets)[0] == "meeting"
    briefing = decks["meeting"][0]
    assert briefing.title == f"{briefing.meeting.edition.name}汇报"
    assert presets["meeting"].label("zh") not in presets["monthly"].label("zh")
    assert presets["monthly"].label("zh") not in briefing.title
