"""Page files: parsing and its line-numbered errors, a chart added with no Python, a new page in the menu, the check."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.query import pagefile as pf
from dashboard.query.registry import load_registry
from tests.test_app import open_page, texts

NEW_QUERY = """/*---
title: {zh: 各街镇村（社区）数, en: Villages and communities by township}
description: {zh: 测试加到页面上的图。, en: A chart added to a page by a test.}
chart: {type: bar, x: township, y: communities}
params:
  township: {type: township, default: null}
source: demo
---*/
select township_id as township, count(*) as communities
from communities
where $township is null or township_id = $township
group by all
order by township
"""


def parse(text: str, tmp_path: Path, folder: str = "demo") -> pf.PageSpec:
    """Write a page file into a folder of tmp_path and parse it."""
    path = tmp_path / folder / "page.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return pf.parse_page_file(path)


def error_of(text: str, tmp_path: Path) -> pf.PageFileError:
    """Return the error parsing a page file raises."""
    with pytest.raises(pf.PageFileError) as caught:
        parse(text, tmp_path)
    return caught.value


def queries_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Copy queries/ to tmp_path and point the app and the CLI at the copy."""
    queries = tmp_path / "queries"
    shutil.copytree(REPO_ROOT / "queries", queries)
    monkeypatch.setenv("DASHBOARD_QUERIES_DIR", str(queries))
    return queries


def test_the_shipped_page_files_parse_in_menu_order_and_name_only_existing_queries() -> None:
    pages = pf.load_pages(REPO_ROOT / "queries")
    assert not pages.errors
    assert [p.page_id for p in pages.pages if p.listed] == ["voice", "renovation", "services"]
    assert not pages.get("overview").listed, "the navigation lists the overview first, under its own section"
    assert pf.FiguresCheck("published/figures", 31) in pages.get("overview").blocks
    assert pf.page_problems(pages, load_registry(REPO_ROOT / "queries")) == []
    voice = pages.get("voice")
    assert voice.menu_title("en") == "Residents feel it" and voice.icon == ":material/record_voice_over:"
    assert voice.blocks[0] == pf.Kpis("voice/kpis", voice.blocks[0].line)
    assert ("voice/demands_for_project", 36) in set(voice.queries())


def test_short_and_long_forms_of_blocks(tmp_path: Path) -> None:
    page = parse("""title: {zh: 演示, en: Demo}
blocks:
  - chart: voice/funnel
  - kpis: {query: voice/kpis, columns: 3}
  - section: {zh: 一节, en: A section}
  - section: {heading: {zh: 二节, en: Two}, note: {zh: 注, en: Note}}
  - columns: [chart: voice/demands_by_category, estimates: {query: voice/satisfaction_by_month, kind: line}]
""", tmp_path)
    chart, kpis, short, long, columns = page.blocks
    assert (chart, kpis) == (pf.Chart("voice/funnel", 3), pf.Kpis("voice/kpis", 4, 3))
    assert short.heading.get("en") == "A section" and short.note is None
    assert long.note is not None and long.note.get("zh") == "注"
    assert columns.blocks == (pf.Chart("voice/demands_by_category", 7), pf.Estimates("voice/satisfaction_by_month", 7,
                                                                                     "line"))
    assert (page.page_id, page.order, page.role, page.icon) == ("demo", 100, "viewer", pf.DEFAULT_ICON)


@pytest.mark.parametrize(("text", "line", "words"), [
    ("title: {zh: 甲, en: A}\nblocks:\n  - chart: voice/funnel\n  - pie: x\n", 4, "unknown block kind 'pie'"),
    ("title: {zh: 甲, en: A}\nsubtitle: x\nblocks: [chart: voice/funnel]\n", 2, "unknown key 'subtitle'"),
    ("title: {zh: 甲, en: A}\nblocks:\n  - chart: {query: voice/funnel, colour: red}\n", 3, "unknown key 'colour'"),
    ("title: {zh: 甲}\nblocks: [chart: voice/funnel]\n", 1, "needs ['en']"),
    ("title: {zh: 甲, en: A}\nblocks:\n  - chart: [voice/funnel\n", 4, "not valid YAML"),
    ("title: {zh: 甲, en: A}\nblocks:\n  - estimates: {query: voice/funnel, kind: pie}\n", 3, "expected one of"),
    ("title: {zh: 甲, en: A}\nicon: 📊\nblocks: [chart: voice/funnel]\n", 2, "Material name"),
    ("title: {zh: 甲, en: A}\nblocks: []\n", 2, "non-empty list"),
])
def test_errors_name_the_file_and_line(text: str, line: int, words: str, tmp_path: Path) -> None:
    error = error_of(text, tmp_path)
    assert error.line == line, str(error)
    assert str(error).startswith(f"{tmp_path / 'demo' / 'page.yaml'}:{line}: ")
    assert words in str(error)


