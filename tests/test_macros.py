"""The schema's table macros give the numbers the query files computed inline before, on the locked reader."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from dashboard.base.settings import Settings
from dashboard.engine.runner import Runner

SELECTIONS = [(None, None), ("T01", None), (None, "rural"), ("T02", "urban"), ("T01", "rural")]
PERIODS = [(None, None), (dt.date(2018, 3, 1), None), (None, dt.date(2018, 2, 1)),
           (dt.date(2018, 5, 1), dt.date(2018, 9, 1)), (dt.date(2030, 1, 1), None)]


def rows(settings: Settings, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run sql with bound $params on the app's own read-only, locked connection."""
    cursor, _ = Runner(settings).connection()
    try:
        return cursor.execute(sql, params or {}).df()
    finally:
        cursor.close()


def works_expected(settings: Settings, township: str | None, area: str | None, month_from: dt.date | None,
                   month_to: dt.date | None) -> list[str]:
    """Return the ids of the works under way in a selection and period, computed in pandas from the tables."""
    works = rows(settings, "select p.*, t.area from projects as p join townships as t using (township_id)")
    as_of = rows(settings, "select max(as_of) as as_of from snapshot_info")["as_of"].iloc[0]
    start = works["actual_start"].fillna(works["planned_start"])
    end = works["actual_end"].fillna(works["planned_end"].map(lambda d: max(d, pd.Timestamp(as_of))))
    keep = pd.Series(True, index=works.index)
    if township:
        keep &= works["township_id"] == township
    if area:
        keep &= works["area"] == area
    if month_from:
        keep &= end >= pd.Timestamp(month_from)
    if month_to:
        keep &= start < pd.Timestamp(month_to) + pd.DateOffset(months=1)
    return sorted(works.loc[keep, "project_id"])


@pytest.mark.parametrize(("township", "area"), SELECTIONS)
@pytest.mark.parametrize(("month_from", "month_to"), PERIODS)
def test_works_under_way_keeps_the_works_of_the_selection_under_way_in_the_period(
        fixture_settings: Settings, township: str | None, area: str | None, month_from: dt.date | None,
        month_to: dt.date | None) -> None:
    params = {"township": township, "area": area, "month_from": month_from, "month_to": month_to}
    found = rows(fixture_settings, "select project_id from works_under_way($township, $area, $month_from, $month_to)"
                 " order by project_id", params)
    assert list(found["project_id"]) == works_expected(fixture_settings, township, area, month_from, month_to)


def test_works_under_way_returns_every_column_of_projects_located(fixture_settings: Settings) -> None:
    located = rows(fixture_settings, "select * from projects_located order by project_id")
    macro = rows(fixture_settings, "select * from works_under_way(null, null, null, null) order by project_id")
    pd.testing.assert_frame_equal(macro, located)


# Each figure recomputed straight from the tables, for the places a (township, area) selection picks.
INDEPENDENT = {
    "old_courtyards": """
        select count(*)::double from projects as p join townships as t using (township_id)
        where p.category = 'old_courtyard' and p.status = 'completed' and {places}""",
    "shantytown_households": """
        select coalesce(sum(p.households_benefited), 0)::double
        from projects as p join townships as t using (township_id)
        where p.category = 'shantytown' and p.status = 'completed' and {places}""",
    "questionnaires": """
        select count(*)::double from questionnaires as q join communities as c using (community_id)
        join townships as t on t.township_id = c.township_id where {places_c}""",
    "registered_volunteers": """
        select coalesce(sum(r.registered), 0)::double
        from volunteer_registrations as r join communities as c using (community_id)
        join townships as t on t.township_id = c.township_id
        where r.month <= (select max(as_of) from snapshot_info) and {places_c}""",
    "governance_centres": """
        select count(*)::double from facilities as f join townships as t using (township_id)
        where f.kind = 'governance_centre' and f.status = 'completed' and {places}""",
    "elderly_care_urban": """
        select 100.0 * count(*) filter (where c.community_id in (
            select f.community_id from facilities as f
            where f.kind = 'elderly_care' and f.status = 'completed'
                and f.completed_on <= (select max(as_of) from snapshot_info)
        )) / nullif(count(*), 0)
        from communities as c join townships as t on t.township_id = c.township_id
        where c.area = 'urban' and {places_c}""",
    "key_projects": "select count(*)::double from key_projects",  # city_only: every selection shows the city
}


