"""Domain pages (resident voice, renovation, services): numbers equal independent SQL, the trace works both ways,
small survey cells are hidden, and every published figure is on a page."""

from __future__ import annotations

import base64
import json
import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.base.i18n import LANGS, strings, translate
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.runner import Runner
from dashboard.metrics.stats import t_quantile
from dashboard.present.codes import CODE_COLUMNS, VOCABULARY, code_label
from dashboard.query.registry import load_registry
from tests.test_app import open_page

VOICE, RENOVATION, SERVICES = "voice", "renovation", "services"  # page files, opened by their folder
SECTIONS = ("voice", "renovation", "services")
KPI_QUERIES = ("voice/kpis", "renovation/kpis", "renovation/named_places", "services/kpis_facilities",
               "services/kpis_volunteers")


def sql(settings: Settings, text: str) -> pd.DataFrame:
    """Run check SQL written in a test on the warehouse the app is pointed at."""
    return Runner(settings).run_sql(text).frame


def _decode(node: Any) -> Any:
    """Turn Plotly's base64 typed arrays (`{"dtype", "bdata"}`) back into lists, everywhere in a figure spec."""
    if isinstance(node, dict) and "bdata" in node and "dtype" in node:
        values = np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"])
        shape = [int(part) for part in str(node.get("shape", len(values))).split(",")]
        return values.reshape(shape).tolist()
    if isinstance(node, dict):
        return {k: _decode(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_decode(v) for v in node]
    return node


def chart(at: AppTest, key: str) -> go.Figure:
    """Return the Plotly figure a page drew under the chart key `<key>.chart`."""
    found = [el for el in at.get("plotly_chart") if el.proto.id.endswith(f"{key}.chart")]
    assert found, f"no chart {key}"
    return go.Figure(_decode(json.loads(found[0].proto.spec)), skip_invalid=True)


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    """Return the one table on the page that has columns with these display names."""
    found = [df.value for df in at.dataframe if set(columns) <= set(df.value.columns)]
    assert len(found) == 1, f"{len(found)} tables with columns {columns}"
    return found[0]


def metrics(at: AppTest) -> dict[str, str]:
    """Return the page's metric cards as label -> shown value."""
    return {m.label: m.value for m in at.metric}


# --- resident voice on the fixture warehouse ---

FUNNEL_SQL = """
with u as (select community_id from communities where {where}),
d as (
    select d.key_project_id, coalesce(w.status, k.status) as done
    from resident_demands d join u using (community_id)
    left join projects w on w.project_id = d.project_id
    left join key_projects k on k.key_project_id = d.key_project_id
    where d.received_on >= date '{first}' and d.received_on < date '{end}'
)
select
    (select count(*) from questionnaires join u using (community_id)
     where collected_on >= date '{first}' and collected_on < date '{end}') as q,
    (select count(*) from household_visits join u using (community_id)
     where visited_on >= date '{first}' and visited_on < date '{end}') as v,
    (select count(*) from consultation_meetings join u using (community_id)
     where held_on >= date '{first}' and held_on < date '{end}') as m,
    (select count(*) from d) as demands,
    (select count(*) from d where key_project_id is not null) as adopted,
    (select count(*) from d where key_project_id is not null and done = 'completed') as answered
"""


@pytest.mark.parametrize(("query", "where", "first", "end"), [
    ({}, "true", "2000-01-01", "2100-01-01"),
    ({"township": "T01"}, "township_id = 'T01'", "2000-01-01", "2100-01-01"),
    ({"from": "2018-01", "to": "2018-06", "area": "urban"}, "area = 'urban'", "2018-01-01", "2018-07-01"),
])
def test_voice_funnel_equals_independent_sql(query: dict[str, str], where: str, first: str, end: str,
                                             fixture_settings: Settings) -> None:
    at = open_page(VOICE, query=query)
    assert not at.exception
    expected = sql(fixture_settings, FUNNEL_SQL.format(where=where, first=first, end=end)).iloc[0].tolist()
    traces = chart(at, "voice/funnel").data
    # Steps in a unit of their own stand as numbers; the demand steps, all in 条, are one funnel.
    numbers = [t for t in traces if t.type == "indicator"]
    funnel = next(t for t in traces if t.type == "funnel")
    assert [int(t.value) for t in numbers] + [int(x) for x in funnel.x] == expected
    assert numbers[0].title.text == translate("domains.code.step.questionnaires", "zh")
    assert numbers[0].number.suffix.strip() == translate("domains.code.unit.copies", "zh")
    assert list(funnel.y) == [translate(f"domains.code.step.{s}", "zh") for s in ("demands", "adopted", "answered")]


def test_voice_satisfaction_shows_mean_and_interval_and_hides_small_townships(
        fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_MIN_SAMPLE", "20")
    at = open_page(VOICE)
    fig = chart(at, "voice/satisfaction_by_township")
    check = sql(fixture_settings, """
        select t.name_zh as township, count(q.satisfaction) as n, avg(q.satisfaction) as mean,
               stddev_samp(q.satisfaction) as sd
        from questionnaires q join communities c using (community_id) join townships t using (township_id)
        group by t.township_id, t.name_zh order by t.township_id""")
    shown, small = check[check["n"] >= 20], check[check["n"] < 20]
    assert len(shown) and len(small), "the fixture has townships on both sides of 20 answers"
    satisfaction = next(tr for tr in fig.data if tr.name == "满意度")
    assert list(satisfaction.x) == list(shown["township"])
    for (_, expected), mean, plus in zip(shown.iterrows(), satisfaction.y, satisfaction.error_y.array, strict=True):
        assert mean == pytest.approx(expected["mean"])
        half = t_quantile(0.975, int(expected["n"]) - 1) * expected["sd"] / math.sqrt(expected["n"])
        assert plus == pytest.approx(half)
    hidden = next(tr for tr in fig.data if tr.name == "样本不足 n&lt;20")  # Plotly shows its escaped text as n<20
    assert set(hidden.x) == set(small["township"])


def test_voice_community_table_says_why_cells_are_hidden(fixture_settings: Settings) -> None:
    at = open_page(VOICE)  # default minimum sample 30: every fixture community is smaller
    results = table(at, "满意度（1–5 分）")
    n = sql(fixture_settings, "select count(satisfaction) as n from questionnaires group by community_id "
                              "order by community_id")["n"]
    assert list(results["满意度（1–5 分）"]) == [f"样本不足 n<30 (n={k})" for k in n]


def test_trace_from_project_lists_the_demands_it_answers(fixture_settings: Settings) -> None:
    at = open_page(VOICE)
    at.selectbox(key="voice.key_project").set_value("K01").run()
    rows = table(at, "诉求编号", "街镇")
    expected = sql(fixture_settings, "select demand_id from resident_demands where key_project_id = 'K01' "
                                     "order by received_on, demand_id")
    assert list(rows["诉求编号"]) == list(expected["demand_id"])
    at.selectbox(key="voice.work").set_value("P0001").run()
    rows = table(at, "诉求编号", "街镇")
    expected = sql(fixture_settings, "select demand_id from resident_demands where project_id = 'P0001' "
                                     "order by received_on, demand_id")
    assert list(rows["诉求编号"]) == list(expected["demand_id"])
    assert set(rows["回应工程"]) == {"奥盾大院改造"} and set(rows["工程状态"]) == {"已完成"}


def test_trace_from_community_shows_what_became_of_each_demand(fixture_settings: Settings) -> None:
    at = open_page(VOICE, "en")
    at.selectbox(key="voice.community").set_value("C0001").run()
    rows = table(at, "Adopted by key project")
    expected = sql(fixture_settings, """
        select d.demand_id, d.status, k.name_en as key_project, k.status as key_status, w.status as work_status
        from resident_demands d
        left join key_projects k using (key_project_id)
        left join projects w on w.project_id = d.project_id
        where d.community_id = 'C0001' order by d.received_on, d.demand_id""")
    assert list(rows["Demand no."]) == list(expected["demand_id"])
    assert list(rows["Demand status"]) == [code_label("status", s, "en") for s in expected["status"]]
    assert list(rows["Adopted by key project"].fillna("")) == list(expected["key_project"].fillna(""))
    assert list(rows["Key project status"]) == [code_label("status", s, "en") for s in expected["key_status"]]
    assert list(rows["Work status"]) == [code_label("work_status", s, "en") for s in expected["work_status"]]


# --- renovation and services on the fixture warehouse ---

@pytest.mark.parametrize("search", ["奥盾", "p000", "政府街", "%"])
def test_renovation_search_matches_independent_sql(search: str, fixture_settings: Settings) -> None:
    at = open_page(RENOVATION)
    at.text_input(key="renovation.search").set_value(search).run()
    literal = search.replace("'", "''").lower()
    expected = sql(fixture_settings, f"""
        select p.project_id from projects p join townships t using (township_id)
        left join communities c on c.community_id = p.community_id
        where strpos(lower(concat_ws(' ', p.project_id, p.name_zh, p.name_en, t.name_zh, t.name_en,
                                     c.name_zh, c.name_en)), '{literal}') > 0
        order by p.project_id""")
    if expected.empty:
        assert translate("block.empty", "zh") in [i.value for i in at.info]
    else:
        assert list(table(at, "工程")["编号"]) == list(expected["project_id"])


def test_renovation_charts_add_up_to_the_works(fixture_settings: Settings) -> None:
    at = open_page(RENOVATION)
    works = sum(sum(tr.x) for tr in chart(at, "renovation/works_by_category").data)
    assert works == sql(fixture_settings, "select count(*) as n from projects")["n"][0]
    timeline = chart(at, "renovation/key_project_timeline")
    names = sql(fixture_settings, "select name_zh from key_projects order by key_project_id")["name_zh"]
    assert list(timeline.data[0].y) == list(names), "the planned window of every key project, in order"
    centres = chart(at, "renovation/centre_floor_area")
    after = next(tr for tr in centres.data if tr.name == "改造后（平方米）")
    assert dict(zip(after.x, after.y, strict=True)) == {"政府街社区": 1500.0, "蜀阳社区": 2100.0}


def test_services_coverage_and_volunteers_equal_independent_sql(fixture_settings: Settings) -> None:
    at = open_page(SERVICES, "en")
    by_area = chart(at, "services/elderly_care_by_area")
    computed = next(tr for tr in by_area.data if tr.name == "Coverage (computed)")
    expected = sql(fixture_settings, """
        select c.area, round(100.0 * count(distinct f.community_id) / count(distinct c.community_id), 1) as pct
        from communities c left join facilities f on f.community_id = c.community_id
            and f.kind = 'elderly_care' and f.status = 'completed'
        group by c.area order by c.area desc""")
    assert list(computed.x) == [code_label("area", a, "en") for a in expected["area"]]
    assert list(computed.y) == pytest.approx(list(expected["pct"]))
    per_1000 = chart(at, "services/volunteers_by_township")
    shown = {x: y for tr in per_1000.data for x, y in zip(tr.x, tr.y, strict=True)}
    expected = sql(fixture_settings, """
        select t.name_en, round(1000.0 * sum(r.registered) / any_value(p.population), 1) as per_1000
        from townships t
        join (select township_id, sum(population) as population from communities group by all) p using (township_id)
        join communities c using (township_id) join volunteer_registrations r using (community_id)
        group by t.name_en""")
    assert shown == pytest.approx(dict(zip(expected["name_en"], expected["per_1000"], strict=True)))


@pytest.mark.parametrize("page", [VOICE, RENOVATION, SERVICES])
def test_a_selection_without_data_shows_the_empty_state(page: str, fixture_settings: Settings) -> None:
    at = open_page(page, query={"township": "T03", "area": "urban"})  # T03 is rural: nothing is urban there
    assert not at.exception and not at.error
    assert translate("block.empty", "zh") in [i.value for i in at.info]


# --- the demo warehouse: published figures and the trace on the real data set ---

def test_every_published_figure_is_on_a_domain_page_computed_as_published(demo_settings: Settings) -> None:
    registry = load_registry(demo_settings.queries_dir)
    runner = Runner(demo_settings)
    published = runner.run(registry.get("published/figures")).frame.set_index("figure_id")["computed_value"]
    shown = pd.concat([runner.run(registry.get(q)).frame for q in KPI_QUERIES]).set_index("figure_id")["value"]
    assert set(shown.index) == set(published.index)
    for figure_id, value in shown.items():
        assert value == pytest.approx(published[figure_id]), figure_id


@pytest.mark.parametrize(("page", "expected"), [
    (VOICE, {"印发调查问卷": "35,000余", "入户走访（户）": "26,000余", "召开意见征求会（坝坝会）": "65",
             "融入重点项目的民生需求、群众建议": "1,831", "重点项目": "21"}),
    (RENOVATION, {"改造老旧院落": "19", "改造棚户区（户）": "1,442", "规划新建地下停车场": "2",
                  "规划地下停车位（个）": "1,714", "政府街社区改造前办公用房（间）": "4",
                  "政府街社区改造后场地面积（平方米）": "1,500", "蜀阳社区活动阵地原面积（平方米）": "560",
                  "蜀阳社区活动阵地改造后面积（平方米）": "2,100"}),
    (SERVICES, {"城市社区养老设施覆盖率": "98.5%", "农村社区养老设施覆盖率": "30%", "建成村（社区）综治中心": "291",
                "正在实施「雪亮工程」": "176", "今年启动村级党群服务中心建设合计": "156", "志愿者队伍": "890",
                "注册志愿者（人）": "120,000余", "服务延伸村社": "678"}),
])
def test_key_published_figures_appear_as_published(page: str, expected: dict[str, str],
                                                    demo_settings: Settings) -> None:
    shown = metrics(open_page(page))
    assert {label: shown.get(label) for label in expected} == expected


def test_demand_trace_works_both_ways_on_the_demo_data(demo_settings: Settings) -> None:
    at = open_page(VOICE, "en")
    at.selectbox(key="voice.key_project").set_value("K11").run()
    answered = table(at, "Demand no.", "Township")
    expected = sql(demo_settings, "select demand_id, community_id from resident_demands "
                                  "where key_project_id = 'K11' order by received_on, demand_id")
    assert list(answered["Demand no."]) == list(expected["demand_id"])
    assert set(answered["Work answering it"].dropna()) <= {"Binjiang Road underground car park",
                                                           "Zhengfu Street underground car park"}
    first = expected.iloc[0]
    at.selectbox(key="voice.community").set_value(first["community_id"]).run()
    raised = table(at, "Adopted by key project").set_index("Demand no.")
    assert raised.loc[first["demand_id"], "Adopted by key project"] == "Underground car parks"
    assert raised.loc[first["demand_id"], "Key project status"] == "Planned"


def test_every_code_a_domain_query_returns_has_a_name(demo_settings: Settings) -> None:
    registry = load_registry(demo_settings.queries_dir)
    runner = Runner(demo_settings)
    missing = set()
    for section in SECTIONS:
        for spec in registry.in_section(section):
            frame = runner.run(spec).frame
            for column in set(CODE_COLUMNS) & set(frame.columns):
                vocabulary = VOCABULARY.get(column, column)
                missing |= {f"{spec.query_id}: {column}={code}" for code in frame[column].dropna().unique()
                            for lang in LANGS if f"domains.code.{vocabulary}.{code}" not in strings(lang)}
    assert not missing, sorted(missing)


def test_display_names_of_a_query_are_unique() -> None:
    registry = load_registry(REPO_ROOT / "queries")
    for section in SECTIONS:
        for spec in registry.in_section(section):
            for lang in LANGS:
                names = list(spec.chart.column_labels(lang).values())
                assert len(names) == len(set(names)), f"{spec.query_id} ({lang}) repeats a column name"
