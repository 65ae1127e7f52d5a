"""The `indicator:` header block: what a valid one gives, and the errors an analyst sees for a broken one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.base.settings import Settings
from dashboard.cli.query_check import check_spec
from dashboard.engine.runner import Runner
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
  target: {value: 19, date: 2018-10-25, source: published, figure: old_courtyards}
  weight: 2
  communities: indicators/city_change/works__by_community
---*/
select date '2018-01-01' as period, count(*)::double as value
from projects
where $township is null or township_id = $township
"""


NAME = "indicators/city_change/works.sql"


def write(tmp_path: Path, text: str) -> Path:
    """Write an indicator file under tmp_path and return its path."""
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
    (("source: published, figure: old_courtyards", "source: published"), "a published target names its figure", 11),
    (("source: published, figure: old_courtyards", "source: guessed"), "must be 'published' or 'configured'", 11),
    (("value: 19, date: 2018-10-25", "value: 19, date: 2017-01-01"), "must be after the baseline date", 11),
    (("value: 19, date: 2018-10-25", "value: -1, date: 2018-10-25"), "target -1 is not higher than the baseline 0",
     11),
    (("{value: 0, date: 2017-09-01}", "{value: 0, when: 2017-09-01}"), "baseline has unknown key(s) ['when']", 10),
    (("value: 19, date", "value: lots, date"), "target value 'lots' is not a number", 11),
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
