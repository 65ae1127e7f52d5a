"""The demo data set regenerates byte for byte, and its detail rows add up and hang together."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from dashboard.base.settings import REPO_ROOT, load_settings
from dashboard.engine.runner import Runner
from dashboard.warehouse.demo import NOT_GENERATED, generate

SEED_DIR = REPO_ROOT / "data" / "seed"
Query = Callable[[str], pd.DataFrame]


@pytest.fixture(scope="module")
def sql(demo_var: Path) -> Query:
    """Return a helper that runs one read-only statement on the demo warehouse and gives a DataFrame."""
    runner = Runner(dataclasses.replace(load_settings(), var_dir=demo_var))

    def run(statement: str) -> pd.DataFrame:
        return runner.run_sql(statement).frame

    return run


def scalar(frame: pd.DataFrame) -> object:
    """Return the single value of a one-cell result."""
    return frame.iloc[0, 0]


def test_regenerating_gives_byte_identical_csvs(tmp_path: Path) -> None:
    generate(tmp_path)
    written = sorted(p.name for p in tmp_path.glob("*.csv"))
    committed = sorted(p.name for p in SEED_DIR.glob("*.csv") if p.stem not in NOT_GENERATED)
    assert written == committed
    changed = [name for name in written if (tmp_path / name).read_bytes() != (SEED_DIR / name).read_bytes()]
    assert not changed, f"data/seed is stale: run `python -m dashboard.warehouse.demo` ({changed})"


def test_seed_stays_small() -> None:
    assert sum(p.stat().st_size for p in SEED_DIR.glob("*.csv")) < 8_000_000


def test_city_has_678_units_200_urban(sql: Query) -> None:
    counts = sql("select area, count(*) as n from communities group by area order by area")
    assert dict(zip(counts["area"], counts["n"], strict=True)) == {"rural": 478, "urban": 200}
    assert scalar(sql("select count(*) from communities where area = 'urban' and kind <> 'community'")) == 0


def test_named_places_sit_where_the_article_puts_them(sql: Query) -> None:
    frame = sql("""select c.name_zh, t.name_zh as township from communities as c
                   join townships as t using (township_id) where c.source = 'published'""")
    where = dict(zip(frame["name_zh"], frame["township"], strict=True))
    assert where["政府街社区"] == "简城街道"
    assert where["清水村"] == "平息乡"
    assert {"蜀阳社区", "荷桥村", "菠萝村"} <= set(where)


def test_demands_per_key_project_add_up_to_the_total(sql: Query) -> None:
    per_key = sql("select key_project_id, count(*) as n from resident_demands group by all")
    assert per_key["n"].sum() == scalar(sql("select count(*) from resident_demands")) == 1831
    assert per_key["key_project_id"].notna().all()
    assert len(per_key) == 21


def test_every_demand_work_belongs_to_its_key_project_and_township(sql: Query) -> None:
    stray = sql("""select count(*) from resident_demands as d
                   join projects as p using (project_id)
                   join communities as c on c.community_id = d.community_id
                   where p.key_project_id <> d.key_project_id or p.township_id <> c.township_id""")
    assert scalar(stray) == 0


def test_meeting_demands_name_a_meeting_held_there_that_day(sql: Query) -> None:
    stray = sql("""select count(*) from resident_demands as d
                   left join consultation_meetings as m using (meeting_id)
                   where (d.channel = 'meeting') <> (d.meeting_id is not null)
                      or (d.meeting_id is not null
                          and (m.community_id <> d.community_id or m.held_on <> d.received_on))""")
    assert scalar(stray) == 0


def test_demand_status_follows_its_work_or_key_project(sql: Query) -> None:
    stray = sql("""select count(*) from resident_demands as d
                   join key_projects as k using (key_project_id)
                   left join projects as p on p.project_id = d.project_id
                   where d.status <> case coalesce(p.status, k.status)
                       when 'planned' then 'adopted' when 'completed' then 'resolved'
                       else 'in_progress' end""")
    assert scalar(stray) == 0


def test_survey_reaches_only_the_88_surveyed_units(sql: Query) -> None:
    units = sql("""select c.kind, c.is_key_village, count(*) as n from communities as c
                   where c.community_id in (select community_id from questionnaires
                                            union select community_id from household_visits)
                   group by all""")
    assert units["n"].sum() == 88
    kinds = set(zip(units["kind"], units["is_key_village"], strict=True))
    assert kinds == {("community", False), ("village", True)}


def test_works_dates_agree_with_status(sql: Query) -> None:
    stray = sql("""select count(*) from projects where
                     planned_end < planned_start
                     or actual_end < actual_start
                     or actual_end > date '2018-10-25' or actual_start > date '2018-10-25'
                     or (status = 'planned') <> (actual_start is null)
                     or (status = 'completed') <> (actual_end is not null)
                     or (status = 'completed') <> (stage = 'completed')""")
    assert scalar(stray) == 0
    late = sql("select count(*) from projects where actual_end > planned_end")
    assert scalar(late) > 0, "some works should run late"


def test_elderly_care_coverage_grows_every_month(sql: Query) -> None:
    monthly = sql("""with months as (
                         select cast(m as date) as month
                         from range(date '2017-09-01', date '2018-11-01', interval 1 month) as r(m))
                     select mo.month, c.area,
                            count(distinct f.community_id) filter (
                                where f.completed_on < mo.month + interval 1 month) as covered
                     from months as mo cross join communities as c
                     left join facilities as f on f.community_id = c.community_id
                          and f.kind = 'elderly_care' and f.status = 'completed'
                     group by all order by c.area, mo.month""")
    for _area, series in monthly.groupby("area"):
        assert series["covered"].is_monotonic_increasing
        assert series["covered"].iloc[-1] > series["covered"].iloc[0]


def test_scores_improve_and_townships_differ(sql: Query) -> None:
    trend = sql("""select avg(satisfaction) filter (where collected_on < date '2017-12-01') as first,
                          avg(satisfaction) filter (where collected_on >= date '2018-08-01') as last
                   from questionnaires""")
    assert trend["last"][0] - trend["first"][0] > 0.5
    late = sql("""select c.township_id, avg(q.sense_of_gain) as gain from questionnaires as q
                  join communities as c using (community_id)
                  where q.collected_on >= date '2018-07-01' group by all""")
    assert late["gain"].max() - late["gain"].min() > 0.8, "some townships should lag"


def test_volunteer_activities_use_teams_of_their_township_that_existed(sql: Query) -> None:
    stray = sql("""select count(*) from volunteer_activities as a
                   join volunteer_teams as t using (team_id)
                   join communities as c on c.community_id = a.community_id
                   where t.township_id <> c.township_id or t.founded_on > a.held_on""")
    assert scalar(stray) == 0
