"""The `indicator:` header block: what a valid one gives, and the errors an analyst sees for a broken one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.base.settings import Settings
from dashboard.cli.query_check import check_registry, check_spec
from dashboard.engine.runner import Runner
from dashboard.query.registry import load_registry
from dashboard.query.sqlfile import QueryFileError, parse_query_file
from tests import test_sqlfile as sqlfile_tests

GOOD = """/*---
title: {zh: 完成数, en: Works completed}
pillar: city_change
params:
  township: {type: township, default: null}
source: demo
indicator:
  unit: count
  direction: higher
  baseline: {value: 0, date: 2017-09-01}
  target: {figure: old_courtyards, date: 2018-10-25}
  weight: 2
  communities: indicators/city_change/works__by_community
---*/
select date '2018-01-01' as period, count(*)::double as value
from projects
where $township is null or township_id = $township
"""


NAME = "indicators/city_change/works.sql"


def write(tmp_path: Path, text: str) -> Path:
    """Write an indicator file and the community breakdown it names under tmp_path; return the indicator's path."""
    sqlfile_tests.write(tmp_path, sqlfile_tests.GOOD, NAME.replace(".sql", "__by_community.sql"))
    return sqlfile_tests.write(tmp_path, text, NAME)


def error_of(tmp_path: Path, text: str) -> QueryFileError:
    """Parse text as an indicator file and return the error it raises."""
    return sqlfile_tests.error_of(tmp_path, text, NAME)


def test_valid_block_becomes_an_indicator_spec_with_a_line_chart(tmp_path: Path) -> None:
    spec = parse_query_file(write(tmp_path, GOOD), tmp_path)
    indicator = spec.indicator
    assert indicator is not None
    assert (indicator.pillar, indicator.unit, indicator.direction, indicator.weight) == ("city_change", "count",
                                                                                         "higher", 2.0)
    assert (indicator.baseline.value, indicator.baseline.date) == (0.0, dt.date(2017, 9, 1))
    assert indicator.target.published and indicator.target.figure == "old_courtyards"
    assert (indicator.target.value, indicator.target.precision) == (19.0, 1.0)  # from published_figures.csv
    assert indicator.communities == "indicators/city_change/works__by_community"
    assert (spec.chart.type, spec.chart.x, spec.chart.y) == ("line", "period", ("value",))


def test_baseline_value_may_be_left_out_to_be_measured(tmp_path: Path) -> None:
    spec = parse_query_file(write(tmp_path, GOOD.replace("{value: 0, date: 2017-09-01}", "{date: 2017-09-01}")),
                            tmp_path)
    assert spec.indicator is not None and spec.indicator.baseline.value is None


@pytest.mark.parametrize(("change", "message", "line"), [
    (("  weight: 2\n", "  weight: 2\n  colour: red\n"), "unknown indicator key(s) ['colour']", 7),
    (("  weight: 2\n", ""), "indicator is missing ['weight']", 7),
    (("direction: higher", "direction: up"), "direction 'up' must be 'higher' or 'lower'", 9),
    (("unit: count", "unit: pieces"), "unit 'pieces' is not one of", 8),
    (("figure: old_courtyards, ", ""), "names a published figure (figure: <figure_id>) or states a configured", 11),
    (("figure: old_courtyards, ", "figure: old_courtyards, value: 19, "), "one of the two", 11),
    (("figure: old_courtyards, ", "figure: old_courtyards, source: published, "), "a target's source follows from it",
     11),
    (("figure: old_courtyards", "figure: old_courtyard"),
     "target figure 'old_courtyard' is not in published_figures.csv; did you mean old_courtyards?", 11),
    (("unit: count", "unit: households"), "target figure 'old_courtyards' is stated in count, but the indicator's "
                                          "unit is households", 11),
    (("date: 2018-10-25", "date: 2017-01-01"), "must be after the baseline date", 11),
    (("figure: old_courtyards", "value: -1"), "target -1 is not higher than the baseline 0", 11),
    (("{value: 0, date: 2017-09-01}", "{value: 0, when: 2017-09-01}"), "baseline has unknown key(s) ['when']", 10),
    (("figure: old_courtyards", "value: lots"), "target value 'lots' is not a number", 11),
    (("weight: 2", "weight: 0"), "weight must be positive", 12),
    (("pillar: city_change\n", ""), "needs a top-level 'pillar' key", 6),
])
def test_broken_block_names_file_problem_and_line(tmp_path: Path, change: tuple[str, str], message: str,
                                                  line: int) -> None:
    err = error_of(tmp_path, GOOD.replace(*change))
    assert message in err.detail
    assert "indicators/city_change/works.sql" in str(err)
    assert err.line == line


