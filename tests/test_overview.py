"""Overview page through AppTest: filtered numbers equal SQL written here, the URL round-trips, zh = en."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.base.i18n import translate
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.runner import Runner
from tests.test_app import PAGES, open_page

OVERVIEW = "ui/pages/overview.py"
NUMBERS = ["value", "target_value", "expected_value", "progress", "expected_progress", "status_code"]


@pytest.fixture
def settings(fixture_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The fixture warehouse, with every survey answer counted (it holds only 60 questionnaires)."""
    monkeypatch.setenv("DASHBOARD_MIN_SAMPLE", "1")
    return fixture_settings


def sql(settings: Settings, query: str) -> float:
    """Run one scalar check query on the test warehouse."""
    value = Runner(settings).run_sql(query).frame.iloc[0, 0]
    return 0.0 if pd.isna(value) else float(value)


def indicator_rows(at: AppTest) -> pd.DataFrame:
    """Return every pillar table's rows, indexed by indicator query id."""
    frames = [d.value for d in at.dataframe
              if "query_id" in d.value and "status_code" in d.value and "township_id" not in d.value]
    return pd.concat(frames).set_index("query_id")


def township_rows(at: AppTest) -> pd.DataFrame:
    """Return the detail's township table, indexed by township id."""
    return next(d.value for d in at.dataframe
                if "township_id" in d.value and "status_code" in d.value).set_index("township_id")


def card_scores(at: AppTest) -> dict[str, str]:
    """Return the score shown on each pillar card, by pillar name (Chinese)."""
    scores = {}
    for element in at.get("html"):
        body = element.proto.body
        for pillar in ("城市有变化", "市民有感受", "社会有认同"):
            if f">{pillar}</div>" in body:
                scores[pillar] = re.search(r"font-size:2\.3rem[^>]*>([^<]+)</span>", body).group(1)
    return scores


def test_township_changes_indicator_numbers_to_the_sql_values(settings: Settings) -> None:
    at = open_page(OVERVIEW)
    city, city_scores = indicator_rows(at), card_scores(at)
    at.selectbox(key="filter.township").set_value("T01").run()
    t01, t01_scores = indicator_rows(at), card_scores(at)
    assert not at.exception
    assert city_scores != t01_scores and len(t01_scores) == 3
    as_of = "(select max(as_of) from snapshot_info)"
    t01_units = "(select community_id from communities where township_id = 'T01')"
    satisfaction = ("select avg(satisfaction) from questionnaires where collected_on >= date '2018-08-01' "
                    f"and collected_on <= {as_of}")
    key = "indicators/resident_perception/satisfaction"
    assert city.loc[key, "value"] == pytest.approx(sql(settings, satisfaction))
    assert t01.loc[key, "value"] == pytest.approx(
        sql(settings, satisfaction + f" and community_id in {t01_units}"))
    volunteers = "select sum(registered) from volunteer_registrations where month <= date '2018-10-01'"
    assert t01.loc["indicators/social_recognition/registered_volunteers", "value"] == sql(
        settings, volunteers + f" and community_id in {t01_units}")
    assert city.loc["indicators/social_recognition/registered_volunteers", "value"] == sql(settings, volunteers)
    # Same courtyard count (1), but T01 holds one of the city's two courtyard works: half the target of 19.
    share = sql(settings, "select count(*) filter (where township_id = 'T01') / count(*) from projects "
                          "where category = 'old_courtyard'")
    assert t01.loc["indicators/city_change/old_courtyards", "target_value"] == pytest.approx(19 * share)
    assert city.loc["indicators/city_change/old_courtyards", "target_value"] == 19
    assert not city[NUMBERS].equals(t01[NUMBERS])


def test_pillar_score_for_a_township_equals_one_computed_from_sql(settings: Settings) -> None:
    at = open_page(OVERVIEW, query={"township": "T01"})
    as_of = "(select max(as_of) from snapshot_info)"
    units = "(select community_id from communities where township_id = 'T01')"
    pop_share = sql(settings, "select sum(population) filter (where township_id = 'T01') / sum(population) "
                              "from communities")

    def progress(current: float, baseline: float, target: float) -> float:
        return min(1.0, max(0.0, (current - baseline) / (target - baseline)))

    recognition = ("select 100.0 * avg(recognises_work::int) from questionnaires where recognises_work is not null "
                   f"and community_id in {units} and collected_on >= date '{{}}' and collected_on < date '{{}}'")
    rec_now = sql(settings, recognition.format("2018-08-01", "2018-11-01"))
    rec_base = sql(settings, recognition.format("2017-07-01", "2017-10-01"))  # first month's rolling window
    teams = "select count(*) from volunteer_teams where township_id = 'T01' and founded_on <= {}"
    registered = f"select coalesce(sum(registered), 0) from volunteer_registrations where community_id in {units}"
    parts = [
        (2, progress(rec_now, rec_base, 80.0)),
        (1, progress(sql(settings, registered + " and month <= date '2018-10-01'"),
                     sql(settings, registered + " and month <= date '2017-09-01'"), 120000 * pop_share)),
        (1, progress(sql(settings, teams.format(as_of)), sql(settings, teams.format("date '2017-09-30'")),
                     890 * pop_share)),
        (1, progress(sql(settings, "select count(*) from volunteer_activities where held_on >= date '2017-09-01' "
                                   f"and held_on <= {as_of} and community_id in {units}"), 0, 2000 * pop_share)),
        (1, progress(sql(settings, f"select count(distinct community_id) from service_coverage where since <= {as_of} "
                                   f"and community_id in {units}"), 0,
                     678 * sql(settings, "select count(*) filter (where township_id = 'T01') / count(*) "
                                         "from communities"))),
    ]
    expected = 100 * sum(w * p for w, p in parts) / sum(w for w, _ in parts)
    shown = card_scores(at)["社会有认同"]
    assert abs(float(shown) - expected) <= 0.5, (shown, expected)


