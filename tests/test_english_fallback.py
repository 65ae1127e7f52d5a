"""An English page shows the Chinese text where a record's English name, summary or label was left empty."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dashboard.base.settings import REPO_ROOT, Settings, load_settings
from dashboard.engine.runner import Runner
from dashboard.query.registry import load_registry
from dashboard.warehouse.build import build_snapshot
from tests.conftest import FIXTURES
from tests.test_queries import EMPTY_IN_FIXTURE

# One new place of each level, a key project, a work and a demand, each with its English column left empty.
TOWNSHIP = ("township_id,name_zh,name_en,kind,area\n"
            "T09,新兴街道,,subdistrict,urban\n")
COMMUNITY = ("community_id,township_id,name_zh,name_en,kind,area,is_key_village,is_poor_village,is_model_community,"
             "households,population\n"
             "C0909,T09,新苑社区,,community,urban,否,否,否,800,2100\n")
KEY_PROJECT = ("key_project_id,name_zh,name_en,category,planned_start,planned_end,actual_start,status\n"
               "K90,新苑院落提升,,old_courtyard,2018-01-01,2018-12-31,2018-02-01,in_progress\n")
WORK = ("project_id,key_project_id,category,name_zh,name_en,township_id,community_id,stage,status,planned_start,"
        "planned_end,actual_start,actual_end,budget_wan,spent_wan,households_benefited\n"
        "P0909,K90,old_courtyard,新苑一号院改造,,T09,C0909,completed,completed,2018-02-01,2018-06-30,2018-02-10,"
        "2018-06-20,120.00,118.00,64\n")
DEMAND = ("demand_id,community_id,received_on,channel,category,summary_zh,summary_en,status,key_project_id,"
          "project_id\n"
          "D09090,C0909,2018-01-15,household_visit,housing_repair,院内管网老化，希望改造,,resolved,K90,P0909\n")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m dashboard ...` as a clerk's shell would, against the warehouse the environment names."""
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, cwd=REPO_ROOT,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=120, check=False)


def load(tmp_path: Path, table: str, text: str) -> None:
    """Load one CSV into a table through the CLI, as docs/commands.md shows."""
    path = tmp_path / f"{table}.csv"
    path.write_text(text, encoding="utf-8")
    done = cli("load", str(path), "--table", table)
    assert done.returncode == 0, done.stdout + done.stderr


def english(settings: Settings, query_id: str, **params: Any) -> pd.DataFrame:
    """Return the rows an English page gets from a query file, with the given parameters."""
    spec = load_registry(settings.queries_dir).get(query_id)
    return Runner(settings).run(spec, {**params, "lang": "en"}).frame


def row_of(frame: pd.DataFrame, column: str, value: str) -> dict[str, Any]:
    """Return the one row whose column holds value."""
    found = frame[frame[column] == value]
    assert len(found) == 1, f"expected one row with {column} = {value}, got\n{frame.to_string()}"
    return found.iloc[0].to_dict()