def test_indicator_chart_must_read_period_and_value(tmp_path: Path) -> None:
    err = error_of(tmp_path, GOOD.replace("source: demo\n", "source: demo\nchart: {type: bar, x: month, y: value}\n"))
    assert "an indicator's chart must read x: period and y: value" in err.detail


def test_indicator_file_that_does_not_return_period_fails_the_query_check(tmp_path: Path,
                                                                          fixture_settings: Settings) -> None:
    spec = parse_query_file(write(tmp_path, GOOD.replace("as period", "as month")), tmp_path)
    problem = check_spec(spec, Runner(fixture_settings))
    assert problem is not None and "chart column(s) ['period'] not in the result columns ['month', 'value']" in problem


def test_configured_target_states_its_value_and_is_not_published(tmp_path: Path) -> None:
    spec = parse_query_file(write(tmp_path, GOOD.replace("figure: old_courtyards", "value: 25")), tmp_path)
    target = spec.indicator.target
    assert (target.value, target.source, target.published, target.figure) == (25.0, "configured", False, None)


def seed_with(tmp_path: Path, value: str, unit: str = "count", qualifier: str = "exact") -> Path:
    """Write a seed folder whose published_figures.csv states old_courtyards with the given value."""
    seed = tmp_path / "seed"
    seed.mkdir(exist_ok=True)
    (seed / "published_figures.csv").write_text(
        "figure_id,label_zh,label_en,value,unit,qualifier,precision,pillar,source,source_date\n"
        f"old_courtyards,老旧院落,Old courtyards,{value},{unit},{qualifier},1,city_change,report,2018-10-25\n",
        encoding="utf-8")
    return seed


def test_published_target_value_follows_the_figures_file(tmp_path: Path) -> None:
    root = tmp_path / "queries"
    write(root, GOOD)
    target = load_registry(root, seed_with(tmp_path, "23")).get("indicators/city_change/works").indicator.target
    assert (target.value, target.figure, target.precision) == (23.0, "old_courtyards", 1.0)
    stated_as_more_than = seed_with(tmp_path, "30", qualifier="more_than")
    target = load_registry(root, stated_as_more_than).get("indicators/city_change/works").indicator.target
    assert (target.value, target.precision) == (30.0, None)  # "more than 30" is met at 30, not once rounded to it


def test_queries_check_reports_an_unknown_or_unsuited_figure_with_file_and_line(tmp_path: Path,
                                                                                 fixture_settings: Settings) -> None:
    root = tmp_path / "queries"
    write(root, GOOD)
    runner = Runner(fixture_settings)
    problems = check_registry(load_registry(root, seed_with(tmp_path, "19", unit="households")), runner)
    assert any("indicators/city_change/works.sql:11: target figure 'old_courtyards' is stated in households" in p
               for p in problems), problems
    (tmp_path / "seed" / "published_figures.csv").write_text("figure_id,value,unit\n", encoding="utf-8")
    problems = check_registry(load_registry(root, tmp_path / "seed"), runner)
    assert any("works.sql:11: target figure 'old_courtyards' is not in published_figures.csv" in p for p in problems)