NESTED_PAGE = """title: {zh: 甲, en: A}
blocks:
  - chart: voice/funnel
  - tabs:
      - label: {zh: 乙, en: B}
        blocks:
          - chart: voice/kpis
          - kpis: {query: voice/kpis, columns: many}
"""


def test_an_error_in_a_nested_key_names_its_own_line_not_the_top_level_key_of_the_same_name(tmp_path: Path) -> None:
    error = error_of(NESTED_PAGE, tmp_path)
    assert (error.line, "expected a whole number, got 'many'" in str(error)) == (8, True), str(error)
    titled = NESTED_PAGE.replace("label: {zh: 乙, en: B}", "label: {zh: 乙, en: B}\n        title: x")
    error = error_of(titled, tmp_path)
    assert (error.line, "unknown key 'title' in a tab" in str(error)) == (6, True), str(error)
    error = error_of(NESTED_PAGE.replace("        blocks:\n", "        blocks: []\n        blocks:\n"), tmp_path)
    assert (error.line, "key 'blocks' is given twice" in str(error)) == (7, True), str(error)


def test_the_overview_kinds_parse_bare_or_with_options_and_refuse_what_they_do_not_read(tmp_path: Path) -> None:
    page = parse("""title: {zh: 总览, en: Overview}
blocks:
  - selection
  - pillar_cards: {}
  - indicator_tables: {pillars: [resident_perception]}
  - changes
  - follow_ups:
  - indicator_detail
""", tmp_path)
    assert page.blocks == (pf.Selection(3), pf.PillarCards(4), pf.IndicatorTables(5, ("resident_perception",)),
                           pf.Changes(6), pf.FollowUps(7), pf.IndicatorDetail(8))
    assert list(page.queries()) == []
    error = error_of("title: {zh: 甲, en: A}\nblocks:\n  - chart: voice/funnel\n  - pillar_cards: {columns: 2}\n",
                     tmp_path)
    assert (error.line, "unknown key 'columns' in the pillar_cards block" in str(error)) == (4, True), str(error)
    error = error_of("title: {zh: 甲, en: A}\nblocks:\n  - indicator_tables: {pillars: [city]}\n", tmp_path)
    assert (error.line, "expected one of ['city_change'" in str(error)) == (3, True), str(error)
    error = error_of("title: {zh: 甲, en: A}\nblocks:\n  - chart\n", tmp_path)
    assert (error.line, "the chart block needs ['query']" in str(error)) == (3, True), str(error)


def test_unknown_query_ids_and_unbound_parameters_are_problems_with_lines(tmp_path: Path) -> None:
    page = parse("""title: {zh: 演示, en: Demo}
blocks:
  - chart: voice/funnel
  - chart: voice/no_such_query
  - search: {query: voice/funnel, param: words, label: {zh: 搜, en: Search}}
""", tmp_path / "queries")
    problems = pf.page_problems(pf.PageFiles((page,)), load_registry(REPO_ROOT / "queries"))
    assert [(p.line, p.detail) for p in problems] == [
        (4, "no query file voice/no_such_query.sql"), (5, "voice/funnel.sql declares no parameter 'words'")]