@pytest.fixture(scope="module")
def unnamed_in_english(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Return a private fixture warehouse with those five records loaded by the CLI, as a clerk would."""
    # Built once for the module, as conftest's `settings` builds one per test: each load is a process of its own.
    base = tmp_path_factory.mktemp("no-english-loaded")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_VAR_DIR", str(base / "var"))
        patch.setenv("DASHBOARD_SEED_DIR", str(FIXTURES))
        settings = load_settings()
        build_snapshot(settings, FIXTURES, "test build of fixtures")
        for table, text in (("townships", TOWNSHIP), ("communities", COMMUNITY), ("key_projects", KEY_PROJECT),
                            ("projects", WORK), ("resident_demands", DEMAND)):
            load(base, table, text)
        yield settings


def test_the_loaded_records_hold_no_english(unnamed_in_english: Settings) -> None:
    frame = Runner(unnamed_in_english).run_sql(
        "select (select name_en from townships where township_id = 'T09') as township,"
        " (select name_en from communities where community_id = 'C0909') as community,"
        " (select name_en from key_projects where key_project_id = 'K90') as key_project,"
        " (select name_en from projects where project_id = 'P0909') as work,"
        " (select summary_en from resident_demands where demand_id = 'D09090') as summary").frame
    assert frame.isna().all(axis=None), "the loads kept the English columns empty, so the fallback is what is tested"


def test_the_voice_page_names_them_in_chinese(unnamed_in_english: Settings) -> None:
    settings = unnamed_in_english
    assert row_of(english(settings, "voice/community_options"), "community_id", "C0909")["community"] == "新苑社区"
    assert row_of(english(settings, "voice/key_project_options"), "key_project_id", "K90")["key_project"] == \
        "新苑院落提升"
    assert "新苑一号院改造" in set(english(settings, "voice/work_options", key_project="K90")["work"])
    demand = row_of(english(settings, "voice/demands_of_community", community="C0909"), "demand_id", "D09090")
    assert (demand["summary"], demand["key_project"], demand["work"]) == (
        "院内管网老化，希望改造", "新苑院落提升", "新苑一号院改造")
    adopted = row_of(english(settings, "voice/demands_for_project", key_project="K90"), "demand_id", "D09090")
    assert (adopted["summary"], adopted["township"], adopted["community"], adopted["work"]) == (
        "院内管网老化，希望改造", "新兴街道", "新苑社区", "新苑一号院改造")
    assert "新兴街道" in set(english(settings, "voice/demands_by_township")["township"])


def test_the_renovation_page_and_the_breakdowns_name_them_in_chinese(unnamed_in_english: Settings) -> None:
    settings = unnamed_in_english
    work = row_of(english(settings, "renovation/projects", search="P0909"), "project_id", "P0909")
    assert (work["work"], work["key_project"], work["township"], work["community"]) == (
        "新苑一号院改造", "新苑院落提升", "新兴街道", "新苑社区")
    assert "新兴街道" in set(english(settings, "renovation/works_by_township")["township"])
    place = row_of(english(settings, "indicators/city_change/old_courtyards__by_community"), "community", "新苑社区")
    assert place["township"] == "新兴街道"
    assert "新兴街道" in set(english(settings, "reference/townships")["township"])


def without_english(source: Path, target: Path) -> Path:
    """Copy the fixture CSVs to target with every English column (*_en) emptied."""
    target.mkdir()
    for path in source.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            fields, rows = list(reader.fieldnames or []), list(reader)
        with (target / path.name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows({k: "" if k.endswith("_en") else v for k, v in row.items()} for row in rows)
    return target


@pytest.fixture(scope="module")
def chinese_only(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A warehouse of the fixture records with no English text at all."""
    base = tmp_path_factory.mktemp("chinese-only")
    settings = Settings(**{**load_settings().__dict__, "var_dir": base / "var"})
    build_snapshot(settings, without_english(FIXTURES, base / "csv"), "fixture records without English")
    return settings


def blanks(column: pd.Series) -> int:
    """Count the cells a reader would see as empty: null, blank, or the words None and nan."""
    return int((column.isna() | column.astype(str).str.strip().isin(["", "None", "nan"])).sum())


def test_no_query_gives_an_english_reader_less_text_than_a_chinese_one(chinese_only: Settings) -> None:
    """With every English column empty, each text column of every query has its values in English as in Chinese."""
    registry = load_registry(REPO_ROOT / "queries")
    runner = Runner(chinese_only)
    checked: list[str] = []
    for query_id in sorted(registry.specs):
        spec = registry.get(query_id)
        if "lang" not in spec.params:
            continue
        # The fixture's months hold fewer answers than the default minimum sample, which would hide every cell.
        extra = {"min_n": 1} if "min_n" in spec.params else {}
        zh = runner.run(spec, {**extra, "lang": "zh"}).frame
        en = runner.run(spec, {**extra, "lang": "en"}).frame
        assert len(zh) == len(en), query_id
        for column in zh.select_dtypes(include=["object", "string"]).columns:
            assert blanks(en[column]) == blanks(zh[column]), (
                f"{query_id}: {column} is empty in {blanks(en[column])} English rows, {blanks(zh[column])} Chinese")
        checked += [query_id] * (len(en) > 0)
    named = {query_id for query_id, spec in registry.specs.items() if "lang" in spec.params}
    assert named - set(checked) <= set(EMPTY_IN_FIXTURE), "a query gave no rows, so its names were not checked"
