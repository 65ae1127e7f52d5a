"""Loading user files: good rows land in a new live snapshot; bad input lists every problem and changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from dashboard.base.settings import Settings
from dashboard.engine.runner import Runner
from dashboard.warehouse import snapshot
from dashboard.warehouse.build import build_snapshot
from dashboard.warehouse.load import load_bytes, load_file
from dashboard.warehouse.problems import LoadRefused
from tests.conftest import FIXTURES

HEADER = "activity_id,team_id,community_id,held_on,name_zh,name_en,volunteers,external_org_zh"
ZH_QUESTIONNAIRE = "问卷编号,村社编号,填写日期,年龄段,总体满意度,获得感,知晓并认同,最关心的需求"


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


def refused(settings: Settings, path: Path, table: str, mode: str = "append") -> LoadRefused:
    """Load a file that must be refused; check nothing changed and return the refusal."""
    live = snapshot.current_snapshot_id(settings)
    before = snapshot.current_snapshot_path(settings).read_bytes()
    with pytest.raises(LoadRefused) as info:
        load_file(settings, path, table, mode=mode)
    assert_unchanged(settings, live, before)
    return info.value


def test_gbk_csv_with_chinese_headers_loads_into_a_new_snapshot(settings: Settings, tmp_path: Path) -> None:
    cid = community(settings)
    path = tmp_path / "问卷.csv"
    path.write_bytes(f"{ZH_QUESTIONNAIRE}\nNQ1,{cid},2018/10/01,60+,4,3,是,养老\n".encode("gbk"))
    old = snapshot.current_snapshot_id(settings)
    result = load_file(settings, path, "questionnaires")
    assert (result.added, result.encoding) == (1, "gb18030")
    assert snapshot.current_snapshot_id(settings) == result.snapshot_id != old
    row = Runner(settings).run_sql("select collected_on, recognises_work, top_concern from questionnaires "
                                   "where questionnaire_id = 'NQ1'").frame.iloc[0]
    assert (str(row["collected_on"])[:10], bool(row["recognises_work"]), row["top_concern"]) == (
        "2018-10-01", True, "elderly_care"), "dates, 是 and code names are read as people write them"
    info = Runner(settings).run_sql("select description, rows_added from snapshot_info order by built_at desc limit 1")
    assert "问卷.csv" in info.frame.iloc[0, 0] and info.frame.iloc[0, 1] == 1
    assert snapshot.snapshot_path(settings, old).exists(), "the previous snapshot is kept"


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_files_load(settings: Settings, tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "activities.csv"
    row = ["NEW1", "", community(settings), "2018-10-01", "敬老", "Visit", "12", ""]
    path.write_text(HEADER.replace(",", delimiter) + "\n" + delimiter.join(row) + "\n", encoding="utf-8-sig")
    assert load_file(settings, path, "volunteer_activities").delimiter == delimiter
    assert count(settings, "select count(*) from volunteer_activities where activity_id = 'NEW1'") == 1


def test_xlsx_with_excel_dates_and_code_names_loads(settings: Settings, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["项目编号", "项目类别", "项目名称", "英文名称", "街镇编号", "阶段", "状态", "计划开工", "计划完工"])
    town = Runner(settings).run_sql("select min(township_id) from townships").frame.iloc[0, 0]
    sheet.append(["PX1", "老旧院落改造", "某院落改造", "A courtyard", town, "施工", "实施中",
                  dt.datetime(2018, 10, 2), dt.datetime(2019, 3, 1)])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    assert load_file(settings, path, "projects").added == 1
    row = Runner(settings).run_sql("select category, stage, status, source, planned_start from projects "
                                   "where project_id = 'PX1'").frame.iloc[0]
    assert (row["category"], row["stage"], row["status"], row["source"]) == (
        "old_courtyard", "construction", "in_progress", "loaded")
    assert str(row["planned_start"])[:10] == "2018-10-02"


def test_every_problem_is_listed_at_once_with_line_column_and_reason(settings: Settings, tmp_path: Path) -> None:
    cid = community(settings)
    existing = Runner(settings).run_sql("select min(questionnaire_id) from questionnaires").frame.iloc[0, 0]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([ZH_QUESTIONNAIRE,
                               f"NQ1,{cid},2018-10-01,,3.7,3,是,",     # 2: 3.7 would be rounded to 4
                               "NQ2,C9999,2018-10-01,,4,9,否,",       # 3: unknown community, score out of range
                               f"NQ1,{cid},2018-13-01,,4,3,maybe,",    # 4: repeated key, bad date, bad yes/no
                               f"{existing},{cid},2018-10-01,,,,,",    # 5: key already stored
                               f"NQ5,{cid},2018-10-01,,,,,,extra",     # 6: too many fields
                               f"NQ7,{cid},,,,,,",                     # 7: required date left empty
                               ""]), encoding="utf-8")
    problems = refused(settings, path, "questionnaires")
    found = {(p.line, p.column, p.kind) for p in problems.problems}
    assert found == {(2, "satisfaction", "type"), (3, "community_id", "unknown_place"), (3, "sense_of_gain", "rule"),
                     (4, "questionnaire_id", "duplicate_in_file"), (4, "collected_on", "type"),
                     (4, "recognises_work", "type"), (5, "questionnaire_id", "exists"), (6, None, "fields"),
                     (7, "collected_on", "required")}
    zh = problems.frame("zh")
    assert list(zh.columns) == ["文件", "行号", "列", "值", "原因"]
    assert "「3.7」不是整数" in set(zh["原因"])
    en = problems.frame("en")
    assert ("“C9999” is neither the ID nor the name of any of the Villages and communities loaded; check it, or load "
            "Villages and communities first") in set(en["Reason"])
    assert problems.summary("zh").startswith("「bad.csv」未加载（共 9 个问题）")


@pytest.mark.parametrize(("content", "encoding", "kind"), [
    ("activity_id,activity_id,community_id\nA1,A2,C\n", "utf-8", "duplicate_header"),
    (HEADER + "\n", "utf-8", "no_rows"),
    ("", "utf-8", "empty"),
    ("activity_id;name_zh\nA1;Caf\xe9 M\xfcller na\xefve r\xe9sum\xe9\n", "cp1252", "encoding"),
    ("activity_id,when\nA1,2018\n", "utf-8", "unknown_header"),
])
def test_bad_files_are_refused_with_a_reason_and_nothing_changes(settings: Settings, tmp_path: Path, content: str,
                                                                 encoding: str, kind: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content.encode(encoding))
    problems = refused(settings, path, "volunteer_activities")
    assert kind in {p.kind for p in problems.problems}
    assert "\n" not in problems.summary("zh")


def test_missing_file_and_oversized_upload_are_refused_before_reading(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(LoadRefused) as info:
        load_file(settings, tmp_path / "nope.csv", "townships")
    assert info.value.problems[0].kind == "no_file"
    small = Settings(**{**settings.__dict__, "max_upload_mb": 1})
    with pytest.raises(LoadRefused) as info:
        load_bytes(small, b"x" * 1_100_000, "big.csv", "townships")
    assert info.value.problems[0].kind == "too_large"


def test_upsert_corrects_a_row_and_delete_removes_one(settings: Settings, tmp_path: Path) -> None:
    cid = community(settings)
    path = tmp_path / "a.csv"
    path.write_text(f"{HEADER}\nNEW1,,{cid},2018-10-01,义诊,Clinic,7,\n", encoding="utf-8")
    load_file(settings, path, "volunteer_activities")
    path.write_text(f"{HEADER}\nNEW1,,{cid},2018-10-01,义诊,Clinic,70,\nNEW2,,{cid},2018-10-03,清洁,Clean,5,\n",
                    encoding="utf-8")
    result = load_file(settings, path, "volunteer_activities", mode="upsert")
    assert (result.added, result.replaced) == (1, 1)
    assert count(settings, "select volunteers from volunteer_activities where activity_id = 'NEW1'") == 70
    path.write_text("活动编号\nNEW1\n", encoding="utf-8")
    assert load_file(settings, path, "volunteer_activities", mode="delete").removed == 1
    assert count(settings, "select count(*) from volunteer_activities where activity_id like 'NEW%'") == 1
    history = Runner(settings).run_sql("select data_kind, rows_added, rows_replaced, rows_removed from snapshot_info "
                                       "order by built_at").frame.values.tolist()
    assert history[-3:] == [["loaded", 1, 0, 0], ["loaded", 1, 1, 0], ["loaded", 0, 0, 1]]


def test_delete_of_a_row_others_refer_to_is_refused(settings: Settings, tmp_path: Path) -> None:
    used = Runner(settings).run_sql("select min(community_id) from questionnaires").frame.iloc[0, 0]
    path = tmp_path / "remove.csv"
    path.write_text(f"community_id\n{used}\nC_NOT_THERE\n", encoding="utf-8")
    problems = refused(settings, path, "communities", mode="delete")
    kinds = {(p.line, p.kind) for p in problems.problems}
    assert (2, "still_referenced") in kinds and (3, "not_found") in kinds


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
    with pytest.raises(Exception) as info:
        load_file(settings, path, "communities")
    assert "queries/checks/community_area.sql" in str(info.value) and "CNEW" in str(info.value)
    assert_unchanged(settings, live, before)
    path.write_text(path.read_text(encoding="utf-8").replace(f",{wrong},", f",{area},"), encoding="utf-8")
    assert load_file(settings, path, "communities").added == 1  # the same row in the right area loads


def test_check_previews_rows_as_stored_and_changes_nothing(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"{HEADER}\nNEW1,,{community(settings)},2018/10/01,义诊,Clinic,7,\n", encoding="utf-8")
    live = snapshot.current_snapshot_id(settings)
    before = snapshot.current_snapshot_path(settings).read_bytes()
    result = load_file(settings, path, "volunteer_activities", dry_run=True)
    assert result.snapshot_id is None and result.rows == 1
    assert str(result.preview.loc[0, "held_on"])[:10] == "2018-10-01" and result.preview.loc[0, "__line"] == 2
    assert_unchanged(settings, live, before)


def test_load_command_prints_every_problem_without_change(settings: Settings, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture) -> None:
    from dashboard.cli import main

    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(settings.var_dir))
    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}\nA1,,C9999,2018-10-01,a,b,1,\nA2,,C9999,2018-10-01,a,b,六,\n", encoding="utf-8")
    live = snapshot.current_snapshot_id(settings)
    assert main(["load", str(path), "--table", "volunteer_activities", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "“bad.csv” was not loaded (3 problems)" in err
    assert "\t3\tVolunteers (volunteers)\t六\t“六” is not a whole number" in err
    assert snapshot.current_snapshot_id(settings) == live
    assert main(["load", str(tmp_path / "missing.csv"), "--table", "townships"]) == 1
    assert "Traceback" not in capsys.readouterr().err
