"""Meeting mode's core: an edition's selection, what changed between editions, and follow-up status."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.runner import Runner
from dashboard.metrics.indicators import Evaluation, PaceConfig
from dashboard.metrics.meeting import (
    assess_edition,
    compare_indicators,
    compare_pillars,
    edition_scope,
    list_editions,
    previous_edition,
    status_moves,
    township_moves,
)
from dashboard.metrics.pillars import Assessment
from dashboard.query.registry import load_registry
from dashboard.query.scope import Scope
from dashboard.warehouse.editions import Edition

REGISTRY = load_registry(REPO_ROOT / "queries")
SEPT = Edition("2018-09", "2018年9月例会", dt.date(2018, 9, 30), "s1")
OCT = Edition("2018-10", "2018年10月例会", dt.date(2018, 10, 25), "s1")


def test_an_edition_sees_no_month_after_its_own() -> None:
    as_of = dt.date(2018, 10, 25)
    assert edition_scope(Scope(), SEPT, as_of).month_to == dt.date(2018, 9, 1)
    assert edition_scope(Scope(), OCT, as_of).month_to is None, "judged on the snapshot's own date: no cut"
    narrowed = edition_scope(Scope(month_from=dt.date(2018, 10, 1)), SEPT, as_of)
    assert narrowed.month_from == narrowed.month_to == dt.date(2018, 9, 1)


def assessment(query_id: str, current: float, progress: float, status: str) -> Assessment:
    """An assessment of a real indicator file with the given standing."""
    return Assessment(spec=REGISTRY.get(query_id), points=(),
                      evaluation=Evaluation(status=status, current=current, progress=progress,
                                            expected_progress=1.0))


def test_changes_pair_indicators_and_pillars_across_editions() -> None:
    query = "indicators/city_change/old_courtyards"
    before = {"city_change": [assessment(query, 12, 0.6, "at_risk")]}
    now = {"city_change": [assessment(query, 19, 1.0, "on_track")]}
    (change,) = compare_indicators(now, before)
    assert (change.value_change, change.status_before, change.status_now) == (7, "at_risk", "on_track")
    assert status_moves([change]) == [change]
    (pillar,) = compare_pillars(now, before, PaceConfig())
    assert pillar.score_before == 60.0 and pillar.score_now == 100.0 and pillar.score_change == 40.0
    assert compare_indicators(now, {})[0].status_before == "no_data", "an indicator new since then"


def test_townships_that_moved_most_come_first_either_way() -> None:
    moved = township_moves({"T01": 50.0, "T02": 40.0, "T03": 90.0, "T04": None},
                           {"T01": 45.0, "T02": 60.0, "T03": 89.0, "T04": 10.0})
    assert moved == [("T02", -20.0), ("T01", 5.0), ("T03", 1.0)]


def follow_ups(settings: Settings, day: dt.date | None, township: str | None = None) -> pd.DataFrame:
    """Run the follow-ups query file on the live fixture snapshot."""
    runner = Runner(settings)
    try:
        return runner.run(REGISTRY.get("meeting/follow_ups"), {"judged_on": day, "township": township}).frame
    finally:
        runner.close()


def test_follow_ups_are_done_overdue_or_open_as_of_an_editions_day(fixture_settings: Settings) -> None:
    october = follow_ups(fixture_settings, dt.date(2018, 10, 25)).set_index("follow_up_id")["status"].to_dict()
    assert october == {"F2018-09-01": "done", "F2018-09-02": "overdue", "F2018-10-01": "open"}
    september = follow_ups(fixture_settings, dt.date(2018, 9, 30)).set_index("follow_up_id")["status"].to_dict()
    assert september == {"F2018-09-01": "open", "F2018-09-02": "open"}, "October's are not yet assigned"
    elsewhere = follow_ups(fixture_settings, None, township="T01")
    assert "F2018-09-02" not in set(elsewhere["follow_up_id"]), "another township's follow-up stays out of scope"


def test_the_september_edition_sees_septembers_numbers(fixture_settings: Settings) -> None:
    runner = Runner(fixture_settings)
    try:
        found = list_editions(runner, REGISTRY)
        assert [e.edition_id for e in found] == ["2018-09", "2018-10"]
        september, october = found
        assert previous_edition(found, october) == september and previous_edition(found, september) is None
        then = assess_edition(runner, REGISTRY, september, Scope(), PaceConfig(), 1)
        now = assess_edition(runner, REGISTRY, october, Scope(), PaceConfig(), 1)
        query = REGISTRY.get("indicators/city_change/old_courtyards")
        independent = runner.run_sql("select count(*) from projects where category = 'old_courtyard' "
                                     "and actual_end < date '2018-10-01'").frame.iloc[0, 0]
    finally:
        runner.close()
    by_id = {a.spec.query_id: a for a in then["city_change"]}
    assert by_id[query.query_id].evaluation.current == independent
    assert by_id[query.query_id].evaluation.period == dt.date(2018, 9, 1)
    assert {a.spec.query_id for a in now["city_change"]} == set(by_id)