def test_url_opens_the_filtered_view_and_widgets_write_back_to_it(settings: Settings) -> None:
    back_streets = "indicators/city_change/back_streets"
    at = open_page(OVERVIEW, query={"township": "T01", "to": "2018-06", "indicator": back_streets})
    assert at.selectbox(key="filter.township").value == "T01"
    assert at.select_slider(key="filter.months").value[1] == dt.date(2018, 6, 1)
    assert at.selectbox(key="overview.indicator").value == back_streets
    done = ("select count(*) from projects where category = 'back_street' and actual_end <= date '2018-06-30' "
            "and township_id = 'T01'")
    assert indicator_rows(at).loc[back_streets, "value"] == sql(settings, done)
    current = next(m for m in at.metric if m.label.startswith("当前值"))
    assert current.label == "当前值（2018-06）" and current.value == f"{sql(settings, done):.0f}"

    at.selectbox(key="filter.township").set_value("T03").run()
    assert at.query_params["township"] == "T03"
    assert (at.query_params["to"], at.query_params["indicator"]) == ("2018-06", back_streets)
    assert indicator_rows(at).loc[back_streets, "value"] == sql(settings, done.replace("'T01'", "'T03'"))
    at.selectbox(key="overview.indicator").set_value("indicators/resident_perception/satisfaction").run()
    assert at.query_params["indicator"] == "indicators/resident_perception/satisfaction"
    at.selectbox(key="filter.township").set_value(None).run()
    assert "township" not in at.query_params


def test_english_view_shows_the_same_numbers(settings: Settings) -> None:
    zh = open_page(OVERVIEW, "zh", query={"township": "T02"})
    en = open_page(OVERVIEW, "en", query={"township": "T02"})
    pd.testing.assert_frame_equal(indicator_rows(zh)[NUMBERS], indicator_rows(en)[NUMBERS])
    pd.testing.assert_frame_equal(township_rows(zh)[NUMBERS], township_rows(en)[NUMBERS])
    assert indicator_rows(zh)["status"].iloc[0] != indicator_rows(en)["status"].iloc[0]


def test_selection_without_data_says_so(settings: Settings) -> None:
    at = open_page(OVERVIEW, query={"township": "T01", "area": "rural"})
    assert not at.exception and not at.error
    assert set(indicator_rows(at)["status_code"]) == {"no_data"}
    assert translate("block.empty", "zh") in [i.value for i in at.info]
    assert set(card_scores(at).values()) == {"—"}


def test_community_table_follows_the_township_filter(settings: Settings) -> None:
    at = open_page(OVERVIEW, query={"township": "T03", "indicator": "indicators/social_recognition/volunteer_teams"})
    communities = next(d.value for d in at.dataframe if "村社" in d.value)
    assert set(communities["街镇"]) == {"平息乡"}
    founded = sql(settings, "select count(*) from volunteer_teams where township_id = 'T03'")
    assert communities["队伍数"].sum() == founded


def test_an_edited_target_shows_on_the_next_run_although_results_are_cached(
        fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = tmp_path / "queries"
    shutil.copytree(REPO_ROOT / "queries", queries)
    monkeypatch.setenv("DASHBOARD_QUERIES_DIR", str(queries))
    at = open_page(PAGES[0])
    before = indicator_rows(at).loc["indicators/resident_perception/satisfaction", "target"]
    path = queries / "indicators" / "survey.sql"  # satisfaction is one of its variants
    text = path.read_text(encoding="utf-8")
    assert "target: {value: 4.2}" in text
    path.write_text(text.replace("target: {value: 4.2}", "target: {value: 3.3}"), encoding="utf-8")
    at.run()
    after = indicator_rows(at).loc["indicators/resident_perception/satisfaction", "target"]
    assert "4.2" in before and "3.3" in after, (before, after)


def test_the_overview_is_its_page_file_blocks_drawn_in_the_files_order(
        settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(OVERVIEW)
    headers = [h.value for h in at.header]
    assert [t.value for t in at.title] == ["总览"]
    # Tabs hold the detail (one pillar's table each, the indicator detail, changes, follow-ups); the figures fold.
    assert headers == ["三个目标的进展", "指标详情", "本期变化", "督办事项"], headers
    assert [tab.label for tab in at.tabs][:3] == ["城市有变化", "市民有感受", "社会有认同"]
    assert any(e.label.startswith("报道数字核对") for e in at.expander), "the published figures fold into one line"
    assert at.selectbox(key="overview.indicator").value, "the indicator picker keeps its key (and its URL)"
    queries = tmp_path / "queries"
    shutil.copytree(REPO_ROOT / "queries", queries)
    monkeypatch.setenv("DASHBOARD_QUERIES_DIR", str(queries))
    page = queries / "overview" / "page.yaml"
    text = page.read_text(encoding="utf-8")
    # An analyst puts the follow-ups on top, keeps one pillar's table, drops the tabs, the detail and the figures.
    head = text[:text.index("blocks:")]
    page.write_text(head + "blocks:\n  - follow_ups\n  - selection\n  - pillar_cards\n"
                    "  - indicator_tables: {pillars: [social_recognition]}\n  - changes\n", encoding="utf-8")
    at = open_page(OVERVIEW)
    assert not at.exception, [e.value for e in at.exception]
    assert [h.value for h in at.header] == ["督办事项", "三个目标的进展", "本期变化"]
    assert [s.value for s in at.subheader if s.value.endswith("各项指标")] == ["社会有认同：各项指标"]
    assert list(indicator_rows(at).index.str.split("/").str[1].unique()) == ["social_recognition"]