def independent_value(settings: Settings, figure_id: str, township: str | None, area: str | None) -> float | None:
    """Return one figure for a selection as the independent SQL above computes it."""
    places = "($township is null or t.township_id = $township) and ($area is null or t.area = $area)"
    places_c = "($township is null or c.township_id = $township) and ($area is null or c.area = $area)"
    sql = INDEPENDENT[figure_id].format(places=places, places_c=places_c)
    params = {k: v for k, v in {"township": township, "area": area}.items() if f"${k}" in sql}
    value = rows(settings, sql, params).iloc[0, 0]
    return None if pd.isna(value) else float(value)


@pytest.mark.parametrize(("township", "area"), SELECTIONS)
def test_published_figure_cards_sum_the_selected_places(demo_settings: Settings, township: str | None,
                                                        area: str | None) -> None:
    cards = rows(demo_settings, "select * from published_figure_cards($ids, $township, $area, 'zh')",
                 {"ids": list(INDEPENDENT), "township": township, "area": area}).set_index("figure_id")
    for figure_id in INDEPENDENT:
        expected = independent_value(demo_settings, figure_id, township, area)
        value = cards.loc[figure_id, "value"]
        if expected is None:
            assert pd.isna(value), figure_id
        else:
            assert value == pytest.approx(expected), (figure_id, township, area)
    assert cards.loc["key_projects", "city_wide"] and not cards.loc["old_courtyards", "city_wide"]


def test_published_figure_cards_keep_list_order_labels_and_the_published_value(demo_settings: Settings) -> None:
    ids = ["back_streets", "no_such_figure", "elderly_care_urban", "key_projects"]
    published = rows(demo_settings, "select * from published_figures").set_index("figure_id")
    for lang, label in (("zh", "label_zh"), ("en", "label_en")):
        cards = rows(demo_settings, "select * from published_figure_cards($ids, null, null, $lang)",
                     {"ids": ids, "lang": lang}).sort_values("position")
        assert list(cards["figure_id"]) == ids and list(cards["position"]) == [1, 2, 3, 4]
        shown = cards.set_index("figure_id")
        assert shown.loc["back_streets", "label"] == published.loc["back_streets", label]
        assert shown.loc["elderly_care_urban", "published_value"] == published.loc["elderly_care_urban", "value"]
        assert shown.loc["elderly_care_urban", "precision"] == published.loc["elderly_care_urban", "precision"]
        unknown = shown.loc["no_such_figure"]  # an id the warehouse does not hold keeps its row, with no values
        assert unknown["label"] == "no_such_figure"
        assert pd.isna(unknown["value"]) and pd.isna(unknown["published_value"])
        assert (unknown["unit"], unknown["qualifier"], unknown["city_wide"]) == ("count", "exact", False)


def test_published_figure_values_over_all_places_are_the_city_values(demo_settings: Settings) -> None:
    city = rows(demo_settings, """
        select figure_id, sum(numerator) / coalesce(sum(denominator), 1) as value
        from published_figure_parts group by figure_id order by figure_id""")
    macro = rows(demo_settings, "select figure_id, value from published_figure_values(null, null) order by figure_id")
    pd.testing.assert_frame_equal(macro, city)


