"""Variants: one query file answering to several ids, each binding fixed values; and the indicator header defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.runner import Runner
from dashboard.query.params import widget_params
from dashboard.query.registry import load_registry
from dashboard.query.scope import Scope
from tests import test_indicator_spec as indicator_tests
from tests import test_sqlfile as sqlfile_tests

# Demands of one channel, per township: the channel is each variant's fixed value.
VARIANTS = """/*---
source: demo
chart: {type: bar, x: township, y: demands}
params:
  channel: {type: choice, options: [questionnaire, household_visit, meeting]}
  township: {type: township, default: null}
variants:
  by_questionnaire:
    params: {channel: questionnaire}
    title: {zh: 问卷诉求, en: Demands by questionnaire}
  by_household_visit:
    params: {channel: household_visit}
    title: {zh: 来访诉求, en: Demands in person}
    order: 3
---*/
select c.township_id as township, count(*) as demands
from resident_demands as d
join communities as c using (community_id)
where d.channel = $channel and ($township is null or c.township_id = $township)
group by all
"""


def library(tmp_path: Path, files: dict[str, str]) -> Path:
    """Write query files under a queries folder (no folders.yaml) and return it."""
    root = tmp_path / "queries"
    for name, text in files.items():
        sqlfile_tests.write(root, text, name)
    return root


def test_each_variant_is_a_query_id_with_its_own_header_and_no_widget_for_its_fixed_value(tmp_path: Path) -> None:
    registry = load_registry(library(tmp_path, {"voice/demands.sql": VARIANTS}))
    assert registry.errors == {}
    assert sorted(registry.specs) == ["voice/by_household_visit", "voice/by_questionnaire"]
    hotline, visit = registry.get("voice/by_questionnaire"), registry.get("voice/by_household_visit")
    assert (hotline.title["en"], visit.title["en"], hotline.order, visit.order) == (
        "Demands by questionnaire", "Demands in person", 100, 3)
    assert (hotline.fixed, visit.fixed) == ({"channel": "questionnaire"}, {"channel": "household_visit"})
    assert [p.name for p in widget_params(hotline)] == ["township"]
    assert hotline.path == visit.path == tmp_path / "queries" / "voice" / "demands.sql"


def test_a_variant_runs_with_its_fixed_value_bound_whatever_the_caller_passes(tmp_path: Path,
                                                                             fixture_settings: Settings) -> None:
    registry = load_registry(library(tmp_path, {"voice/demands.sql": VARIANTS}))
    runner = Runner(fixture_settings)
    cursor, _ = runner.connection()
    try:
        expected = dict(cursor.execute(
            "select d.channel, count(*) from resident_demands as d join communities as c using (community_id) "
            "group by all").fetchall())
    finally:
        cursor.close()
    for channel in ("questionnaire", "household_visit"):
        spec = registry.get(f"voice/by_{channel}")
        frame = runner.run(spec, {"channel": "meeting", **Scope().params()}).frame
        assert int(frame["demands"].sum()) == expected[channel]
    assert len(set(expected.values())) == len(expected)  # else the check above could not tell the channels apart


VISIT = "variant 'by_household_visit'"


@pytest.mark.parametrize(("change", "message", "line"), [
    (("    order: 3\n", "    order: 3\n    colour: red\n"), f"{VISIT} has unknown key(s) ['colour']", 15),
    (("params: {channel: ", "params: {since: 2018-01-01, channel: "),
     "variant 'by_questionnaire' fixes 'since', which is not a parameter", 9),
    (("{channel: household_visit}", "{channel: letter}"), f"{VISIT} fixes 'channel' to 'letter', not one of", 12),
    (("    params: {channel: household_visit}\n", ""),
     f"{VISIT} does not fix ['channel'] (variant 'by_questionnaire' does)", 11),
    (("  by_household_visit:", "  By Visit:"), "variant name 'By Visit' must be lowercase", 11),
    (("    title: {zh: 来访诉求, en: Demands in person}\n", ""), "'title' needs both languages", None),
])
def test_a_broken_variant_is_refused_with_its_line(tmp_path: Path, change: tuple[str, str], message: str,
                                                   line: int | None) -> None:
    registry = load_registry(library(tmp_path, {"voice/demands.sql": VARIANTS.replace(*change)}))
    assert registry.specs == {}
    errors = {str(error) for error in registry.errors.values()}
    assert len(errors) == 1 and message in errors.pop()
    error = next(iter(registry.errors.values()))
    assert error.path.endswith("voice/demands.sql") and error.line == line


def test_a_variant_named_like_another_file_is_refused_at_the_variant(tmp_path: Path) -> None:
    root = library(tmp_path, {"voice/demands.sql": VARIANTS, "voice/by_household_visit.sql": sqlfile_tests.GOOD})
    registry = load_registry(root)
    assert sorted(registry.specs) == ["voice/by_questionnaire"]
    error = registry.errors["voice/by_household_visit"]
    assert "given twice" in error.detail and error.path.endswith("demands.sql") and error.line == 11


def test_an_indicator_takes_its_folder_defaults_and_its_community_breakdown_by_name() -> None:
    registry = load_registry(REPO_ROOT / "queries")
    back_streets = registry.get("indicators/city_change/back_streets").indicator
    assert back_streets is not None
    assert (back_streets.direction, back_streets.weight, str(back_streets.baseline.date),
            str(back_streets.target.date)) == ("higher", 1.0, "2017-09-01", "2018-10-25")
    assert back_streets.communities == "indicators/city_change/back_streets__by_community"
    dissatisfied = registry.get("indicators/resident_perception/dissatisfied_share").indicator
    assert dissatisfied is not None and dissatisfied.direction == "lower"  # the variant's own key wins


def test_a_communities_naming_no_query_is_refused_at_its_line(tmp_path: Path) -> None:
    root = library(tmp_path, {"indicators/city_change/works.sql": indicator_tests.GOOD})
    error = load_registry(root).errors["indicators/city_change/works"]
    assert "communities names 'indicators/city_change/works__by_community'" in error.detail
    assert error.line == 13


def test_variants_without_an_order_follow_the_files_order_ten_apart(tmp_path: Path) -> None:
    text = VARIANTS.replace("variants:", "order: 5\nvariants:").replace("    order: 3\n", "") \
        .replace("---*/", "  by_meeting:\n    params: {channel: meeting}\n    title: {zh: 会议诉求, en: At meetings}\n"
                          "    order: 1\n---*/")
    registry = load_registry(library(tmp_path, {"voice/demands.sql": text}))
    assert registry.errors == {}
    assert {query_id: spec.order for query_id, spec in registry.specs.items()} == {
        "voice/by_questionnaire": 5, "voice/by_household_visit": 15, "voice/by_meeting": 1}
    assert [s.query_id for s in registry.in_section("voice")] == [
        "voice/by_meeting", "voice/by_questionnaire", "voice/by_household_visit"]


def test_a_breakdown_without_an_order_is_listed_right_after_its_indicator(tmp_path: Path) -> None:
    indicator = indicator_tests.GOOD.replace("  communities: indicators/city_change/works__by_community\n", "") \
        .replace("---*/", "order: 30\n---*/")
    files = {"indicators/city_change/works.sql": indicator,
             "indicators/city_change/works__by_community.sql": sqlfile_tests.GOOD,
             "indicators/city_change/other.sql": sqlfile_tests.GOOD.replace("---*/", "order: 32\n---*/")}
    registry = load_registry(library(tmp_path, files), REPO_ROOT / "data" / "seed")
    assert registry.errors == {}
    listed = [s.query_id.rsplit("/", 1)[1] for s in registry.in_section("indicators/city_change")]
    assert listed == ["works", "works__by_community", "other"]
    assert registry.get("indicators/city_change/works__by_community").order == 31
    stated = files["indicators/city_change/works__by_community.sql"].replace("---*/", "order: 7\n---*/")
    (tmp_path / "queries" / "indicators" / "city_change" / "works__by_community.sql").write_text(stated)
    assert load_registry(tmp_path / "queries", REPO_ROOT / "data" / "seed").get(
        "indicators/city_change/works__by_community").order == 7


def test_the_real_breakdowns_follow_their_indicators() -> None:
    registry = load_registry(REPO_ROOT / "queries")
    indicators = [spec for spec in registry.specs.values() if spec.indicator]
    assert len(indicators) >= 15
    for spec in indicators:
        assert spec.indicator is not None and spec.indicator.communities is not None
        assert registry.get(spec.indicator.communities).order == spec.order + 1, spec.query_id
