"""Analyst tools without the UI: downloads, quick charts, parameter pre-fill, the schema queries, and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.adhoc import numeric_columns, quick_chart, suggest_chart
from dashboard.engine.runner import Runner
from dashboard.present.downloads import csv_bytes, xlsx_bytes
from dashboard.query.params import initial_values, township_for_communities, widget_params
from dashboard.query.registry import load_registry
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import QueryFileError, parse_query_text
from dashboard.warehouse import snapshot
from dashboard.warehouse.schema import SCHEMA_FILE, table_names

HEADER = "/*---\ntitle: {zh: 测试, en: Test}\nsource: demo\nparams:\n%s---*/\nselect %s\n"


def spec_with(params: str, select: str) -> object:
    """Parse a small query file text with the given params block and select list."""
    return parse_query_text(HEADER % (params, select), query_id="t/q", path=Path("t/q.sql"))


def test_xlsx_keeps_chinese_headers_values_and_text_that_looks_like_a_formula() -> None:
    frame = pd.DataFrame({"街镇": ["简城街道", "=HYPERLINK(\"http://x\")"], "需求数": [12, None],
                          "月份": pd.to_datetime(["2018-01-01", "2018-02-01"])})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, {"来源": "演示数据"})))
    rows = list(book["data"].iter_rows(values_only=True))
    assert rows[0] == ("街镇", "需求数", "月份")
    assert rows[1] == ("简城街道", 12, dt.datetime(2018, 1, 1))
    assert rows[2][0] == "=HYPERLINK(\"http://x\")" and book["data"]["A3"].data_type == "s"
    assert rows[2][1] is None
    assert list(book["about"].values) == [("来源", "演示数据")]


def test_xlsx_of_a_labelled_query_has_the_chinese_headers_the_reader_sees(fixture_settings: Settings) -> None:
    spec = load_registry(fixture_settings.queries_dir).get("reference/schema_tables")
    frame = Runner(fixture_settings).run(spec, {"lang": "zh"}).frame
    shown = frame.rename(columns=spec.chart.column_labels("zh"))
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(shown)))
    assert next(book["data"].iter_rows(values_only=True)) == ("名称", "类型", "行数", "列数", "说明")


def test_csv_starts_with_a_byte_order_mark_for_excel() -> None:
    data = csv_bytes(pd.DataFrame({"街镇": ["简城街道"]}))
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig").splitlines() == ["街镇", "简城街道"]


def test_quick_chart_suggests_categories_by_the_first_number() -> None:
    frame = pd.DataFrame({"township": ["a", "b"], "flag": [True, False], "n": [1, 2], "share": [0.5, 0.5]})
    assert numeric_columns(frame) == ["n", "share"]
    chart = suggest_chart(frame)
    assert chart is not None and (chart.type, chart.x, chart.y) == ("bar", "township", ("n",))
    assert suggest_chart(pd.DataFrame({"name": ["a"]})) is None
    assert quick_chart("pie", "township", ["n", "share"], "township").y == ("n",)
    assert quick_chart("pie", "township", ["n"], "township").color is None
    assert quick_chart("line", None, ["n"], None) is None


def test_sidebar_filters_prefill_parameters_of_the_same_name_else_defaults() -> None:
    spec = spec_with("  township: {type: township, default: null}\n  community: {type: community, default: null}\n"
                     "  month_from: {type: month, default: 2018-03-01}\n  lang: {type: lang, default: zh}\n",
                     "$township, $community, $month_from, $lang")
    assert [p.name for p in widget_params(spec)] == ["township", "community", "month_from"]
    plain = initial_values(spec, Scope(lang="en"))
    assert plain == {"township": None, "community": None, "month_from": dt.date(2018, 3, 1), "lang": "en"}
    scoped = initial_values(spec, Scope(township="T02", month_from=dt.date(2018, 5, 1)))
    assert scoped["township"] == "T02" and scoped["month_from"] == dt.date(2018, 5, 1)
    assert township_for_communities(spec, {"township": "T03"}, Scope(township="T01")) == "T03"


def test_choice_parameters_need_options_that_contain_the_default() -> None:
    spec = spec_with("  kind: {type: choice, default: village, options: {village: {zh: 村, en: Village}, "
                     "community: {zh: 社区, en: Community}}}\n", "$kind")
    assert spec.params["kind"].options == ("village", "community")
    assert spec.params["kind"].option_label("village", "en") == "Village"
    with pytest.raises(QueryFileError, match="needs options"):
        spec_with("  kind: {type: choice, default: null}\n", "$kind")
    with pytest.raises(QueryFileError, match="not one of its options"):
        spec_with("  kind: {type: choice, default: town, options: [village]}\n", "$kind")


def test_schema_browser_counts_rows_and_describes_every_table_and_view(fixture_settings: Settings) -> None:
    registry = load_registry(fixture_settings.queries_dir)
    runner = Runner(fixture_settings)
    zh = runner.run(registry.get("reference/schema_tables"), {"lang": "zh"}).frame.set_index("table_name")
    en = runner.run(registry.get("reference/schema_tables"), {"lang": "en"}).frame.set_index("table_name")
    tables = table_names()
    views = re.findall(r"^create view (\w+)", SCHEMA_FILE.read_text(encoding="utf-8"), re.M)
    macros = re.findall(r"^create macro (\w+)\(.*\) as table$", SCHEMA_FILE.read_text(encoding="utf-8"), re.M)
    assert views and macros and list(zh.index) == sorted(tables) + sorted(views) + sorted(macros)
    assert set(zh.loc[views, "kind"]) == {"视图"} and set(en.loc[views, "kind"]) == {"view"}
    assert set(zh.loc[macros, "kind"]) == {"表宏"} and set(en.loc[macros, "kind"]) == {"macro"}
    assert zh.loc[views + macros, "row_count"].isna().all()  # views and macros store no rows to count
    cursor, _ = runner.connection()
    for table in tables:
        count = cursor.execute(f"select count(*) from {table}").fetchone()[0]  # table names come from schema.sql
        assert zh.loc[table, "row_count"] == count, table
    cursor.close()
    for name in tables + views + macros:
        assert zh.loc[name, "description"] and en.loc[name, "description"], f"{name} has no description"
        assert zh.loc[name, "description"] != en.loc[name, "description"]
    columns = runner.run(registry.get("reference/schema_columns"), {"table_name": "communities", "lang": "en"}).frame
    assert set(columns["table_name"]) == {"communities"}
    assert columns.set_index("column_name").loc["households", "description"].startswith("Households: ")
    located = runner.run(registry.get("reference/schema_columns"), {"table_name": "projects_located", "lang": "en"})
    assert located.frame.set_index("column_name").loc["area", "description"] == "Urban or rural, by the work's township"


def test_sql_command_prints_rows_or_one_error_line(fixture_settings: Settings, capsys: pytest.CaptureFixture) -> None:
    from dashboard.cli import main

    expected = Runner(fixture_settings).run_sql("select count(*) as n from townships").frame["n"].iloc[0]
    assert main(["sql", "select count(*) as n from townships"]) == 0
    assert capsys.readouterr().out.split() == ["n", str(expected)]
    path = snapshot.current_snapshot_path(fixture_settings)
    before = path.read_bytes()
    assert main(["sql", "copy townships to 'out.csv'", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Only statements that read run here") and "COPY" in err
    assert path.read_bytes() == before and not Path("out.csv").exists()


def test_queries_new_scaffolds_a_file_that_passes_check_and_never_overwrites(
        fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    from dashboard.cli import main

    queries = tmp_path / "queries"
    shutil.copytree(REPO_ROOT / "queries", queries)
    monkeypatch.setenv("DASHBOARD_QUERIES_DIR", str(queries))
    assert main(["queries", "new", "voice/demands_by_month"]) == 0
    created = queries / "voice" / "demands_by_month.sql"
    assert created.exists()
    total = len(list(queries.rglob("*.sql")))
    assert main(["queries", "check"]) == 0
    assert f"{total} of {total} query files OK" in capsys.readouterr().out
    created.write_text(created.read_text(encoding="utf-8") + "-- my edits\n", encoding="utf-8")
    edited = created.read_bytes()
    assert main(["queries", "new", "voice/demands_by_month"]) == 1
    assert "already exists" in capsys.readouterr().err and created.read_bytes() == edited
    for bad in ("Demands", "no_section", "../outside/x", "voice/Bad-Name"):
        assert main(["queries", "new", bad]) == 1
    assert len(list(queries.rglob("*.sql"))) == total and not (tmp_path / "outside").exists()
