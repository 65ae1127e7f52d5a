"""Query-file header parsing and the error messages an analyst sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.query.sqlfile import QueryFileError, parse_query_file

GOOD = """/*---
title: {zh: 各街镇需求数, en: Demands by township}
chart: {type: bar, x: township, y: demands}
params:
  since: {type: month, default: 2017-09-15}
  township: {type: township, default: null}
source: demo
---*/
select township_id as township, count(*) as demands
from resident_demands
join communities using (community_id)
where received_on >= $since and ($township is null or township_id = $township)
group by all
"""


def write(tmp_path: Path, text: str, name: str = "voice/demands.sql") -> Path:
    """Write a query file under tmp_path and return its path."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str, name: str = "voice/demands.sql") -> QueryFileError:
    """Parse text as a query file and return the error it raises."""
    with pytest.raises(QueryFileError) as info:
        parse_query_file(write(tmp_path, text, name), tmp_path)
    return info.value


def test_good_file_gives_id_section_chart_and_typed_defaults(tmp_path: Path) -> None:
    spec = parse_query_file(write(tmp_path, GOOD), tmp_path)
    assert spec.query_id == "voice/demands"
    assert spec.section == "voice"
    assert spec.title == {"zh": "各街镇需求数", "en": "Demands by township"}
    assert spec.chart.columns() == ["township", "demands"]
    assert spec.params["since"].default == dt.date(2017, 9, 1)  # months snap to the first day
    assert spec.sql.startswith("select township_id")


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    err = error_of(tmp_path, GOOD.replace("chart: {type: bar", "chart: {type: [bar"))
    assert "voice/demands.sql:3" in str(err)
    assert "not valid YAML" in str(err)


def test_unknown_header_key_is_named_with_its_line(tmp_path: Path) -> None:
    err = error_of(tmp_path, GOOD.replace("source: demo", "source: demo\ncolour: red"))
    assert "voice/demands.sql:8" in str(err)
    assert "colour" in str(err)


def test_undeclared_parameter_is_an_error(tmp_path: Path) -> None:
    err = error_of(tmp_path, GOOD.replace("$since", "$start"))
    assert "$start" in str(err) and "not declared" in str(err)


def test_unused_parameter_is_an_error(tmp_path: Path) -> None:
    err = error_of(tmp_path, GOOD.replace("received_on >= $since and ", ""))
    assert "since" in str(err) and "not used" in str(err)


def test_more_than_one_statement_is_refused(tmp_path: Path) -> None:
    err = error_of(tmp_path, GOOD + ";\nselect 1")
    assert "one SQL statement" in str(err)


def test_only_select_is_allowed(tmp_path: Path) -> None:
    text = GOOD.split("---*/")[0].replace("params:\n  since: {type: month, default: 2017-09-15}\n"
                                          "  township: {type: township, default: null}\n", "")
    err = error_of(tmp_path, text + "---*/\ndelete from resident_demands")
    assert "only SELECT" in str(err)


def test_sql_syntax_error_is_reported(tmp_path: Path) -> None:
    err = error_of(tmp_path, GOOD.replace("group by all", "group by all all"))
    assert "does not parse" in str(err)


def test_missing_header_and_missing_language(tmp_path: Path) -> None:
    assert "missing header" in str(error_of(tmp_path, "select 1"))
    err = error_of(tmp_path, GOOD.replace(", en: Demands by township", ""))
    assert "both languages" in str(err)


def test_chart_needs_known_type_and_columns(tmp_path: Path) -> None:
    assert "not one of" in str(error_of(tmp_path, GOOD.replace("type: bar", "type: sankey")))
    assert "needs both x and y" in str(error_of(tmp_path, GOOD.replace(", y: demands", "")))


NESTED = """/*---
title: {zh: 同名参数, en: A parameter named like a header key}
source: demo
chart: {type: table}
params:
  since: {type: month, default: 2017-09-01}
  source: {type: channel}
---*/
select $since as since, $source as source
"""


def test_an_error_in_a_nested_key_names_its_own_line_not_the_top_level_key_of_the_same_name(tmp_path: Path) -> None:
    err = error_of(tmp_path, NESTED)
    assert (err.line, "parameter 'source' type 'channel'" in str(err)) == (7, True), str(err)
    err = error_of(tmp_path, NESTED.replace("{type: channel}", "{type: text, colour: red}"))
    assert err.line == 7 and "unknown key(s) ['colour']" in str(err), str(err)
    err = error_of(tmp_path, NESTED.replace("default: 2017-09-01", "default: someday"))
    assert err.line == 6 and "is not a valid month" in str(err), str(err)


def test_a_header_key_given_twice_is_refused_at_its_second_line(tmp_path: Path) -> None:
    err = error_of(tmp_path, GOOD.replace("source: demo", "source: demo\nsource: published"))
    assert err.line == 8 and "key 'source' is given twice" in str(err), str(err)


def test_an_indicator_error_names_the_line_of_the_indicator_key_at_fault(tmp_path: Path) -> None:
    text = """/*---
title: {zh: 指标, en: Indicator}
pillar: city_change
chart:
  type: line
  x: period
  y: value
  labels:
    unit: {zh: 单位, en: Unit}
indicator:
  unit: furlongs
  direction: higher
  baseline: {value: 0, date: 2017-09-01}
  target: {value: 10, date: 2018-10-01}
  weight: 1
---*/
select 1 as period, 1 as value, 'x' as unit
"""
    err = error_of(tmp_path, text)
    assert err.line == 11 and "unit 'furlongs'" in str(err), str(err)
