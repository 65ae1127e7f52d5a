"""Briefing export on the fixture warehouse: deck, images, PDF, determinism, kept snapshots, presets, CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.base.i18n import translate
from dashboard.base.settings import REPO_ROOT, load_settings
from dashboard.briefing import frame
from dashboard.briefing.captions import make_caption, other_params, scope_of
from dashboard.briefing.collect import Briefing, BriefingRequest
from dashboard.briefing.presets import PresetError, load_preset, load_presets, missing_queries
from dashboard.cli import main as cli_main
from dashboard.engine.runner import Runner
from dashboard.metrics.pillars import assess_pillars, indicator_specs, pillar_summary
from dashboard.present.formatting import format_number
from dashboard.query.registry import Registry, load_registry
from dashboard.query.scope import Scope
from dashboard.warehouse import snapshot
from dashboard.warehouse.build import build_snapshot
from dashboard.warehouse.load import load_file
from tests.briefing_support import brief, monthly_preset, png_size, settings_for, zip_members
from tests.conftest import FIXTURES

Export = tuple[Briefing, dict[str, bytes]]


@pytest.fixture(scope="session")
def fixture_registry(fixture_var: Path) -> Registry:
    """The repository's query files."""
    return load_registry(settings_for(fixture_var).queries_dir)


@pytest.fixture(scope="session")
def monthly_zh(fixture_var: Path) -> Export:
    """The monthly preset in Chinese on the fixture warehouse, exported once per session."""
    preset = monthly_preset()
    return brief(settings_for(fixture_var), BriefingRequest.build(preset.charts, Scope(lang="zh"), preset))


def chart_pngs(files: dict[str, bytes]) -> list[bytes]:
    """Return the slide images of a briefing's ZIP, in slide order."""
    return [data for name, data in zip_members(files["zip"]).items() if name.endswith(".png")]


def test_deck_has_a_title_slide_then_one_captioned_chart_per_slide(monthly_zh: Export,
                                                                    fixture_registry: Registry) -> None:
    briefing, files = monthly_zh
    deck = Presentation(io.BytesIO(files["pptx"]))
    slides = list(deck.slides)
    charts = monthly_preset().charts
    assert len(slides) == 1 + len(charts)
    assert slides[0].shapes.title.text == "月度图表简报"
    for slide, query_id, png in zip(slides[1:], charts, chart_pngs(files), strict=True):
        assert slide.shapes.title.text == fixture_registry.get(query_id).title["zh"]
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert [p.image.blob for p in pictures] == [png]
        assert (pictures[0].left, pictures[0].top, pictures[0].width) == (0, 0, deck.slide_width)
        assert slide.shapes.title.top < 0, "the image shows the title; the slide's own title sits off-slide"
        notes = slide.notes_slide.notes_text_frame.text
        assert f"queries/{query_id}.sql" in notes
        assert briefing.info.snapshot_id in notes
        assert briefing.filters in notes


def test_title_slide_shows_the_overviews_pillar_scores(monthly_zh: Export, fixture_var: Path) -> None:
    _briefing, files = monthly_zh
    settings = settings_for(fixture_var)
    runner = Runner(settings)
    registry = load_registry(settings.queries_dir)
    as_of = pd.Timestamp(runner.run_sql("select max(as_of) from snapshot_info").frame.iloc[0, 0]).date()
    assessed = assess_pillars(registry, lambda spec, params: runner.run(spec, params).frame, Scope(lang="zh"),
                              as_of, load_settings().pace, settings.min_sample)
    title_slide = Presentation(io.BytesIO(files["pptx"])).slides[0]
    boxes = {s.text_frame.paragraphs[0].text: s.text_frame.paragraphs[1].text
             for s in title_slide.shapes if s.has_text_frame and len(s.text_frame.paragraphs) == 2}
    for pillar, assessments in assessed.items():
        score = pillar_summary(assessments, load_settings().pace)[0].score
        assert score is not None
        assert boxes[translate(f"pillar.{pillar}", "zh")] == format_number(score)  # as the overview card: 100
    source = translate("briefing.deck.scores_from", "zh", folder="queries/indicators/")
    assert translate("briefing.deck.scores_source", "zh", source=source) in [
        s.text_frame.text for s in title_slide.shapes if s.has_text_frame]


