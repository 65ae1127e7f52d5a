"""The meeting deck on the fixture warehouse: its table slides read back with python-pptx, the PDF, the CLI."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.slide import Slide

from dashboard.base.i18n import translate
from dashboard.base.settings import Settings
from dashboard.briefing.collect import Briefing, BriefingRequest
from dashboard.briefing.meeting_tables import KEY_PROJECTS_SHOWN, meeting_tables
from dashboard.briefing.presets import PRESETS_DIR, PresetError, load_preset
from dashboard.cli import main as cli_main
from dashboard.engine.runner import Runner
from dashboard.metrics.meeting import (
    assess_edition,
    compare_indicators,
    compare_pillars,
    list_editions,
    status_moves,
)
from dashboard.present.formatting import format_number
from dashboard.query.registry import Registry, load_registry
from dashboard.query.scope import Scope
from tests.briefing_support import brief, settings_for
from tests.test_app import open_page

Export = tuple[Briefing, dict[str, bytes]]
Table = list[list[str]]


@pytest.fixture(scope="module")
def settings(fixture_var: Path) -> Settings:
    """Settings pointing at the session's fixture warehouse."""
    return settings_for(fixture_var)


@pytest.fixture(scope="module")
def registry(settings: Settings) -> Registry:
    """The repository's query files."""
    return load_registry(settings.queries_dir)


@pytest.fixture(scope="module")
def october(settings: Settings) -> Export:
    """The meeting deck (PPTX and PDF) of the October edition, in Chinese, built once for the module."""
    preset = load_preset(PRESETS_DIR / "meeting.yaml")
    request = BriefingRequest.build(preset.charts, Scope(lang="zh"), preset, edition_id="2018-10")
    return brief(settings, request, ("pptx", "pdf"))


@pytest.fixture(scope="module")
def runner(settings: Settings) -> Iterator[Runner]:
    """A runner on the live fixture snapshot, for the core and the independent SQL."""
    live = Runner(settings)
    yield live
    live.close()


def slides(files: dict[str, bytes]) -> list[Slide]:
    """Return the deck's slides."""
    return list(Presentation(io.BytesIO(files["pptx"])).slides)


def table_rows(files: dict[str, bytes], title: str) -> Table:
    """Return the body rows of every native table on the slides titled `title` (continuations included)."""
    rows: Table = []
    for slide in slides(files):
        if not slide.shapes.title.text.startswith(title):
            continue
        (frame,) = [s for s in slide.shapes if s.has_table]
        rows += [[cell.text for cell in row.cells] for row in list(frame.table.rows)[1:]]
    assert rows, f"no table slide titled {title}"
    return rows


def zh(key: str) -> str:
    """Translate a meeting deck string into Chinese."""
    return translate(key, "zh")


def test_preset_is_a_meeting_deck_and_a_bad_kind_is_named(tmp_path: Path) -> None:
    assert load_preset(PRESETS_DIR / "meeting.yaml").is_meeting
    assert not load_preset(PRESETS_DIR / "monthly.yaml").is_meeting
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: screen\ntitle: {zh: 例会, en: Meeting}\ncharts: [briefing/demands_by_month]\n",
                   encoding="utf-8")
    with pytest.raises(PresetError, match=r"bad.yaml: 'kind' must be one of"):
        load_preset(bad)


def test_deck_order_title_tables_charts_then_next_steps(october: Export) -> None:
    _briefing, files = october
    titles = [s.shapes.title.text for s in slides(files)]
    assert titles[0] == "2018年10月例会汇报"
    assert titles[1] == zh("meeting_deck.scorecard.title")
    charts = len(load_preset(PRESETS_DIR / "meeting.yaml").charts)
    assert titles.index(zh("meeting_deck.follow_ups.title")) == len(titles) - 2 - charts, "then the charts"
    assert titles[-1] == zh("meeting_deck.closing.title"), "the next steps close the deck"
    subtitle = slides(files)[0].placeholders[1].text
    assert "期次 2018-10「2018年10月例会」· 评估日期 2018-10-25" in subtitle and "演示数据" in subtitle


def test_scorecard_has_the_three_pillars_scored_by_the_meeting_core(october: Export, runner: Runner,
                                                                   registry: Registry, settings: Settings) -> None:
    _briefing, files = october
    september, oct_edition = list_editions(runner, registry)
    now = assess_edition(runner, registry, oct_edition, Scope(lang="zh"), settings.pace, settings.min_sample)
    before = assess_edition(runner, registry, september, Scope(lang="zh"), settings.pace, settings.min_sample)
    expected = compare_pillars(now, before, settings.pace)
    rows = table_rows(files, zh("meeting_deck.scorecard.title"))
    assert [r[0] for r in rows] == [zh(f"pillar.{p.pillar}") for p in expected]
    assert [r[1] for r in rows] == [format_number(p.score_now) for p in expected]  # as the overview card: 100
    assert [r[2] for r in rows] == [zh(f"pillars.status.{p.status_now}") for p in expected]
    for row, change in zip(rows, expected, strict=True):
        assert change.score_change is not None
        moved = f"{'▲' if change.score_change > 0 else '▼'} {abs(change.score_change):,.1f}"
        assert row[3] == (zh("meeting_deck.flat") if abs(change.score_change) < 0.05 else moved)
        was, now_status = (zh(f"pillars.status.{s}") for s in (change.status_before, change.status_now))
        assert row[4] == (zh("meeting_deck.unchanged") if was == now_status else f"{was} → {now_status}")


