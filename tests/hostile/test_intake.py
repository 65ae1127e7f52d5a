"""Hostile files at intake: every row stored exactly or the whole file refused, naming the line or the cell."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook, load_workbook

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.load import load_file
from dashboard.warehouse.problems import LoadRefused
from dashboard.warehouse.template import template_bytes
from dashboard.warehouse.writer import writer_lock
from tests.hostile.xlsx_files import inline_row, sheet_xml, write_xlsx

HEADER = "activity_id,team_id,community_id,held_on,name_zh,name_en,volunteers,external_org_zh"
FIGURES = ["figure_id", "label_zh", "label_en", "value", "unit", "qualifier", "precision", "source", "source_date"]
STRAY = '更换6"排水管'


def live_hash(settings: Settings) -> str:
    """Return the sha256 of the live snapshot's file."""
    return hashlib.sha256(snapshot.current_snapshot_path(settings).read_bytes()).hexdigest()


def rows(settings: Settings, sql: str) -> list[tuple]:
    """Read rows from the live snapshot."""
    with duckdb.connect(str(snapshot.current_snapshot_path(settings)), read_only=True) as con:
        return con.sql(sql).fetchall()


def community(settings: Settings) -> str:
    """Return a stored community id."""
    return str(rows(settings, "select min(community_id) from communities")[0][0])