def test_missing_scores_are_marked_not_invented(fixture_var: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries"
    shutil.copytree(REPO_ROOT / "queries", queries, ignore=shutil.ignore_patterns("indicators"))
    for pillar in ("city_change", "resident_perception", "social_recognition"):
        (queries / "indicators" / pillar).mkdir(parents=True)  # no indicator files, but the folders folders.yaml names
    settings = dataclasses.replace(settings_for(fixture_var), queries_dir=queries)
    request = BriefingRequest.build(["briefing/projects_by_township"], Scope(lang="en"))
    _briefing, files = brief(settings, request, ("pptx",))
    texts = [s.text_frame.text for s in Presentation(io.BytesIO(files["pptx"])).slides[0].shapes if s.has_text_frame]
    assert translate("briefing.deck.scores_missing", "en") in texts
    assert sum(t.endswith("\n—") for t in texts) == 3


def test_a_pillar_with_a_failed_indicator_gets_no_score_and_names_the_file(fixture_var: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries"
    shutil.copytree(REPO_ROOT / "queries", queries)
    settings = dataclasses.replace(settings_for(fixture_var), queries_dir=queries)
    spec = indicator_specs(load_registry(queries))["city_change"][0]
    header, body = spec.path.read_text(encoding="utf-8").split("---*/", 1)
    # Valid for the registry (same header and parameters), but it fails when it runs.
    spec.path.write_text(f"{header}---*/\nselect * from (\n{body.strip().rstrip(';')}\n) as q\n"
                         "where error('broken for a test') is null\n", encoding="utf-8")
    request = BriefingRequest.build(["briefing/projects_by_township"], Scope(lang="en"))
    briefing, files = brief(settings, request, ("pptx",))
    assert briefing.scores is not None and briefing.scores.scores["city_change"] is None
    shapes = [s for s in Presentation(io.BytesIO(files["pptx"])).slides[0].shapes if s.has_text_frame]
    boxes = {s.text_frame.paragraphs[0].text: s.text_frame.paragraphs[1].text
             for s in shapes if len(s.text_frame.paragraphs) == 2}
    assert boxes[translate("pillar.city_change", "en")] == "—"
    for pillar in ("resident_perception", "social_recognition"):
        assert re.fullmatch(r"\d+", boxes[translate(f"pillar.{pillar}", "en")])
    withheld = translate("briefing.deck.score_withheld", "en", pillar=translate("pillar.city_change", "en"),
                         files=spec.label("en"))
    assert not any("queries/" in s.text_frame.text for s in shapes), "a slide names no query file"
    assert any(withheld in s.text_frame.text for s in shapes)


def test_images_are_16_9_at_twice_the_size_with_the_caption_drawn_on_top(monthly_zh: Export) -> None:
    _briefing, files = monthly_zh
    pngs = chart_pngs(files)
    assert len(pngs) == len(monthly_preset().charts)
    for png in pngs:
        assert png_size(png) == (frame.WIDTH * 2, frame.HEIGHT * 2)
        image = Image.open(io.BytesIO(png)).convert("L")
        lines = [image.crop((0, y, image.width, y + 24)).getextrema()[0] for y in range(0, frame.HEADER * 2, 24)]
        assert sum(darkest < 128 for darkest in lines) >= 3, "title, filters and source lines are drawn"


def test_every_image_carries_title_filters_source_and_as_of_date(monthly_zh: Export) -> None:
    briefing, _files = monthly_zh
    for chart in briefing.charts:
        title = chart.plot["layout"]["title"]
        assert title["text"].startswith(f"<b>{chart.spec.title['zh']}</b>")
        assert "【演示数据】" in title["text"], "the fixture warehouse is a demo build, so the marker is burned in"
        details = title["subtitle"]["text"]
        source = translate(f"source.{chart.spec.source}", "zh")
        for part in (briefing.filters, translate("briefing.image.source", "zh", source=source),
                     briefing.info.as_of.isoformat()):
            assert part in details
        # A leader reads the slide: the snapshot and query file stay in the speaker notes.
        assert briefing.info.snapshot_id not in details and "queries/" not in details


def test_demo_marker_only_on_a_demo_snapshot(monthly_zh: Export) -> None:
    briefing, _files = monthly_zh
    chart = briefing.charts[0]
    loaded = dataclasses.replace(briefing.info, data_kind="loaded", includes_demo=False)
    caption = make_caption(chart.spec, loaded, "zh", briefing.filters)
    assert caption.demo_badge is None
    assert "演示数据" not in frame.slide_plot({"data": [], "layout": {}}, caption)["layout"]["title"]["text"]


def test_empty_result_becomes_a_slide_that_says_so(monthly_zh: Export) -> None:
    briefing, _files = monthly_zh
    empty = [c for c in briefing.charts if c.spec.query_id == "briefing/satisfaction_by_month"]
    assert [a["text"] for a in empty[0].plot["layout"]["annotations"]] == [translate("briefing.image.empty", "zh")]
    assert empty[0].plot["layout"]["title"]["text"].startswith("<b>居民满意度")


def test_pdf_has_one_vector_page_per_chart_and_fixed_metadata(monthly_zh: Export) -> None:
    briefing, files = monthly_zh
    pdf = files["pdf"]
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == len(briefing.charts)
    assert re.search(rb"/Count (\d+)", pdf).group(1) == str(len(briefing.charts)).encode()
    fonts = re.findall(rb"/Subtype /(Type3|Type0|TrueType)", pdf)
    assert fonts and b"/Subtype /Image" not in pdf, "text is drawn from font glyphs, not pixels"
    start = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    rows = pdf[start:].split(b"\n")[3:]
    for number, row in enumerate(rows[: len(re.findall(rb"\d+ 0 obj\n", pdf))], start=1):
        assert pdf[int(row[:10]):].startswith(b"%d 0 obj" % number)
    assert b"/CreationDate (D:" + briefing.info.built_at.strftime("%Y%m%d%H%M%S").encode() in pdf


def test_archives_are_dated_by_the_snapshot(monthly_zh: Export) -> None:
    briefing, files = monthly_zh
    built = briefing.info.built_at
    for data in (files["zip"], files["pptx"]):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # ZIP (DOS) times count seconds in steps of two.
            assert {info.date_time for info in archive.infolist()} == {
                built.replace(second=built.second // 2 * 2).timetuple()[:6]}
    props = Presentation(io.BytesIO(files["pptx"])).core_properties
    assert props.created == props.modified == built.replace(microsecond=0)
    assert props.identifier == briefing.info.snapshot_id


def test_regenerating_the_same_briefing_gives_the_same_bytes(monthly_zh: Export, fixture_var: Path) -> None:
    briefing, files = monthly_zh
    _again, files_again = brief(settings_for(fixture_var), briefing.request)
    assert files_again == files


def test_cli_writes_the_same_files_as_the_app(monthly_zh: Export, fixture_var: Path, tmp_path: Path) -> None:
    _briefing, files = monthly_zh
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DASHBOARD_VAR_DIR": str(fixture_var),
           "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-m", "dashboard", "brief", "--preset", "monthly", "--lang", "zh",
                           "--out", str(tmp_path / "out")], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    charts = len(monthly_preset().charts)
    assert f"{charts}/{charts} charts" in done.stderr
    written = {p.suffix.lstrip("."): p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert written == files


def test_kept_snapshot_regenerates_an_old_briefing_after_a_load(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "var")
    old_id = build_snapshot(settings, FIXTURES, "first")
    request = BriefingRequest.build(["briefing/projects_by_township"], Scope(lang="zh"))
    _old, old_files = brief(settings, request, ("zip",))
    header, first = (FIXTURES / "projects.csv").read_text(encoding="utf-8").splitlines()[:2]
    upload = tmp_path / "新项目.csv"
    upload.write_text(f"{header}\nP9999{first[first.index(','):]}\n", encoding="utf-8")
    new_id = load_file(settings, upload, "projects").snapshot_id
    assert snapshot.current_snapshot_id(settings) == new_id != old_id
    new, new_files = brief(settings, request, ("zip",))
    assert new_files != old_files
    assert "新项目.csv" in new.charts[0].caption.source, "the source names the loaded file"
    pinned = BriefingRequest.build(request.query_ids, request.scope, snapshot_id=old_id)
    _again, again_files = brief(settings, pinned, ("zip",))
    assert again_files == old_files
    with pytest.raises(snapshot.NoSnapshotError, match="not kept"):
        brief(settings, BriefingRequest.build(request.query_ids, request.scope, snapshot_id="20000101T000000-gone"))


def test_every_preset_names_existing_query_files(fixture_registry: Registry) -> None:
    presets, errors = load_presets()
    assert presets and not errors
    for preset in presets.values():
        assert missing_queries(preset, set(fixture_registry.specs)) == []


def test_broken_preset_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "weekly.yaml"
    path.write_text("title: {zh: 周报, en: Weekly}\ncharts: []\nslides: 3\n", encoding="utf-8")
    with pytest.raises(PresetError, match=r"weekly.yaml: unknown key\(s\) \['slides'\]"):
        load_preset(path)


def test_cli_accepts_a_township_name_and_refuses_an_unknown_one(fixture_var: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(fixture_var))
    args = ["brief", "--query", "briefing/projects_by_township", "--format", "zip", "--from", "2017-10"]
    assert cli_main([*args, "--township", "平息乡", "--out", str(tmp_path)]) == 0
    manifest = zip_members(next(tmp_path.glob("*.zip")).read_bytes())["briefing.json"].decode()
    assert '"township": "T03"' in manifest and '"month_from": "2017-10"' in manifest
    assert cli_main([*args, "--township", "不存在镇", "--out", str(tmp_path / "x")]) == 1
    assert "unknown township '不存在镇'" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_a_panel_s_own_parameter_values_are_described(fixture_registry: Registry) -> None:
    spec = fixture_registry.get("briefing/satisfaction_by_month")
    values = {"township": "T03", "month_from": dt.date(2018, 1, 1), "month_to": None, "area": None,
              "min_n": 50, "lang": "en"}
    assert scope_of(values, "en") == Scope(township="T03", month_from=dt.date(2018, 1, 1), lang="en")
    # Named in words (the shared name of a common parameter), never by its SQL name.
    assert other_params(spec, values, "en") == f"{translate('params.min_n', 'en')}=50" != "min_n=50"
    assert other_params(spec, {**values, "min_n": 30}, "en") == "", "defaults are not repeated"


def test_open_period_and_all_townships_are_described_in_words(monthly_zh: Export) -> None:
    briefing, _files = monthly_zh
    assert briefing.filters == Scope(lang="zh").describe()
    assert isinstance(briefing.info.as_of, dt.date)


def test_the_decks_map_slide_draws_its_places_offline_with_the_schematic_note(monthly_zh: Export) -> None:
    briefing, files = monthly_zh
    index = monthly_preset().charts.index("services/elderly_care_by_township")
    plot = briefing.charts[index].plot
    assert [t["type"] for t in plot["data"]][:1] == ["choropleth"]
    assert translate("maps.schematic", "zh") in [a["text"] for a in plot["layout"]["annotations"]]
    # kaleido drew the places (this machine has no internet, so it read the local topology): many pixels in the
    # map's blues, which no other part of the slide uses.
    image = Image.open(io.BytesIO(chart_pngs(files)[index])).convert("RGB")
    blues = sum(1 for r, _, b in image.get_flattened_data() if b > 140 and b - r > 30)
    assert blues > image.width * image.height // 20, "a twentieth of the slide at least is the places' fill"