def test_lagging_indicators_show_the_value_independent_sql_gives(october: Export, runner: Runner) -> None:
    _briefing, files = october
    rows = table_rows(files, zh("meeting_deck.lagging.title"))
    assert {r[2] for r in rows} <= {zh("pillars.status.off_track"), zh("pillars.status.at_risk")}
    courtyards = next(r for r in rows if r[1] == "老旧院落改造完成数")
    done = runner.run_sql("select count(*) from projects where category = 'old_courtyard' "
                          "and actual_end <= date '2018-10-25'").frame.iloc[0, 0]
    assert courtyards[3] == str(done)
    named = runner.run_sql("select name_zh from townships").frame["name_zh"].tolist()
    assert all(part.rsplit(" ", 1)[0] in named for part in courtyards[5].split("；")), "townships by name"


def test_changes_slide_lists_the_status_moves(october: Export, runner: Runner, registry: Registry,
                                              settings: Settings) -> None:
    _briefing, files = october
    september, oct_edition = list_editions(runner, registry)
    now = assess_edition(runner, registry, oct_edition, Scope(lang="zh"), settings.pace, settings.min_sample)
    before = assess_edition(runner, registry, september, Scope(lang="zh"), settings.pace, settings.min_sample)
    moves = status_moves(compare_indicators(now, before))
    assert moves, "the fixture's two editions differ in some indicator's status"
    rows = table_rows(files, zh("meeting_deck.moves.title"))
    assert [(r[1], r[4]) for r in rows] == [
        (registry.get(m.query_id).title["zh"],
         f"{zh(f'pillars.status.{m.status_before}')} → {zh(f'pillars.status.{m.status_now}')}") for m in moves]


def test_key_projects_fit_one_slide_most_at_risk_first(october: Export, runner: Runner) -> None:
    briefing, files = october
    rows = table_rows(files, zh("meeting_deck.projects.title"))
    day = briefing.meeting.edition.as_of.isoformat()  # a date from the fixture's edition, not user text
    ranked = runner.run_sql(f"""
        select name_zh from key_projects
        order by case when status <> 'completed' and planned_end < date '{day}' then 0
                      when status = 'in_progress' then 1 when status = 'planned' then 2 else 3 end,
                 planned_end, key_project_id""").frame["name_zh"].tolist()
    assert [r[0] for r in rows] == ranked[:KEY_PROJECTS_SHOWN]
    assert len([s for s in slides(files) if s.shapes.title.text.startswith(zh("meeting_deck.projects.title"))]) == 1


def test_follow_ups_due_are_overdue_or_open_and_done_ones_left_out(october: Export) -> None:
    _briefing, files = october
    rows = {r[0]: r for r in table_rows(files, zh("meeting_deck.follow_ups.title"))}
    assert rows["F2018-09-02"][-1] == "已逾期" and rows["F2018-09-02"][-2] == "2018-10-15"
    assert rows["F2018-10-01"][-1] == "办理中" and rows["F2018-10-01"][4] == "民政局"
    assert rows["F2018-10-01"][2] == "志愿者队伍数", "an indicator follow-up names the indicator"
    assert "F2018-09-01" not in rows, "done by the edition's day"


def test_pdf_has_a_page_per_slide(october: Export) -> None:
    _briefing, files = october
    counts = re.findall(rb"/Type /Pages /Kids \[[^\]]*\] /Count (\d+)", files["pdf"])
    assert [int(c) for c in counts] == [len(slides(files))]


def test_tables_speak_english_too(october: Export, registry: Registry) -> None:
    briefing, _files = october
    assert briefing.meeting is not None
    first = meeting_tables(briefing.meeting, registry, "en")[0]
    assert (first.title, first.columns[:3]) == ("Scorecard of the three pillars", ("Pillar", "Score", "Status"))


def test_cli_rebuilds_the_same_bytes_for_the_edition(october: Export, fixture_var: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _briefing, files = october
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(fixture_var))
    args = ["brief", "--preset", "meeting", "--format", "pptx"]
    assert cli_main([*args, "--edition", "2018-10", "--out", str(tmp_path)]) == 0
    (written,) = tmp_path.glob("*.pptx")
    assert "meeting-2018-10-zh" in written.name
    assert written.read_bytes() == files["pptx"], "same edition, filters and language: the same bytes"
    assert cli_main([*args, "--edition", "1999-01", "--out", str(tmp_path / "x")]) == 1
    assert "no edition '1999-01'" in capsys.readouterr().err
    assert cli_main(["brief", "--preset", "monthly", "--edition", "2018-10", "--out", str(tmp_path / "x")]) == 1
    assert "--edition goes with a meeting preset" in capsys.readouterr().err


def test_briefing_page_offers_the_meeting_deck_for_the_latest_edition(fixture_settings: Settings) -> None:
    at = open_page("ui/pages/briefing.py")
    assert at.selectbox(key="briefing.preset").value == "meeting", "the meeting deck is the default"
    at.selectbox(key="briefing.preset").set_value("meeting").run()
    assert not at.exception
    assert translate("meeting_deck.page.edition", "zh", id="2018-10", name="2018年10月例会") in [
        c.value for c in at.caption]
    assert at.button(key="briefing.build")
