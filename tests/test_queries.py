"""Contract over every query file: it parses, runs on the fixture warehouse, and yields its chart's columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.cli.query_check import check_spec
from dashboard.engine.runner import Runner
from dashboard.query.registry import load_registry
from dashboard.query.scope import Scope

# Every query id: a file's path, or each of its variants (a broken file keeps its ids among the errors).
_REGISTRY = load_registry(REPO_ROOT / "queries")
IDS = sorted({*_REGISTRY.specs, *_REGISTRY.errors})


@pytest.mark.parametrize("query_id", IDS)
def test_query_file_parses_runs_and_has_chart_columns(query_id: str, fixture_settings: Settings) -> None:
    registry = load_registry(fixture_settings.queries_dir)
    assert query_id not in registry.errors, str(registry.errors.get(query_id))
    spec = registry.get(query_id)
    assert check_spec(spec, Runner(fixture_settings)) is None


# Queries the fixture warehouse holds no rows for, each with the SQL that shows it independently of the query.
EMPTY_IN_FIXTURE = {
    "indicators/city_change/shantytown_households__by_community":
        "select count(*) from projects where category = 'shantytown'",
}


def selections(runner: Runner) -> list[Scope]:
    """Return each township with its own urban/rural area, over the whole programme and over one half year."""
    towns = runner.run_sql("select township_id, area from townships order by township_id").frame
    periods = [(None, None), (dt.date(2018, 1, 1), dt.date(2018, 6, 1))]
    return [Scope(month_from=first, month_to=last, township=township, area=area, lang="en")
            for township, area in towns.itertuples(index=False) for first, last in periods]


@pytest.mark.parametrize("query_id", IDS)
def test_query_file_runs_under_every_global_filter(query_id: str, fixture_settings: Settings) -> None:
    spec = load_registry(fixture_settings.queries_dir).get(query_id)
    runner = Runner(fixture_settings)
    rows = 0
    for scope in selections(runner):
        # The fixture's months hold fewer answers than the default minimum sample, which would hide every cell.
        params = {**scope.params(), **({"min_n": 1} if "min_n" in spec.params else {})}
        result = runner.run(spec, params)
        assert set(spec.chart.columns()) <= set(result.frame.columns), scope
        rows += len(result.frame)
    if spec.section == "checks":
        assert rows == 0, "a data check lists rows breaking its rule; the fixture passed every check when built"
    elif query_id in EMPTY_IN_FIXTURE:
        assert runner.run_sql(EMPTY_IN_FIXTURE[query_id]).frame.iloc[0, 0] == 0
        assert rows == 0
    else:
        assert rows > 0, "no rows under any township and urban/rural selection: does a filter drop every row?"


def test_queries_check_command_passes_on_fixture(fixture_settings: Settings, capsys: pytest.CaptureFixture) -> None:
    from dashboard.cli import main

    assert main(["queries", "check"]) == 0
    # A file with variants gives several ids: the line counts the files and, apart, the queries.
    files = len(list((REPO_ROOT / "queries").rglob("*.sql")))
    assert f"{files} of {files} query files OK ({len(IDS)} of {len(IDS)} queries)" in capsys.readouterr().out


def test_queries_check_names_a_broken_file(fixture_settings: Settings, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from dashboard.cli import main

    (tmp_path / "ok.sql").write_text("/*---\ntitle: {zh: 好, en: Good}\nsource: demo\n---*/\nselect 1 as n\n")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "chart.sql").write_text(
        "/*---\ntitle: {zh: 坏, en: Bad}\nchart: {type: bar, x: month, y: total}\nsource: demo\n---*/\n"
        "select 1 as n\n")
    monkeypatch.setenv("DASHBOARD_QUERIES_DIR", str(tmp_path))
    assert main(["queries", "check"]) == 1
    out = capsys.readouterr().out
    assert "bad/chart.sql: chart column(s) ['month', 'total'] not in the result columns ['n']" in out
    assert "1 of 2 query files OK (1 of 2 queries)" in out


def test_queries_check_without_a_warehouse_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture) -> None:
    from dashboard.cli import main

    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(tmp_path / "empty"))
    assert main(["queries", "check"]) == 1
    assert capsys.readouterr().err.strip() == "cannot check queries: no warehouse yet: run `python -m dashboard build`"
