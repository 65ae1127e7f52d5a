"""App tests of the analyst pages: ad-hoc SQL (rows, chart, refusals) and the library's typed parameter widgets."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.base.i18n import translate
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.runner import QueryError, Runner
from dashboard.engine.sqlerrors import explain_error
from dashboard.present.safe_text import markdown_literal
from dashboard.query.registry import load_registry
from dashboard.warehouse import snapshot
from tests.test_app import open_page

ADHOC = "ui/pages/sql.py"
LIBRARY = "ui/pages/library.py"
PARAMS_QUERY = """/*---
title: {zh: 参数测试, en: Parameter test}
chart: {type: table}
params:
  township: {type: township, default: null}
  community: {type: community, default: null}
  min_households: {type: integer, default: 0}
  since: {type: date, default: 2017-01-01}
  kind: {type: choice, default: null, options: {community: {zh: 社区, en: Community}, village: {zh: 村, en: Village}}}
source: demo
---*/
select
    c.community_id,
    c.households,
    (select count(*) from questionnaires as q
     where q.community_id = c.community_id and q.collected_on >= $since) as questionnaires
from communities as c
where ($township is null or c.township_id = $township)
    and ($community is null or c.community_id = $community)
    and c.households >= $min_households
    and ($kind is null or c.kind = $kind)
