"""Templates a clerk can fill: places by name, English optional, guide words = drop-down words, a readable preview."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.runner import Runner
from dashboard.present.codes import code_label
from dashboard.warehouse import snapshot
from dashboard.warehouse.dictionary import loadable_tables
from dashboard.warehouse.load import load_file, shown_preview
from dashboard.warehouse.problems import LoadRefused
from dashboard.warehouse.template import template_bytes

DEMANDS = "demand_id,community_id,received_on,channel,category,summary_zh,summary_en,status\n"
COMMUNITY = ("community_id,township_id,name_zh,name_en,kind,area,is_key_village,is_poor_village,is_model_community,"
             "households,population\n")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m dashboard ...` as a clerk's shell would, against the warehouse the environment names."""
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, cwd=REPO_ROOT,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=120, check=False)


def rows(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    """Return the rows a query gives on the live snapshot."""
    return [tuple(r) for r in Runner(settings).run_sql(sql).frame.itertuples(index=False)]


def place(settings: Settings, name_zh: str) -> tuple[str, str, str]:
    """Return (community id, township id, township name) of the one stored community of that name."""
    found = rows(settings, "select c.community_id, c.township_id, t.name_zh from communities as c "
                           f"join townships as t using (township_id) where c.name_zh = '{name_zh}'")
    assert len(found) == 1
    return tuple(str(v) for v in found[0])  # type: ignore[return-value]


def second_namesake(settings: Settings, tmp_path: Path, name_zh: str) -> tuple[str, str]:
    """Load, by the CLI, a community named like an existing one in another township written by its name."""
    _, home, _ = place(settings, name_zh)
    other_id, other_name, area = next((str(i), str(n), str(a)) for i, n, a in rows(
        settings, "select township_id, name_zh, area from townships order by 1") if i != home)
    path = tmp_path / "村社.csv"
    path.write_text(COMMUNITY + f"CNEW,{other_name},{name_zh},,village,{area},否,否,否,120,360\n", encoding="utf-8")
    done = cli("load", str(path), "--table", "communities")
    assert done.returncode == 0, done.stderr
    assert rows(settings, "select township_id, name_en from communities where community_id = 'CNEW'") == [
        (other_id, None)], "the township written by name is stored as its id; the English name stays empty"
    return "CNEW", other_name


def test_community_names_load_and_store_ids(settings: Settings, tmp_path: Path) -> None:
    qingshui, _, _ = place(settings, "清水村")
    other, _, _ = place(settings, "政府街社区")
    path = tmp_path / "诉求.csv"
    path.write_text(DEMANDS + "N1,清水村,2018-10-20,入户走访,道路,修路,,已收到\n"
                              f"N2, 政府街社区 ,2018/10/21,调查问卷,养老,增设日间照料,,已采纳\n"
                              f"N3,{other.lower()},2018-10-22,调查问卷,养老,助餐,,已采纳\n", encoding="utf-8")
    done = cli("load", str(path), "--table", "resident_demands")
    assert done.returncode == 0, done.stderr
    assert rows(settings, "select demand_id, community_id, summary_en from resident_demands "
                          "where demand_id like 'N_' order by 1") == [
        ("N1", qingshui, None), ("N2", other, None), ("N3", other, None)]


def test_an_ambiguous_name_is_refused_with_its_candidates_and_nothing_changes(settings: Settings,
                                                                            tmp_path: Path) -> None:
    first, _, first_town = place(settings, "清水村")
    second, second_town = second_namesake(settings, tmp_path, "清水村")
    live = snapshot.current_snapshot_id(settings)
    path = tmp_path / "诉求.csv"
    path.write_text(DEMANDS + "N1,C0001,2018-10-20,入户走访,道路,修路,,已收到\n"
                              "N2,清水村,2018-10-20,入户走访,道路,修路,,已收到\n", encoding="utf-8")
    done = cli("load", str(path), "--table", "resident_demands")
    assert done.returncode != 0
    assert "第 3 行 · 村社编号 (community_id)" in done.stdout + done.stderr
    assert (f"「清水村」有 2 处：{second_town} 清水村（{second}）、{first_town} 清水村（{first}），请填写编号"
            in done.stdout + done.stderr) or (f"{first_town} 清水村（{first}）、{second_town} 清水村（{second}）"
                                               in done.stdout + done.stderr)
    assert snapshot.current_snapshot_id(settings) == live
    assert rows(settings, "select count(*) from resident_demands where demand_id like 'N_'") == [(0,)]


def test_a_community_is_looked_up_in_the_rows_township(settings: Settings, tmp_path: Path) -> None:
    first, first_town_id, first_town = place(settings, "清水村")
    second, _ = second_namesake(settings, tmp_path, "清水村")
    elsewhere = next(str(t) for (t,) in rows(settings, "select township_id from townships order by 1")
                     if t not in {first_town_id, *(r[0] for r in rows(
                         settings, f"select township_id from communities where community_id = '{second}'"))})
    path = tmp_path / "设施.csv"
    path.write_text("facility_id,community_id,township_id,kind,status\n"
                    f"F1,清水村,{first_town},养老设施,已完成\n"
                    f"F2,清水村,{elsewhere},养老设施,已完成\n"
                    "F3,清水不存在村,,养老设施,已完成\n", encoding="utf-8")
    done = cli("load", str(path), "--table", "facilities", "--check")
    out = done.stdout + done.stderr
    assert done.returncode != 0
    assert "本行所填街镇没有「清水村」" in out and f"（{first}）" in out and f"（{second}）" in out, out
    assert "「清水不存在村」不是已有村（社区）的编号或名称" in out
    assert not any(line.split("\t")[1:2] == ["2"] for line in out.splitlines()), "row 2 resolves in its township"


def test_english_ambiguity_in_the_demo_data(demo_settings: Settings, tmp_path: Path) -> None:
    shared = rows(demo_settings, "select name_en, list(community_id order by community_id) from communities "
                                 "group by 1 having count(*) > 1 order by 1 limit 1")
    assert shared, "the demo has communities whose English names are the same"
    name, ids = shared[0]
    path = tmp_path / "visits.csv"
    path.write_text(f"visit_id,community_id,visited_on,issues_raised\nV1,{name},2018-10-01,1\n", encoding="utf-8")
    with pytest.raises(LoadRefused) as info:
        load_file(demo_settings, path, "household_visits", dry_run=True)
    reason = info.value.problems[0].reason("en")
    assert f"names {len(ids)} places" in reason and all(f"({i})" in reason for i in ids), reason


def test_a_cli_template_filled_with_names_and_no_english_loads(settings: Settings, tmp_path: Path) -> None:
    book_path = tmp_path / "诉求模板.xlsx"
    made = cli("template", "resident_demands", "--out", str(book_path))
    assert made.returncode == 0, made.stderr
    book = load_workbook(book_path)
    data = book.worksheets[0]
    headers = [c.value for c in data[1]]
    words = guide_words(book)
    filled = {"demand_id": "T1", "community_id": "清水村", "received_on": dt.date(2018, 10, 20),
              "channel": words["channel"][1], "category": words["category"][0], "summary_zh": "路灯不亮",
              "status": words["status"][0]}
    for index, header in enumerate(headers, start=1):
        name = str(header).rsplit("(", 1)[1].rstrip(")")
        data.cell(row=2, column=index, value=filled.get(name))
    book.save(book_path)
    done = cli("load", str(book_path), "--table", "resident_demands")
    assert done.returncode == 0, done.stderr
    qingshui, _, _ = place(settings, "清水村")
    stored = rows(settings, "select community_id, received_on, channel, status, summary_en from resident_demands "
                            "where demand_id = 'T1'")
    assert [(r[0], str(r[1])[:10], r[2], r[3], r[4]) for r in stored] == [
        (qingshui, "2018-10-20", "household_visit", "received", None)]


def guide_words(book: object) -> dict[str, list[str]]:
    """Return each column's words as the guide sheet lists them (its 'name = code' cell, one per line)."""
    guide = book.worksheets[1]  # type: ignore[attr-defined]
    listed: dict[str, list[str]] = {}
    for row in guide.iter_rows(min_row=2, values_only=True):
        if row[1] and row[5]:
            listed[row[1]] = [line.split(" = ")[0] for line in str(row[5]).split("\n")]
    return listed


def dropdown_words(book: object) -> dict[str, list[str]]:
    """Return each data column's drop-down words, read from the cells its validation refers to."""
    data = book.worksheets[0]  # type: ignore[attr-defined]
    names = {c.column_letter: str(c.value).rsplit("(", 1)[1].rstrip(")") for c in data[1]}
    found: dict[str, list[str]] = {}
    for validation in data.data_validations.dataValidation:
        sheet, cells = validation.formula1.split("!")
        source = book[sheet.strip("'")]  # type: ignore[index]
        words = [c.value for row in source[cells.replace("$", "")] for c in row]
        found[names[str(validation.sqref).split(":")[0].rstrip("0123456789")]] = words
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_guide_lists_exactly_the_drop_down_words(lang: str) -> None:
    for table in loadable_tables():
        book = load_workbook(io.BytesIO(template_bytes(table, lang)))
        assert dropdown_words(book) == guide_words(book), table


def test_english_columns_are_optional_in_the_template() -> None:
    book = load_workbook(io.BytesIO(template_bytes("resident_demands", "zh")))
    required = {row[1]: row[4] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert (required["summary_zh"], required["summary_en"]) == ("是", "否")
    shaded = {str(c.value): c.fill.fgColor.rgb for c in book.worksheets[0][1]}
    assert shaded["英文摘要 (summary_en)"] != shaded["诉求内容 (summary_zh)"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_preview_speaks_the_readers_language(settings: Settings, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "诉求.csv"
    path.write_text(DEMANDS + "N1,清水村,2018-10-20,household_visit,roads,修路,,received\n", encoding="utf-8")
    result = load_file(settings, path, "resident_demands", dry_run=True)
    shown = dict(zip(result.preview.columns, shown_preview(result, lang).iloc[0].tolist(), strict=True))
    qingshui, _, _ = place(settings, "清水村")
    assert shown["received_on"] == dt.date(2018, 10, 20) and "00:00:00" not in str(shown["received_on"])
    assert (shown["channel"], shown["category"]) == (code_label("channel", "household_visit", lang),
                                                     code_label("category", "roads", lang))
    assert shown["status"] == code_label("status", "received", lang) != "received"
    assert qingshui in shown["community_id"] and ("清水村" in shown["community_id"]) == (lang == "zh")
    assert list(shown_preview(result, lang).columns)[1] == ("Demand ID" if lang == "en" else "诉求编号")