def test_an_analyst_adds_a_chart_to_the_voice_page_with_one_sql_file_and_one_page_file_edit(
        fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = queries_copy(tmp_path, monkeypatch)
    (queries / "voice" / "communities_by_township.sql").write_text(NEW_QUERY, encoding="utf-8")
    page = queries / "voice" / "page.yaml"
    page.write_text(page.read_text(encoding="utf-8") + "  - chart: voice/communities_by_township\n", encoding="utf-8")
    at = open_page("voice")
    assert not at.exception, [e.value for e in at.exception]
    assert "各街镇村（社区）数" in [s.value for s in at.subheader]
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    added = [f for f in figures if f["data"][0].get("x") and "T01" in f["data"][0]["x"]]
    assert added, "the new chart is drawn with the townships of the fixture warehouse"
    assert [s.value for s in at.main.subheader][-1] == "各街镇村（社区）数", "it comes last, where the page file put it"


def test_a_new_page_file_appears_in_the_menu_and_renders(fixture_settings: Settings, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.ui.frame.nav import all_pages

    queries = queries_copy(tmp_path, monkeypatch)
    (queries / "zz_new").mkdir()
    (queries / "zz_new" / "count.sql").write_text(NEW_QUERY, encoding="utf-8")
    (queries / "zz_new" / "page.yaml").write_text(
        "title: {zh: 新专题, en: New topic}\nintro: {zh: 一个新页面。, en: A new page.}\n"
        "icon: ':material/star:'\norder: 40\nblocks:\n  - chart: zz_new/count\n", encoding="utf-8")
    entries = {page.url_path: page for page in all_pages()}
    assert list(entries)[-2:] == ["zz_new", "briefing"], "after the other domain pages, before the briefing"
    assert entries["zz_new"].title("en") == "New topic" and entries["zz_new"].icon == ":material/star:"
    at = open_page("zz_new", "en")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["New topic"]
    assert "A new page." in texts(at) and "Villages and communities by township" in texts(at)
    assert len(at.get("plotly_chart")) == 1


def test_a_broken_page_file_stays_in_the_menu_and_shows_its_error(fixture_settings: Settings, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    queries = queries_copy(tmp_path, monkeypatch)
    (queries / "zz_bad").mkdir()
    (queries / "zz_bad" / "page.yaml").write_text("title: {zh: 坏, en: Bad}\nblocks:\n  - pie: x\n", encoding="utf-8")
    at = open_page("zz_bad")
    assert not at.exception
    assert any("zz_bad/page.yaml:3" in e.value and "unknown block kind 'pie'" in e.value for e in at.error)


def test_queries_check_reports_unknown_query_ids_and_block_kinds_with_file_and_line(
        fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = queries_copy(tmp_path, monkeypatch)
    voice = queries / "voice" / "page.yaml"
    lines = voice.read_text(encoding="utf-8").splitlines()
    at = lines.index("  - chart: voice/funnel")
    lines[at] = "  - chart: voice/funnels"
    voice.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (queries / "zz_bad").mkdir()
    (queries / "zz_bad" / "page.yaml").write_text("title: {zh: 坏, en: Bad}\nblocks:\n  - chart: voice/funnel\n"
                                                  "  - piechart: voice/funnel\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "dashboard", "queries", "check"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, cwd=REPO_ROOT, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{voice}:{at + 1}: no query file voice/funnels.sql" in done.stdout
    assert f"{queries / 'zz_bad' / 'page.yaml'}:4: unknown block kind 'piechart'" in done.stdout
    assert "3 of 5 page files OK" in done.stdout


def test_every_block_kind_has_a_renderer_and_every_renderer_a_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.ui.blocks import page_file
    from dashboard.ui.blocks.renderers import RENDERERS, renders

    assert page_file.RENDERERS is RENDERERS
    assert pf.unpaired(RENDERERS) == ([], []), "a kind parsed but never drawn, or drawn but never parsed"
    # The check catches either side missing: a kind added to the parsers alone, a renderer registered by hand.
    monkeypatch.setitem(pf.BLOCK_KINDS, "gauge", pf.BlockKind("gauge", object, lambda reader, node, line: None))
    monkeypatch.setitem(RENDERERS, "dial", lambda block, page_id, scope: None)
    assert pf.unpaired(RENDERERS) == (["gauge"], ["dial"])
    with pytest.raises(KeyError, match="no block kind 'speedometer'"):
        renders("speedometer")
    with pytest.raises(KeyError, match="already has a renderer"):
        renders("chart")(lambda block, page_id, scope: None)