order by c.community_id
"""
TYPES_QUERY = """/*---
title: {zh: 类型测试, en: Type test}
chart: {type: table}
params:
  d: {type: date, default: 2018-03-05}
  m: {type: month, default: null}
  n: {type: number, default: 1.5}
  i: {type: integer, default: 7}
  s: {type: text, default: 你好}
  b: {type: bool, default: true}
  a: {type: area, default: null}
source: demo
---*/
select $d as d, $m as m, $n as n, $i as i, $s as s, $b as b, $a as a
"""


def check(settings: Settings, sql: str, *params: Any) -> pd.DataFrame:
    """Run independent check SQL with bound values on the fixture warehouse."""
    cursor, _ = Runner(settings).connection()
    try:
        return cursor.execute(sql, list(params)).df()
    finally:
        cursor.close()


def run_adhoc(sql: str, lang: str = "zh") -> AppTest:
    """Open the ad-hoc page, type a statement and press Run."""
    at = open_page(ADHOC, lang)
    at.text_area(key="adhoc.sql").input(sql)
    at.button(key="adhoc.run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def result_frame(at: AppTest, first_column: str) -> pd.DataFrame:
    """Return the shown table whose first column is first_column."""
    return next(d.value for d in at.dataframe if list(d.value.columns)[:1] == [first_column])


@pytest.fixture
def library_queries(fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of queries/ plus two test files whose parameters cover every widget type."""
    queries = tmp_path / "queries"
    shutil.copytree(REPO_ROOT / "queries", queries)
    (queries / "zz_test").mkdir()
    (queries / "zz_test" / "params.sql").write_text(PARAMS_QUERY, encoding="utf-8")
    (queries / "zz_test" / "types.sql").write_text(TYPES_QUERY, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_QUERIES_DIR", str(queries))
    return queries


def open_query(query_id: str, lang: str = "zh") -> AppTest:
    """Open the library on one query file."""
    at = open_page(LIBRARY, lang)
    section, _ = query_id.split("/")
    at.radio(key="library.section").set_value(section).run()
    at.radio(key="library.query").set_value(query_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_adhoc_query_shows_rows_downloads_and_a_chart(fixture_settings: Settings) -> None:
    sql = "select township_id, count(*) as communities from communities group by all order by township_id"
    at = run_adhoc(sql)
    expected = check(fixture_settings, sql)
    shown = result_frame(at, "township_id")
    assert shown["township_id"].tolist() == expected["township_id"].tolist()
    assert shown["communities"].tolist() == expected["communities"].tolist()
    assert {b.key for b in at.get("download_button")} >= {"adhoc.csv", "adhoc.xlsx"}
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["data"][0]["type"] == "bar"
    assert list(figure["data"][0]["x"]) == expected["township_id"].tolist()
    at.selectbox(key="adhoc.chart_type").set_value("pie").run()
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["type"] == "pie"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("sql", ["copy townships to 'stolen.csv'", "select * from read_text('/etc/passwd')",
                                 "select 1; drop table townships", "set enable_external_access = true"])
def test_adhoc_escape_shows_one_clear_line_and_changes_nothing(sql: str, lang: str,
                                                               fixture_settings: Settings) -> None:
    path = snapshot.current_snapshot_path(fixture_settings)
    before = path.read_bytes()
    at = run_adhoc(sql, lang)
    with pytest.raises(QueryError) as info:
        Runner(fixture_settings).run_sql(sql)
    # Shown through the rendering boundary: as typed, with Markdown's marks escaped.
    assert [e.value for e in at.error] == [markdown_literal(explain_error(info.value, lang, fixture_settings))]
    assert "\n" not in at.error[0].value and "/etc/" not in at.error[0].value
    assert path.read_bytes() == before and not Path("stolen.csv").exists()


def test_adhoc_result_over_the_row_cap_is_flagged(fixture_settings: Settings,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_ROW_CAP", "25")
    at = run_adhoc("select * from range(1000)")
    assert len(result_frame(at, "range")) == 25
    assert any("25" in w.value and "截断" in w.value for w in at.warning)


def test_community_picker_narrows_to_the_chosen_township(library_queries: Path, fixture_settings: Settings) -> None:
    at = open_query("zz_test/params")
    community = "library.zz_test/params.param.community"
    everything = check(fixture_settings, "select community_id, name_zh from communities order by 1")
    assert at.selectbox(key=community).options == ["全部", *everything["name_zh"]]
    town = check(fixture_settings, "select max(township_id) as t from communities")["t"].iloc[0]
    at.selectbox(key="library.zz_test/params.param.township").set_value(town).run()
    narrowed = check(fixture_settings, "select community_id, name_zh from communities where township_id = $1 "
                     "order by 1", town)
    assert 0 < len(narrowed) < len(everything)
    assert at.selectbox(key=community).options == ["全部", *narrowed["name_zh"]]
    assert result_frame(at, "community_id")["community_id"].tolist() == narrowed["community_id"].tolist()
    at.selectbox(key=community).set_value(narrowed["community_id"].iloc[-1]).run()
    assert result_frame(at, "community_id")["community_id"].tolist() == [narrowed["community_id"].iloc[-1]]


def test_changing_parameters_changes_the_result_as_independent_sql_says(library_queries: Path,
                                                                        fixture_settings: Settings) -> None:
    at = open_query("zz_test/params")
    prefix = "library.zz_test/params.param"
    assert at.number_input(key=f"{prefix}.min_households").value == 0
    assert at.date_input(key=f"{prefix}.since").value == dt.date(2017, 1, 1)
    threshold = int(check(fixture_settings, "select median(households)::int as m from communities")["m"].iloc[0])
    since = dt.date(2018, 4, 1)
    at.number_input(key=f"{prefix}.min_households").set_value(threshold).run()
    at.date_input(key=f"{prefix}.since").set_value(since).run()
    expected = check(fixture_settings, """
        select c.community_id, count(q.questionnaire_id) as questionnaires
        from communities as c
        left join questionnaires as q on q.community_id = c.community_id and q.collected_on >= $2
        where c.households >= $1
        group by all order by c.community_id""", threshold, since)
    shown = result_frame(at, "community_id")
    assert shown["community_id"].tolist() == expected["community_id"].tolist()
    assert shown["questionnaires"].tolist() == expected["questionnaires"].tolist()
    at.selectbox(key=f"{prefix}.kind").set_value("village").run()
    for minimum in (threshold, 0):
        at.number_input(key=f"{prefix}.min_households").set_value(minimum).run()
        villages = check(fixture_settings, "select community_id from communities where households >= $1 "
                         "and kind = 'village' order by 1", minimum)["community_id"].tolist()
        assert shown_ids(at) == villages


def shown_ids(at: AppTest) -> list[str]:
    """Return the community ids the library shows; none when it shows the empty state instead."""
    if any(i.value == translate("block.empty", "zh") for i in at.info):
        return []
    return result_frame(at, "community_id")["community_id"].tolist()


def test_sidebar_township_prefills_the_parameter_and_the_param_can_differ(library_queries: Path,
                                                                         fixture_settings: Settings) -> None:
    first, last = check(fixture_settings, "select min(township_id) as a, max(township_id) as b from communities"
                        ).iloc[0]
    at = open_query("zz_test/params")
    param = "library.zz_test/params.param.township"
    at.selectbox(key="filter.township").set_value(first).run()
    assert at.selectbox(key=param).value == first
    in_first = check(fixture_settings, "select community_id from communities where township_id = $1 order by 1", first)
    assert result_frame(at, "community_id")["community_id"].tolist() == in_first["community_id"].tolist()
    at.selectbox(key=param).set_value(last).run()
    assert at.selectbox(key="filter.township").value == first and at.selectbox(key=param).value == last
    in_last = check(fixture_settings, "select community_id from communities where township_id = $1 order by 1", last)
    assert result_frame(at, "community_id")["community_id"].tolist() == in_last["community_id"].tolist()


def test_every_widget_type_starts_at_its_default_and_binds_its_value(library_queries: Path,
                                                                     fixture_settings: Settings) -> None:
    at = open_query("zz_test/types", "en")
    prefix = "library.zz_test/types.param"
    row = result_frame(at, "d").iloc[0]
    assert (pd.Timestamp(row["d"]).date(), row["n"], row["i"], row["s"], row["b"]) == (
        dt.date(2018, 3, 5), 1.5, 7, "你好", True)
    assert pd.isna(row["m"]) and pd.isna(row["a"])
    months = Runner(fixture_settings).run(load_registry(library_queries).get("reference/months")).frame["month"]
    assert at.selectbox(key=f"{prefix}.m").options == ["Any", *(m.strftime("%Y-%m") for m in months)]
    at.selectbox(key=f"{prefix}.m").select_index(2)
    at.number_input(key=f"{prefix}.n").set_value(2.25)
    at.number_input(key=f"{prefix}.i").set_value(-3)
    at.text_input(key=f"{prefix}.s").input("社区")
    at.toggle(key=f"{prefix}.b").set_value(False)
    at.selectbox(key=f"{prefix}.a").set_value("rural")
    at.run()
    row = result_frame(at, "d").iloc[0]
    assert (row["n"], row["i"], row["s"], row["b"], row["a"]) == (2.25, -3, "社区", False, "rural")
    assert pd.Timestamp(row["m"]) == pd.Timestamp(months.iloc[1])
