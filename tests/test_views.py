"""The schema's shared views: the as-of date, the programme's months, and rows located in their township."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard.base.settings import Settings
from dashboard.engine.runner import Runner
from dashboard.warehouse.load import load_file
from tests.conftest import FIXTURES, _build
from tests.test_load import HEADER, community


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A private fixture warehouse, so the loads here do not leak into other tests."""
    return _build(tmp_path / "var", FIXTURES)


def frame(settings: Settings, sql: str) -> pd.DataFrame:
    """Return the rows a statement gives on the live snapshot."""
    return Runner(settings).run_sql(sql).frame


def load_activity(settings: Settings, tmp_path: Path, as_of: dt.date) -> None:
    """Load one volunteer activity with a new as-of date, as the Load data page does."""
    path = tmp_path / f"activity-{as_of}.csv"
    path.write_text(f"{HEADER}\nV{as_of:%Y%m%d},,{community(settings)},{as_of},活动,Activity,3,\n", encoding="utf-8")
    load_file(settings, path, "volunteer_activities", as_of=as_of)


def test_months_run_from_programme_start_to_the_latest_as_of_date_of_any_load(
        settings: Settings, tmp_path: Path) -> None:
    load_activity(settings, tmp_path, dt.date(2018, 12, 3))
    load_activity(settings, tmp_path, dt.date(2018, 6, 30))  # an older as-of date does not move it back
    assert frame(settings, "select as_of_date from warehouse_as_of").iloc[0, 0] == pd.Timestamp(2018, 12, 3)
    months = list(frame(settings, "select period from programme_months order by period")["period"])
    assert months == list(pd.date_range("2017-09-01", "2018-12-01", freq="MS"))  # sixteen first days of months


def test_unfinished_works_stay_under_way_until_the_later_of_planned_end_and_as_of(
        settings: Settings, tmp_path: Path) -> None:
    as_of = pd.Timestamp(2019, 1, 15)
    load_activity(settings, tmp_path, as_of.date())  # later than some unfinished works' planned end
    works = frame(settings, "select * from projects")
    located = frame(settings, "select project_id, under_way_from, under_way_until from projects_located")
    expected = works.assign(
        under_way_from=works["actual_start"].fillna(works["planned_start"]),
        under_way_until=works["actual_end"].fillna(works["planned_end"].map(lambda d: max(d, as_of))),
    )[["project_id", "under_way_from", "under_way_until"]]
    pd.testing.assert_frame_equal(located.sort_values("project_id", ignore_index=True),
                                  expected.sort_values("project_id", ignore_index=True), check_dtype=False)
    assert (works["actual_end"].isna() & (works["planned_end"] < as_of)).any(), "fixture has an overdue work"


@pytest.mark.parametrize("table", ["projects", "facilities", "communities"])
def test_located_views_keep_every_row_and_name_its_township(settings: Settings, table: str) -> None:
    key = {"projects": "project_id", "facilities": "facility_id", "communities": "community_id"}[table]
    rows = frame(settings, f"select * from {table}")  # table names are the schema's
    towns = frame(settings, "select township_id, area as township_area, name_zh as township_zh from townships")
    expected = rows.merge(towns, on="township_id", how="left")
    located = frame(settings, f"select * from {table}_located").set_index(key).loc[expected[key]]
    assert len(located) == len(rows)
    assert list(located["township_zh"]) == list(expected["township_zh"])
    if table != "communities":  # a community keeps its own area; works and facilities take their township's
        assert list(located["area"]) == list(expected["township_area"])
        places = frame(settings, "select community_id, name_zh as community_zh from communities")
        names = rows.merge(places, on="community_id", how="left")["community_zh"]
        assert located["community_zh"].isna().tolist() == rows["community_id"].isna().tolist()
        assert list(located["community_zh"].dropna()) == list(names.dropna())
