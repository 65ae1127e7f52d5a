"""Loading user files: good rows land in a new live snapshot; bad input gets one clear error and changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from dashboard.runner import Runner
from dashboard.settings import Settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.build import build_snapshot
from dashboard.warehouse.load import LoadError, load_file
from tests.conftest import FIXTURES

HEADER = "activity_id,team_id,community_id,held_on,name_zh,name_en,volunteers,external_org_zh"


@pytest.fixture
def settings(fixture_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the fixture warehouse, so loads do not leak into other tests."""
    private = Settings(**{**fixture_settings.__dict__, "var_dir": tmp_path / "var"})
    build_snapshot(private, FIXTURES, "fixture")
    return private


def community(settings: Settings) -> str:
    """Return an existing community id of the fixture warehouse."""
    return str(Runner(settings).run_sql("select min(community_id) from communities").frame.iloc[0, 0])


def count(settings: Settings, sql: str) -> int:
    """Return the single number a count query gives on the live snapshot."""
    return int(Runner(settings).run_sql(sql).frame.iloc[0, 0])


def assert_unchanged(settings: Settings, live: str, before: bytes) -> None:
    """The live snapshot is the same one, byte for byte, and no half-written file is left."""
    assert snapshot.current_snapshot_id(settings) == live
    assert snapshot.current_snapshot_path(settings).read_bytes() == before
    assert not [p for p in settings.snapshots_dir.iterdir() if p.suffix != ".duckdb"]


def test_gbk_csv_from_excel_loads_into_a_new_snapshot(settings: Settings, tmp_path: Path) -> None:
    cid = community(settings)
    path = tmp_path / "活动.csv"
    path.write_bytes(f"{HEADER}\nNEW1,,{cid},2018-10-01,重阳节敬老活动,Double Ninth visit,12,\n".encode("gbk"))
    old = snapshot.current_snapshot_id(settings)
    before = count(settings, "select count(*) from volunteer_activities")
    result = load_file(settings, path, "volunteer_activities")
    assert (result.rows, result.encoding) == (1, "gb18030")
    assert snapshot.current_snapshot_id(settings) == result.snapshot_id != old
    assert count(settings, "select count(*) from volunteer_activities") == before + 1
    assert count(settings, "select count(*) from volunteer_activities where name_zh = '重阳节敬老活动'") == 1
    info = Runner(settings).run_sql("select description from snapshot_info order by built_at desc limit 1")
    assert "活动.csv" in info.frame.iloc[0, 0]
    assert snapshot.snapshot_path(settings, old).exists(), "the previous snapshot is kept"


def test_xlsx_with_excel_dates_loads(settings: Settings, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["NEW2", None, community(settings), dt.datetime(2018, 10, 2), "义诊", "Free clinic", 7, None])
    path = tmp_path / "activities.xlsx"
    book.save(path)
    load_file(settings, path, "volunteer_activities")
    assert count(settings, "select count(*) from volunteer_activities where held_on = date '2018-10-02'") >= 1


@pytest.mark.parametrize(("content", "message"), [
    (f"{HEADER}\nA1,,C,2018-10-01,a,b,1,\nA2,,C,2018-10-01,a,b,1,,extra\n", "line 3: expected 8 fields, found 9"),
    (f"{HEADER}\nA1,,{{cid}},2018-10-01,a,b,六,\n", "line 2, column volunteers: '六' is not a valid INTEGER"),
    (f"{HEADER}\nA1,,{{cid}},2018-13-45,a,b,1,\n", "line 2, column held_on: '2018-13-45' is not a valid DATE"),
    (f"{HEADER}\nA1,,C9999,2018-10-01,a,b,1,\n", "foreign key"),
    ("activity_id,when\nA1,2018\n", "columns do not match table volunteer_activities"),
    ("", "the file is empty"),
])
def test_bad_csv_gets_one_clear_error_and_nothing_changes(settings: Settings, tmp_path: Path, content: str,
                                                          message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content.replace("{cid}", community(settings)), encoding="utf-8")
    live = snapshot.current_snapshot_id(settings)
    before = snapshot.current_snapshot_path(settings).read_bytes()
    with pytest.raises(LoadError) as info:
        load_file(settings, path, "volunteer_activities")
    assert message in str(info.value) and str(info.value).startswith("bad.csv")
    assert "\n" not in str(info.value)
    assert_unchanged(settings, live, before)


def test_duplicate_key_and_undecodable_bytes_are_refused(settings: Settings, tmp_path: Path) -> None:
    existing = Runner(settings).run_sql("select min(activity_id) from volunteer_activities").frame.iloc[0, 0]
    live = snapshot.current_snapshot_id(settings)
    before = snapshot.current_snapshot_path(settings).read_bytes()
    duplicate = tmp_path / "dup.csv"
    duplicate.write_text(f"{HEADER}\n{existing},,{community(settings)},2018-10-01,a,b,1,\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"dup\.csv: .*(primary key|Duplicate key)"):
        load_file(settings, duplicate, "volunteer_activities")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\xff" * 20)
    with pytest.raises(LoadError, match="not UTF-8 or GBK"):
        load_file(settings, binary, "volunteer_activities")
    assert_unchanged(settings, live, before)


def test_load_command_reports_failure_without_change(settings: Settings, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture) -> None:
    from dashboard.cli import main

    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(settings.var_dir))
    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}\nA1,,C9999,2018-10-01,a,b,1,\n", encoding="utf-8")
    live = snapshot.current_snapshot_id(settings)
    assert main(["load", str(path), "--table", "volunteer_activities"]) == 1
    assert "load failed, nothing changed: bad.csv" in capsys.readouterr().err
    assert snapshot.current_snapshot_id(settings) == live


def test_rows_breaking_a_data_check_are_refused(settings: Settings, tmp_path: Path) -> None:
    towns = Runner(settings).run_sql("select township_id, area from townships order by township_id").frame
    town, area = towns.iloc[0]
    wrong = "rural" if area == "urban" else "urban"
    header = (FIXTURES / "communities.csv").read_text(encoding="utf-8").splitlines()[0]
    values = {"community_id": "CNEW", "township_id": town, "name_zh": "新村", "name_en": "New village",
              "kind": "village", "area": wrong, "is_key_village": "false", "is_poor_village": "false",
              "is_model_community": "false", "households": "10", "population": "30", "source": "demo"}
    path = tmp_path / "new.csv"
    path.write_text(header + "\n" + ",".join(values[c] for c in header.split(",")) + "\n", encoding="utf-8")
    live = snapshot.current_snapshot_id(settings)
    before = snapshot.current_snapshot_path(settings).read_bytes()
    with pytest.raises(LoadError) as info:
        load_file(settings, path, "communities")
    assert "new.csv: " in str(info.value) and "queries/checks/community_area.sql" in str(info.value)
    assert "CNEW" in str(info.value)
    assert_unchanged(settings, live, before)
    path.write_text(path.read_text(encoding="utf-8").replace(f",{wrong},", f",{area},"), encoding="utf-8")
    assert load_file(settings, path, "communities").rows == 1  # the same row in the right area loads
