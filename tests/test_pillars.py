"""Indicator queries as a set: enough per pillar, published targets traced to the report, companions that run,
and the glue from query results to assessments."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.cli.query_check import check_spec
from dashboard.engine.runner import Runner
from dashboard.metrics.indicators import PaceConfig
from dashboard.metrics.pillars import (
    assess,
    evaluation_day,
    indicator_specs,
    series_points,
    suppress_small,
)
from dashboard.present.pillar_tables import indicator_table
from dashboard.query.folders import load_folder_defaults
from dashboard.query.registry import load_registry
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import PILLARS, QuerySpec, parse_query_file

REGISTRY = load_registry(REPO_ROOT / "queries")
INDICATORS = [spec for specs in indicator_specs(REGISTRY).values() for spec in specs]
PUBLISHED = {row["figure_id"]: row for row in csv.DictReader(
    (REPO_ROOT / "data" / "seed" / "published_figures.csv").open(encoding="utf-8"))}


def test_every_pillar_has_at_least_five_indicators() -> None:
    counts = {pillar: len(specs) for pillar, specs in indicator_specs(REGISTRY).items()}
    assert set(counts) == set(PILLARS)
    assert all(n >= 5 for n in counts.values()), counts


@pytest.mark.parametrize("spec", [s for s in INDICATORS if s.indicator and s.indicator.target.published],
                         ids=lambda s: s.query_id)
def test_published_target_is_the_reports_figure(spec: QuerySpec) -> None:
    target = spec.indicator.target
    figure = PUBLISHED[target.figure]
    assert target.value == float(figure["value"])
    assert spec.indicator.pillar == figure["pillar"]
    assert target.precision in (None, float(figure["precision"])), "a stated precision is the report's"


def test_every_declared_community_query_exists() -> None:
    assert all(s.indicator and s.indicator.communities in REGISTRY.specs for s in INDICATORS)
    assert all(s.indicator and s.indicator.communities for s in INDICATORS), "each indicator has a community table"


@pytest.mark.parametrize("spec", INDICATORS, ids=lambda s: s.query_id)
def test_community_query_returns_community_and_value_under_filters(spec: QuerySpec, fixture_settings: Settings) -> None:
    companion = REGISTRY.get(spec.indicator.communities)
    runner = Runner(fixture_settings)
    for scope in (Scope(), Scope(township="T03", area="rural", month_to=dt.date(2018, 6, 1), lang="en")):
        frame = runner.run(companion, scope.params()).frame
        assert {"community", "value"} <= set(frame.columns)


def test_indicator_docs_list_every_indicator() -> None:
    docs = (REPO_ROOT / "docs" / "analysts" / "indicators.md").read_text(encoding="utf-8")
    # A variant is listed by its file and its name (`survey.sql` (variant `resident_perception/satisfaction`)).
    listed = {s.query_id: f"`{s.path.relative_to(REPO_ROOT).as_posix()}`" + (
        f" (variant `{s.query_id.removeprefix(s.path.parent.relative_to(REPO_ROOT / 'queries').as_posix() + '/')}`)"
        if s.fixed else "") for s in INDICATORS}
    missing = [query_id for query_id, text in listed.items() if text not in docs]
    assert missing == []


def test_city_values_of_published_targets_equal_the_recomputed_published_figures(demo_settings: Settings) -> None:
    runner = Runner(demo_settings)
    computed = runner.run(REGISTRY.get("published/figures")).frame.set_index("figure_id")["computed_value"]
    as_of = runner.run_sql("select max(as_of) from snapshot_info").frame.iloc[0, 0]
    checked = 0
    for spec in INDICATORS:
        if not spec.indicator.target.published:
            continue
        frame = runner.run(spec).frame
        result = assess(spec, frame, pd.Timestamp(as_of).date(), PaceConfig(), demo_settings.min_sample)
        assert result.evaluation.current == pytest.approx(computed[spec.indicator.target.figure]), spec.query_id
        checked += 1
    assert checked >= 10


def test_small_samples_are_hidden_and_counted() -> None:
    frame = pd.DataFrame({"period": pd.to_datetime(["2018-01-01", "2018-02-01", "2018-03-01"]),
                          "value": [3.0, 4.0, None], "n": [40, 12, 0]})
    points, hidden = series_points(frame, min_sample=30)
    assert points == [(dt.date(2018, 1, 1), 3.0)]
    assert hidden == 1
    table = suppress_small(pd.DataFrame({"community": ["a", "b"], "value": [3.5, 4.5], "n": [31, 29]}), 30)
    assert table["value"].isna().tolist() == [False, True] and table["n"].tolist() == [31, 29]


def test_plan_share_scales_a_declared_baseline_and_target_but_not_a_measured_one() -> None:
    spec = REGISTRY.get("indicators/city_change/old_courtyards")  # baseline 0, target 19 by 2018-10-25
    frame = pd.DataFrame({"period": pd.to_datetime(["2018-05-01", "2018-06-01"]), "value": [1.0, 3.0],
                          "plan_share": [0.25, 0.25]})
    result = assess(spec, frame, dt.date(2018, 6, 30), PaceConfig(), 30)
    assert result.evaluation.path.target_value == pytest.approx(4.75)
    assert result.apportioned
    # 2017-09-01 .. 2018-10-25 is 419 days; 2018-06-30 is day 302: expected 4.75 * 302/419
    assert result.evaluation.expected == pytest.approx(4.75 * 302 / 419)
    measured = REGISTRY.get("indicators/social_recognition/volunteer_teams")  # measured baseline, target 890
    frame = pd.DataFrame({"period": pd.to_datetime(["2017-09-01", "2018-10-01"]), "value": [40.0, 60.0],
                          "plan_share": [0.05, 0.05]})
    path = assess(measured, frame, dt.date(2018, 10, 25), PaceConfig(), 30).evaluation.path
    assert (path.baseline_value, path.target_value) == (40.0, pytest.approx(44.5))


def test_a_selection_without_any_of_the_plan_has_no_data() -> None:
    spec = REGISTRY.get("indicators/city_change/shantytown_households")
    frame = pd.DataFrame({"period": pd.to_datetime(["2018-05-01"]), "value": [0.0], "plan_share": [0.0]})
    result = assess(spec, frame, dt.date(2018, 10, 25), PaceConfig(), 30)
    assert result.evaluation.status == "no_data"
    assert indicator_table([result], "zh")["status"].tolist() == ["无数据"]


def test_judged_on_the_as_of_date_or_the_end_of_an_earlier_selected_month() -> None:
    as_of = dt.date(2018, 10, 25)
    assert evaluation_day(as_of, None) == as_of
    assert evaluation_day(as_of, dt.date(2018, 2, 1)) == dt.date(2018, 2, 28)
    assert evaluation_day(as_of, dt.date(2018, 10, 1)) == as_of


def test_indicator_table_says_units_and_marks_configured_targets() -> None:
    shanty = REGISTRY.get("indicators/city_change/shantytown_households")
    satisfaction = REGISTRY.get("indicators/resident_perception/satisfaction")
    frames = [
        (shanty, pd.DataFrame({"period": pd.to_datetime(["2018-10-01"]), "value": [1442.0], "plan_share": [1.0]})),
        (satisfaction, pd.DataFrame({"period": pd.to_datetime(["2017-09-01", "2018-10-01"]), "value": [3.1, 3.9],
                                     "n": [100, 100]})),
    ]
    rows = [assess(s, f, dt.date(2018, 10, 25), PaceConfig(), 30) for s, f in frames]
    zh, en = indicator_table(rows, "zh"), indicator_table(rows, "en")
    assert zh["current"].tolist() == ["1,442", "3.90"]  # the unit is in the indicator's name; tables keep only %
    assert zh["basis"].tolist() == ["报道数字", "配置值"]
    assert en["target"].tolist() == ["1,442 · 2018-10-25", "4.20 · 2018-12-31"]
    assert zh["value"].tolist() == en["value"].tolist()


def test_indicators_command_prints_each_pillar_under_a_selection(fixture_settings: Settings,
                                                                 capsys: pytest.CaptureFixture) -> None:
    from dashboard.cli import main

    assert main(["indicators", "--township", "T01", "--to", "2018-06", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Jiancheng Subdistrict" in out and "2018-06-30" in out
    for pillar in ("The city changes", "Residents feel it", "Society recognises it"):
        assert f"\n{pillar}: " in out
    assert "Old courtyards renovated" in out


def test_indicator_docs_example_is_an_indicator_that_runs(fixture_settings: Settings, tmp_path: Path) -> None:
    docs = (REPO_ROOT / "docs" / "analysts" / "indicators.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```sql\n(/\*---.*?)```", docs, re.S) if "indicator:" in block)
    path = tmp_path / "indicators" / "city_change" / "example.sql"
    path.parent.mkdir(parents=True)
    path.write_text(example, encoding="utf-8")
    defaults = load_folder_defaults(REPO_ROOT / "queries").for_query("indicators/city_change/example")
    spec = parse_query_file(path, tmp_path, defaults)
    assert spec.indicator is not None and spec.indicator.target.figure == "shantytown_households"
    assert check_spec(spec, Runner(fixture_settings)) is None
