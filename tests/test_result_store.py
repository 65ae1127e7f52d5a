"""Results kept on disk per snapshot: exact round trips, reuse by a new process, warm-up before publish, pruning."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.runner import Runner
from dashboard.metrics.warmup import warm
from dashboard.query.registry import load_registry
from dashboard.warehouse import snapshot
from dashboard.warehouse.build import build_snapshot
from dashboard.warehouse.result_store import ResultStore
from tests.conftest import FIXTURES


@pytest.fixture
def settings(fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A private fixture warehouse with the default warm-up budget, which the CLI in a child also points at."""
    private = Settings(**{**fixture_settings.__dict__, "var_dir": tmp_path / "var", "warm_seconds": 60})
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(private.var_dir))
    monkeypatch.setenv("DASHBOARD_SEED_DIR", str(FIXTURES))
    build_snapshot(private, FIXTURES, "fixture")
    return private


def test_every_stored_result_reads_back_exactly_as_the_query_returns_it(settings: Settings) -> None:
    live = snapshot.current_snapshot_id(settings)
    report = warm(settings, live)
    assert report.finished and report.failed == 0
    store, registry, plain = ResultStore(settings), load_registry(settings.queries_dir), Runner(settings)
    entries = list(store.entries(live))
    assert {q for q, _ in entries} >= set(registry.specs), "every query file is warmed at least once"
    for query_id, params in entries:
        spec = registry.specs[query_id]
        stored = store.get(live, spec.sql, params)
        assert stored is not None
        pd.testing.assert_frame_equal(stored.frame, plain.run(spec, params).frame, obj=query_id)
    plain.close()


def test_a_new_runner_answers_from_the_store_without_running_the_query(settings: Settings,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_registry(settings.queries_dir).get("renovation/kpis")
    # A write may have warmed the snapshot already (when a test before registered the warm-up): start empty.
    shutil.rmtree(ResultStore(settings).folder(snapshot.current_snapshot_id(settings)), ignore_errors=True)
    first = Runner(settings, store=ResultStore(settings))
    computed = first.run(spec, {"lang": "en"})
    first.close()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the query ran although its result was stored")

    monkeypatch.setattr(Runner, "_execute", refuse)
    again = Runner(settings, store=ResultStore(settings))  # as a restarted server or another replica would
    answered = again.run(spec, {"lang": "en"})
    pd.testing.assert_frame_equal(answered.frame, computed.frame)
    assert answered.snapshot_id == computed.snapshot_id
    with pytest.raises(AssertionError, match="ran although"):
        again.run(spec, {"lang": "zh"})  # other values are another result


def test_a_damaged_or_full_store_only_means_the_query_runs(settings: Settings) -> None:
    spec = load_registry(settings.queries_dir).get("renovation/kpis")
    live = snapshot.current_snapshot_id(settings)
    runner = Runner(settings, store=ResultStore(settings))
    expected = runner.run(spec).frame
    for path in ResultStore(settings).folder(live).iterdir():
        path.write_bytes(b"not an arrow file")
    pd.testing.assert_frame_equal(runner.run(spec).frame, expected)
    runner.close()

    full = Settings(**{**settings.__dict__, "result_files": 1})
    store = ResultStore(full)
    assert not store.put(live, "x", "select 1", {"n": 1}, pd.DataFrame({"a": [1]}), False)
    assert store.get(live, "select 1", {"n": 1}) is None


def test_a_cli_load_warms_the_new_snapshot_before_it_goes_live(settings: Settings, tmp_path: Path) -> None:
    community = Runner(settings).run_sql("select min(community_id) from communities").frame.iloc[0, 0]
    data = tmp_path / "activities.csv"
    data.write_text("activity_id,team_id,community_id,held_on,name_zh,name_en,volunteers,external_org_zh\n"
                    f"W1,,{community},2018-10-01,活动,Activity,3,\n", encoding="utf-8")
    before = snapshot.current_snapshot_id(settings)
    env = {**os.environ, "DASHBOARD_WARM_SECONDS": "60", "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-m", "dashboard", "load", str(data), "--table", "volunteer_activities"],
                          env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "warm-up:" in done.stderr
    live = snapshot.current_snapshot_id(settings)
    assert live != before
    warmed = {q for q, _ in ResultStore(settings).entries(live)}
    registry = load_registry(settings.queries_dir)
    assert {s.query_id for s in registry.specs.values() if s.indicator} <= warmed, "the overview opens warm"


def test_results_go_with_their_pruned_snapshot(settings: Settings) -> None:
    first = snapshot.current_snapshot_id(settings)
    warm(settings, first)
    assert ResultStore(settings).folder(first).is_dir()
    (settings.var_dir / "pins" / first).unlink()  # the fixture's meeting editions pin it; here it must go
    keep_one = Settings(**{**settings.__dict__, "keep_snapshots": 1, "warm_seconds": 0})
    build_snapshot(keep_one, FIXTURES, "fixture again")
    assert not snapshot.snapshot_path(settings, first).exists()
    assert not ResultStore(settings).folder(first).exists()