def cli(*args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m dashboard ...` as a clerk would, against the warehouse the environment names."""
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "DASHBOARD_WARM_SECONDS": "0", **(env or {})}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], env=environment, capture_output=True,
                          text=True, timeout=300, cwd=REPO_ROOT)


def refused(settings: Settings, path: Path, table: str, **options: object) -> LoadRefused:
    """Load a file that must be refused, and check the live file stayed byte for byte the same."""
    before = live_hash(settings)
    with pytest.raises(LoadRefused) as info:
        load_file(settings, path, table, **options)
    assert live_hash(settings) == before
    return info.value


def activities(settings: Settings, count: int, special: dict[int, str]) -> list[str]:
    """Return CSV lines of activities (header first); line n's Chinese name is special[n] where given."""
    cid = community(settings)
    lines = [HEADER]
    for line in range(2, count + 2):
        name = special.get(line, f"活动{line}")
        lines.append(f"HQ{line},,{cid},2018-10-01,{name},Activity {line},5,")
    return lines


def test_a_stray_quote_in_a_cell_keeps_all_1000_rows_exactly(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "1000行.csv"
    path.write_text("\n".join(activities(settings, 1000, {11: STRAY})) + "\n", encoding="utf-8")
    done = cli("load", str(path), "--table", "volunteer_activities")
    assert done.returncode == 0, done.stderr
    assert "文件共 1000 行，新增 1000 行" in done.stdout and "逐行核对无遗漏" in done.stdout
    assert rows(settings, "select count(*) from volunteer_activities where activity_id like 'HQ%'") == [(1000,)]
    assert rows(settings, "select name_zh from volunteer_activities where activity_id = 'HQ11'") == [(STRAY,)]


@pytest.mark.parametrize("count", [1000, 5000])  # 5,000 rows run past the reader's limit of one cell's size
def test_a_quote_left_open_refuses_the_file_naming_its_line(settings: Settings, tmp_path: Path, count: int) -> None:
    path = tmp_path / "open-quote.csv"
    path.write_text("\n".join(activities(settings, count, {11: '"更换6寸排水管'})) + "\n", encoding="utf-8")
    before = live_hash(settings)
    done = cli("load", str(path), "--table", "volunteer_activities")
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert "第 11 行" in first and "引号" in first and "Traceback" not in done.stderr
    assert live_hash(settings) == before


def test_text_after_a_closing_quote_is_refused_not_rewritten(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text("\n".join(activities(settings, 20, {7: '"好"的反馈'})) + "\n", encoding="utf-8")
    problem = refused(settings, path, "volunteer_activities").problems[0]
    assert (problem.kind, problem.line) == ("quote", 7)


def test_mixed_crlf_and_lf_line_endings_load_every_row(settings: Settings, tmp_path: Path) -> None:
    lines = activities(settings, 6, {})
    text = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines))
    path = tmp_path / "mixed.csv"
    path.write_bytes(text.encode("utf-8"))
    assert load_file(settings, path, "volunteer_activities").added == 6
    names = rows(settings, "select name_en from volunteer_activities where activity_id like 'HQ%' order by 1")
    assert names == [(f"Activity {n}",) for n in range(2, 8)], "no carriage return is left in a value"


@pytest.mark.parametrize("written", ["18/9/1", "18-10-25"])
def test_two_digit_years_are_refused_naming_the_cell(settings: Settings, tmp_path: Path, written: str) -> None:
    lines = activities(settings, 5, {})
    lines[3] = lines[3].replace("2018-10-01", written)
    path = tmp_path / "years.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = refused(settings, path, "volunteer_activities")
    assert [(p.line, p.column, p.value, p.kind) for p in problems.problems] == [(4, "held_on", written, "type")]
    assert "四位年份" in problems.summary("zh")
    assert rows(settings, "select count(*) from volunteer_activities where year(held_on) < 100") == [(0,)]


def figures_book(value_format: str, value: object) -> Workbook:
    """Return a workbook with one published figure whose value cell holds value in a number format."""
    book = Workbook()
    sheet = book.active
    sheet.append(FIGURES)
    sheet.append(["HF1", "群众满意度", "Satisfaction", value, "percent", "exact", 0.1, "测试", "2018-10-25"])
    sheet["D2"].number_format = value_format
    return book


def test_a_percent_cell_stores_the_percent_the_clerk_saw(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "figures.xlsx"
    figures_book("0.0%", 0.985).save(path)
    assert load_file(settings, path, "published_figures").added == 1
    assert rows(settings, "select value from published_figures where figure_id = 'HF1'") == [(98.5,)]


def test_a_percent_cell_in_a_column_of_counts_is_refused(settings: Settings, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for line in activities(settings, 3, {}):
        sheet.append(line.split(","))
    sheet["G3"] = 0.5
    sheet["G3"].number_format = "0%"
    path = tmp_path / "percent.xlsx"
    book.save(path)
    problems = refused(settings, path, "volunteer_activities").problems
    assert [(p.line, p.column, p.value, p.kind) for p in problems] == [(3, "volunteers", "50%", "percent")]


def test_a_formula_without_a_saved_value_is_refused_naming_the_cell(settings: Settings, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for line in activities(settings, 3, {}):
        sheet.append(line.split(","))
    sheet["G4"] = "=G2+G3"  # openpyxl saves formulas without their results, as a script-made file does
    path = tmp_path / "formula.xlsx"
    book.save(path)
    assert load_workbook(path, data_only=True).active["G4"].value is None, "the file holds no saved result"
    problems = refused(settings, path, "volunteer_activities").problems
    assert [(p.kind, p.line, p.column, p.value, p.detail) for p in problems] == [
        ("formula", 4, "volunteers", "=G2+G3", "G4")]


@pytest.mark.parametrize("written", ["1e400", "-1e400", "inf", "NaN"])
def test_infinity_is_refused_not_stored(settings: Settings, tmp_path: Path, written: str) -> None:
    path = tmp_path / "inf.csv"
    path.write_text(",".join(FIGURES) + f"\nHF2,无穷,Infinite,{written},count,exact,1,测试,2018-10-25\n",
                    encoding="utf-8")
    problems = refused(settings, path, "published_figures").problems
    assert [(p.line, p.column, p.value, p.kind) for p in problems] == [(2, "value", written, "type")]


def test_a_second_sheet_with_data_is_refused_unless_the_sheet_is_named(settings: Settings, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "十月"
    for line in activities(settings, 3, {}):
        book.active.append(line.split(","))
    other = book.create_sheet("九月")
    for line in activities(settings, 2, {}):
        other.append(line.replace("HQ", "HS").split(","))
    path = tmp_path / "two-sheets.xlsx"
    book.save(path)
    problem = refused(settings, path, "volunteer_activities").problems[0]
    assert (problem.kind, problem.value) == ("sheets", "十月、九月")
    assert "十月、九月" in refused(settings, path, "volunteer_activities").summary("zh")
    done = cli("load", str(path), "--table", "volunteer_activities", "--sheet", "九月")
    assert done.returncode == 0, done.stderr
    assert rows(settings, "select count(*) from volunteer_activities where activity_id like 'H_%'") == [(2,)]
    assert refused(settings, path, "volunteer_activities", sheet="八月").problems[0].kind == "no_sheet"


def test_the_templates_guide_sheet_is_not_a_second_data_sheet(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_bytes("volunteer_activities", "zh", settings.seed_dir))
    book = load_workbook(path)
    for line in activities(settings, 2, {})[1:]:
        book.worksheets[0].append(line.split(","))
    book.save(path)
    assert load_file(settings, path, "volunteer_activities").added == 2


def test_an_xfd1048576_bomb_is_refused_in_seconds_without_the_writer_lock(settings: Settings, tmp_path: Path) -> None:
    rows_xml = inline_row(1, HEADER.split(",")) + inline_row(2, activities(settings, 1, {})[1].split(","))
    path = write_xlsx(tmp_path / "bomb.xlsx", {"数据": sheet_xml(rows_xml, "A1:XFD1048576")})
    assert path.stat().st_size < 5_000
    before = live_hash(settings)
    # The test holds the writer lock: a load that needed it would wait DASHBOARD_WRITE_WAIT (10 minutes) and
    # then be refused as busy; this one is refused for its size without ever asking for the lock.
    with writer_lock(settings):
        done = cli("load", str(path), "--table", "volunteer_activities", env={"DASHBOARD_WRITE_WAIT": "600"})
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert "数据!A1:XFD1048576" in first and "20,000,000" in first
    assert live_hash(settings) == before


def test_row_problems_are_found_without_the_writer_lock(settings: Settings, tmp_path: Path) -> None:
    impatient = Settings(**{**settings.__dict__, "write_wait": 0})
    lines = activities(settings, 3, {})
    lines[2] = lines[2].replace(",5,", ",五,")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with writer_lock(settings), pytest.raises(LoadRefused) as info:
        load_file(impatient, path, "volunteer_activities")
    assert [(p.line, p.kind) for p in info.value.problems] == [(3, "type")]


# Runs argv[2:] as its only child and writes that child's peak resident memory (KiB on Linux) to argv[1].
PEAK_RSS = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[2:]).returncode; "
            "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
            "sys.exit(code)")


def test_a_huge_shared_strings_table_is_refused_with_bounded_memory(settings: Settings, tmp_path: Path) -> None:
    count = 1_200_000  # over the cap of 1,000,000; a few MB zipped, as in the reported 3.4 and 6.7 MB files
    strings = "".join(f"<si><t>文本{i}</t></si>" for i in range(count))
    table = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}">{strings}</sst>'
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{r}</v></c></row>' for r in range(1, 1000))
    path = write_xlsx(tmp_path / "strings.xlsx", {"数据": sheet_xml(cells)}, table)
    report = tmp_path / "rss.txt"
    argv = [sys.executable, "-m", "dashboard", "load", str(path), "--table", "volunteer_activities"]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-c", PEAK_RSS, str(report), *argv], env=env, capture_output=True,
                          text=True, timeout=300, cwd=REPO_ROOT)
    assert done.returncode == 1
    assert "不同的文字超过 1,000,000 条" in done.stderr.splitlines()[0]
    peak_mb = int(report.read_text()) / 1024
    assert peak_mb < 500, f"the refused load peaked at {peak_mb:.0f} MB"


def test_a_file_name_that_is_not_utf8_gets_one_line(settings: Settings, tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/\xb2\xe2\xca\xd4.csv"  # 测试 in GBK: what an unzipped Windows archive holds
    with open(name, "w", encoding="utf-8") as handle:
        handle.write("\n".join(activities(settings, 1, {})) + "\n")
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "DASHBOARD_WARM_SECONDS": "0"}
    done = subprocess.run([sys.executable, "-m", "dashboard", "load", name, "--table", "volunteer_activities"],
                          env=environment, capture_output=True, timeout=300, cwd=REPO_ROOT)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0 and "Traceback" not in err, err
    assert len(out.strip().splitlines()) == 1 and "�" in out
    missing = subprocess.run([sys.executable, "-m", "dashboard", "load", name + b"x", "--table", "townships"],
                             env=environment, capture_output=True, timeout=300, cwd=REPO_ROOT)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr.decode()


def test_a_percent_written_in_a_csv_is_the_number_shown(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(",".join(FIGURES) + "\nHF3,满意度,Satisfaction,98.5%,percent,exact,0.1,测试,2018-10-25\n",
                    encoding="utf-8")
    assert load_file(settings, path, "published_figures").added == 1
    assert rows(settings, "select value from published_figures where figure_id = 'HF3'") == [(98.5,)]


def test_an_error_value_in_a_cell_is_refused_naming_it(settings: Settings, tmp_path: Path) -> None:
    sheet = inline_row(1, HEADER.split(",")) + inline_row(2, activities(settings, 1, {})[1].split(",")).replace(
        '<c r="G2" t="inlineStr"><is><t>5</t></is></c>', '<c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    path = write_xlsx(tmp_path / "error.xlsx", {"数据": sheet_xml(sheet)})
    problems = refused(settings, path, "volunteer_activities").problems
    assert [(p.kind, p.line, p.column, p.value, p.detail) for p in problems] == [
        ("cell_error", 2, "volunteers", "#DIV/0!", "G2")]


def test_workbooks_over_the_caps_are_refused_before_or_while_reading(settings: Settings, tmp_path: Path) -> None:
    small = Settings(**{**settings.__dict__, "xlsx_unzipped_mb": 1, "xlsx_cells": 100, "xlsx_strings_mb": 1})
    body = "".join(inline_row(r, [f"A{r}"] * 8) for r in range(1, 30))  # 232 cells, no dimension declared
    path = write_xlsx(tmp_path / "cells.xlsx", {"数据": sheet_xml(body)})
    assert refused(small, path, "volunteer_activities").problems[0].kind == "xlsx_cells"
    padding = "<!--" + "x" * 1_100_000 + "-->"  # unzips past 1 MB; compresses to almost nothing
    path = write_xlsx(tmp_path / "big.xlsx", {"数据": sheet_xml(inline_row(1, ["a"]) + padding)})
    assert path.stat().st_size < 20_000
    assert refused(small, path, "volunteer_activities").problems[0].kind == "xlsx_unzipped"
    table = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{padding[:900_000]}</sst>'
    path = write_xlsx(tmp_path / "strings.xlsx", {"数据": sheet_xml(inline_row(1, ["a"]))}, table + " " * 200_000)
    problem = refused(Settings(**{**small.__dict__, "xlsx_unzipped_mb": 5}), path, "volunteer_activities").problems[0]
    assert problem.kind == "xlsx_strings_mb"


def test_a_row_the_write_would_lose_refuses_the_whole_file(settings: Settings, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.warehouse import load

    apply_rows = load._apply

    def losing(con: duckdb.DuckDBPyConnection, *args: object) -> tuple[int, int, int]:
        """Apply the rows as usual, then lose one, as a faulty change would, and report them all."""
        counts = apply_rows(con, *args)
        con.execute("delete from volunteer_activities where activity_id = 'HQ5'")
        return counts

    monkeypatch.setattr(load, "_apply", losing)
    path = tmp_path / "ten.csv"
    path.write_text("\n".join(activities(settings, 10, {})) + "\n", encoding="utf-8")
    problem = refused(settings, path, "volunteer_activities").problems[0]
    assert (problem.kind, problem.line, problem.value, problem.detail) == ("unaccounted", 5, "10", "9")
