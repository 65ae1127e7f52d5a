"""Meeting mode in the app: an edition shown read-only, what changed since the compared one, and follow-ups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.base.i18n import translate
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.runner import Runner
from dashboard.metrics.meeting import (
    assess_edition,
    compare_indicators,
    compare_pillars,
    list_editions,
    status_moves,
)
from dashboard.present.pillar_tables import status_label
from dashboard.query.registry import load_registry
from dashboard.query.scope import Scope
from dashboard.ui import cache
from dashboard.warehouse import snapshot
from tests.test_access import open_app
from tests.test_app import APP, open_page, switch_to
from tests.test_scopes import open_as

REGISTRY = load_registry(REPO_ROOT / "queries")
COURTYARDS = "indicators/city_change/old_courtyards"
VOLUNTEERS = "indicators/social_recognition/registered_volunteers"


def independent(settings: Settings, sql: str) -> object:
    """Answer SQL on the live fixture snapshot without the app's code."""
    with duckdb.connect(str(snapshot.current_snapshot_path(settings)), read_only=True,
                        config=snapshot.reader_config(settings)) as con:
        return con.execute(sql).fetchone()[0]


def indicator_rows(at: AppTest) -> pd.DataFrame:
    """Return the overview's indicator table rows (all pillars), with their numeric twins and change column."""
    frames = [d.value for d in at.dataframe if "query_id" in d.value.columns and "status_code" in d.value.columns
              and "township_id" not in d.value.columns]
    return pd.concat(frames).set_index("query_id")


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """Return the first table the run drew that has a column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def core_changes(settings: Settings, now_id: str, before_id: str) -> tuple[list, list]:
    """Compute the changes between two editions through the public core, as a test of the page."""
    runner = Runner(settings)
    editions = {e.edition_id: e for e in list_editions(runner, REGISTRY)}
    now, before = (assess_edition(runner, REGISTRY, editions[i], Scope(), settings.pace, settings.min_sample)
                   for i in (now_id, before_id))
    return compare_pillars(now, before, settings.pace), compare_indicators(now, before)


def test_an_edition_in_the_url_shows_its_banner_and_septembers_numbers(fixture_settings: Settings) -> None:
    at = open_page("ui/pages/overview.py", query={"edition": "2018-09"})
    assert not at.exception, [e.value for e in at.exception]
    assert any("2018年9月例会（2018-09-30）" in i.value for i in at.info), "the edition banner"
    completed = independent(fixture_settings, "select count(*) from projects where category = 'old_courtyard' "
                                              "and actual_end < date '2018-10-01'")
    assert indicator_rows(at).loc[COURTYARDS, "value"] == completed
    assert any("2018-09-30" in c.value for c in at.caption), "judged on the edition's day"
    assert any("期次 2018年9月例会" in c.value for c in at.caption), "source lines name the edition"


def test_an_unknown_edition_says_so_once_and_shows_the_latest_edition(fixture_settings: Settings) -> None:
    cache.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["edition"] = "1999-01"
    at.run()
    assert [e.value for e in at.error] == ["没有编号为「1999-01」的期次，现显示最新一期例会的数据。"]
    assert any("正在查看期次 2018年10月例会" in i.value for i in at.info)
    assert at.selectbox(key="meeting.edition").value == "2018-10"
    assert not at.run().error, "said once"


def test_a_view_opens_on_the_latest_edition_and_live_data_is_one_pick_away(fixture_settings: Settings) -> None:
    cache.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    picker = at.selectbox(key="meeting.edition")
    assert picker.value == "2018-10" and picker.options[-1] == "实时数据（未定稿）"
    assert not at.warning or all("实时数据" not in w.value for w in at.warning)
    picker.set_value("live").run()
    assert any("正在查看实时数据" in w.value for w in at.warning), "live data is labelled as such"
    assert at.query_params.get("edition") == ["live"] or at.query_params.get("edition") == "live"


def test_deltas_against_september_equal_the_core_and_independent_sql(fixture_settings: Settings) -> None:
    at = open_page("ui/pages/overview.py", query={"edition": "2018-10"})
    assert not at.exception, [e.value for e in at.exception]
    pillars, indicators = core_changes(fixture_settings, "2018-10", "2018-09")
    rows = indicator_rows(at)
    for change in indicators:
        shown = rows.loc[change.query_id, "change"]
        if change.value_change:
            arrow = "▲" if change.value_change > 0 else "▼"
            assert shown.startswith(arrow), (change.query_id, shown)
        if change.status_changed:
            was = translate("meeting.change.was", "zh", status=status_label(change.status_before, "zh"))
            assert shown.endswith(was), (change.query_id, shown)
    cards = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<div data-change")]
    assert len(cards) == len(pillars) == 3
    for card, change in zip(cards, pillars, strict=True):
        delta = round(change.score_change or 0, 1)
        assert (f"▲ {delta:.1f}" if delta > 0 else f"▼ {-delta:.1f}" if delta < 0 else "=") in card, card
        assert "较2018年9月例会" in card
    september = independent(fixture_settings, "select sum(registered) from volunteer_registrations "
                                              "where month <= date '2018-09-01'")
    october = independent(fixture_settings, "select sum(registered) from volunteer_registrations "
                                            "where month <= date '2018-10-01'")
    volunteers = next(c for c in indicators if c.query_id == VOLUNTEERS)
    assert (volunteers.value_before, volunteers.value_now) == (september, october)
    assert rows.loc[VOLUNTEERS, "change"].startswith(f"▲ {october - september:,.0f}")


def test_since_last_meeting_lists_the_status_moves(fixture_settings: Settings) -> None:
    at = open_page("ui/pages/overview.py", query={"edition": "2018-10"})
    assert "本期变化" in [h.value for h in at.header]
    _, indicators = core_changes(fixture_settings, "2018-10", "2018-09")
    moves = table_with(at, "上期状态")
    assert list(moves["query_id"]) == [c.query_id for c in status_moves(indicators)]
    assert "两次例会之间开工和完工的工程" in [s.value for s in at.subheader]


def test_live_data_is_compared_with_the_latest_edition(fixture_settings: Settings) -> None:
    at = open_page("ui/pages/overview.py", query={"edition": "live"})
    assert any("与 2018年10月例会（2018-10-25） 相比" in c.value for c in at.caption)


def test_the_latest_edition_is_compared_with_the_one_before(fixture_settings: Settings) -> None:
    at = open_page("ui/pages/overview.py")
    assert any("与 2018年9月例会（2018-09-30） 相比" in c.value for c in at.caption)


def test_a_follow_up_recorded_on_the_admin_page_shows_open_then_done(settings: Settings) -> None:
    at = open_page("ui/pages/meeting.py")
    assert not at.exception, [e.value for e in at.exception]
    pick = at.selectbox(key="meeting.fu.indicator")
    pick.select_index(next(i for i, label in enumerate(pick.options) if label.endswith(VOLUNTEERS)))
    at.text_input(key="meeting.fu.task").input("补齐剩余院落改造")
    at.text_input(key="meeting.fu.owner").input("市住建局").run()
    at.button(key="meeting.fu.submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已记录督办事项" in s.value for s in at.success), [e.value for e in at.error]
    new_id = next(s.value for s in at.success).split("督办事项 ")[1].rstrip("。").replace("\\", "")

    def on_overview() -> pd.Series:
        switch_to(at, "ui/pages/overview.py").run()
        follow_ups = table_with(at, "督办内容")
        return follow_ups.set_index("督办内容").loc["补齐剩余院落改造"]

    def status_on_overview() -> str:
        return on_overview()["落实情况"]

    row = on_overview()
    assert row["落实情况"] == "办理中"
    # A leader reads the indicator's title, and an open follow-up's missing date as a dash.
    assert row["督办对象"] == REGISTRY.get(VOLUNTEERS).title["zh"] and row["完成日期"] == "—"
    switch_to(at, "ui/pages/meeting.py").run()
    done = at.selectbox(key="meeting.done.pick")
    done.select_index(next(i for i, label in enumerate(done.options) if label.startswith(new_id)))
    # The overview judges follow-ups on the view's one day (the latest edition's, 2018-10-25 in the fixture), so
    # a follow-up counts as done there only when it was done by that day.
    at.date_input(key="meeting.done.day").set_value(dt.date(2018, 10, 25))
    at.button(key="meeting.done.submit").click().run()
    assert any(new_id in s.value.replace("\\", "") for s in at.success), [e.value for e in at.error]
    assert status_on_overview() == "已落实"
    log = (settings.var_dir / "audit.log").read_text(encoding="utf-8")
    assert '"action":"meeting"' in log and new_id in log


def test_a_viewer_is_not_served_the_meeting_page(fixture_settings: Settings, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    viewer = {"is_logged_in": True, "email": "someone@city.example", "groups": ["leaders"]}
    at = open_app(tmp_path, monkeypatch, viewer, "ui/pages/meeting.py")
    assert "例会与督办" not in [t.value for t in at.title]
    assert "meeting.fu.submit" not in [b.key for b in at.button]
    admin = open_app(tmp_path, monkeypatch, {"is_logged_in": True, "email": "director@city.example"},
                     "ui/pages/meeting.py")
    assert "例会与督办" in [t.value for t in admin.title]


def test_a_township_reader_sees_only_their_townships_moving(fixture_settings: Settings, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_as(tmp_path, monkeypatch, "pingxi@city.example", "ui/pages/overview.py", url={"edition": "2018-10"})
    assert not at.exception, [e.value for e in at.exception]
    moved = table_with(at, "上期平均得分")
    assert set(moved["township_id"]) <= {"T03"}