# The indicator series as each file computed it inline before the series macros: the golden reference.
REFERENCE = {
    "indicators/city_change/back_streets": """
        with months as (
            select m.period from programme_months as m where m.period <= coalesce($month_to, m.period)
        ),
        all_works as (
            select p.project_id, p.township_id, p.actual_end, p.area
            from projects_located as p where p.category = 'back_street'
        ),
        works as (
            select w.* from all_works as w
            where ($township is null or w.township_id = $township) and ($area is null or w.area = $area)
        ),
        plan as (
            select (select count(*) from works)::double / nullif((select count(*) from all_works), 0) as plan_share
        )
        select m.period, count(w.project_id)::double as value, any_value(pl.plan_share) as plan_share
        from months as m
        cross join plan as pl
        left join works as w on w.actual_end < m.period + interval 1 month
        group by m.period order by m.period""",
    "indicators/social_recognition/registered_volunteers": """
        with months as (
            select m.period from programme_months as m where m.period <= coalesce($month_to, m.period)
        ),
        units as (
            select c.community_id, c.population from communities as c
            where ($township is null or c.township_id = $township) and ($area is null or c.area = $area)
        ),
        plan as (
            select (select sum(u.population) from units as u)::double
                / nullif((select sum(c.population) from communities as c), 0) as plan_share
        ),
        registrations as (
            select r.month, r.registered from volunteer_registrations as r join units as u using (community_id)
        )
        select m.period, coalesce(sum(r.registered), 0)::double as value,
            any_value(coalesce(pl.plan_share, 0)) as plan_share
        from months as m
        cross join plan as pl
        left join registrations as r on r.month <= m.period
        group by m.period order by m.period""",
    "indicators/resident_perception/dissatisfied_share": """
        with months as (
            select m.period from programme_months as m where m.period <= coalesce($month_to, m.period)
        ),
        answers as (
            select q.collected_on, q.satisfaction <= 2 as dissatisfied
            from questionnaires as q join communities as c using (community_id)
            where q.satisfaction is not null
                and ($township is null or c.township_id = $township) and ($area is null or c.area = $area)
        )
        select m.period, 100.0 * avg(a.dissatisfied::integer) as value, count(a.dissatisfied) as n
        from months as m
        left join answers as a
            on a.collected_on >= m.period - interval 2 month and a.collected_on < m.period + interval 1 month
        group by m.period order by m.period""",
    "indicators/city_change/old_courtyards__by_community": """
        with as_of as (
            select least(a.as_of_date, coalesce(last_day($month_to), a.as_of_date)) as day
            from warehouse_as_of as a
        ),
        works as (
            select p.project_id, p.community_id, p.actual_end
            from projects_located as p
            where p.category = 'old_courtyard'
                and ($township is null or p.township_id = $township) and ($area is null or p.area = $area)
        )
        select
            case when $lang = 'en' then c.township_en else c.township_zh end as township,
            case when $lang = 'en' then c.name_en else c.name_zh end as community,
            count(*) as works,
            count(*) filter (where w.actual_end <= a.day) as value,
            round(100.0 * count(*) filter (where w.actual_end <= a.day) / count(*), 1) as completed_share
        from works as w
        cross join as_of as a
        join communities_located as c using (community_id)
        group by all
        order by completed_share, works desc, community, township""",
}


@pytest.mark.parametrize("query_id", list(REFERENCE))
def test_an_indicator_file_on_the_series_macros_gives_the_rows_of_its_hand_written_sql(
        demo_settings: Settings, query_id: str) -> None:
    from dashboard.query.registry import load_registry

    spec = load_registry(demo_settings.queries_dir).get(query_id)
    reference, runner = REFERENCE[query_id], Runner(demo_settings)
    checked = 0
    for township, area in SELECTIONS:
        for month_to in (None, dt.date(2018, 2, 1), dt.date(2018, 9, 1), dt.date(2016, 1, 1)):
            for lang in ("zh", "en") if "$lang" in reference else ("zh",):
                params = {"township": township, "area": area, "month_to": month_to, "lang": lang}
                got = runner.run(spec, params).frame
                cursor, _ = runner.connection()
                try:
                    expected = cursor.execute(reference, {k: v for k, v in params.items() if f"${k}" in reference}).df()
                finally:
                    cursor.close()
                if "__by_community" in query_id:  # communities of one name in two townships: the township breaks ties
                    got = got.sort_values(["completed_share", "works", "community", "township"],
                                          ascending=[True, False, True, True]).reset_index(drop=True)
                pd.testing.assert_frame_equal(got, expected, check_exact=True)
                checked += len(got)
    assert checked > 0


@pytest.mark.parametrize(("township", "area"), SELECTIONS)
def test_communities_named_lists_the_selections_communities_named_in_either_language(
        fixture_settings: Settings, township: str | None, area: str | None) -> None:
    table = rows(fixture_settings, "select c.*, t.name_zh as t_zh, t.name_en as t_en from communities as c "
                                   "join townships as t using (township_id) order by c.community_id")
    keep = table[((township is None) | (table["township_id"] == township)) & ((area is None) | (table["area"] == area))]
    for lang, suffix in (("zh", "_zh"), ("en", "_en")):
        named = rows(fixture_settings, "select * from communities_named($township, $area, $lang) order by community_id",
                     {"township": township, "area": area, "lang": lang})
        assert list(named["community_id"]) == list(keep["community_id"])
        assert list(named["community"]) == list(keep["name" + suffix])
        assert list(named["township"]) == list(keep["t" + suffix])


@pytest.mark.parametrize(("lang", "english", "shown"), [
    ("zh", "Qingshui Village", "清水村"), ("en", "Qingshui Village", "Qingshui Village"), ("en", None, "清水村"),
])
def test_in_lang_gives_the_chinese_where_the_english_is_empty(fixture_settings: Settings, lang: str,
                                                              english: str | None, shown: str) -> None:
    got = rows(fixture_settings, "select in_lang($lang, $zh, $en) as name",
               {"lang": lang, "zh": "清水村", "en": english})
    assert got["name"].tolist() == [shown]
