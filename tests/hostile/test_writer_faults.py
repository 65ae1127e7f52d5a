"""Writer faults leave nothing behind: a writer killed during the warm-up, a GeoJSON file nested 100,000 deep."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT, Settings, load_settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.history import kept_ids, list_snapshots, migrate


@pytest.fixture
def var(demo_var: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo warehouse (its warm-up takes seconds, long enough to be killed in)."""
    copy = tmp_path / "var"
    shutil.copytree(demo_var, copy)
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(copy))
    return copy


def _env(var: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI run against var."""
    return {**os.environ, "DASHBOARD_VAR_DIR": str(var), "PYTHONPATH": str(REPO_ROOT), "DASHBOARD_LANG": "zh",
            "DASHBOARD_WARM_SECONDS": "0", **extra}


def _cli(var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m dashboard ...` against var and wait for it."""
    return subprocess.run([sys.executable, "-m", "dashboard", *args], env=_env(var), capture_output=True, text=True,
                          timeout=300, cwd=REPO_ROOT)


def _digest(path: Path) -> str:
    """Hash a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kill_during_warm_up(var: Path, settings: Settings) -> str:
    """Start an edition write with a long warm-up, kill -9 it once its snapshot has its final name; return that id."""
    before = {p.stem for p in settings.snapshots_dir.glob("*.duckdb")}
    writer = subprocess.Popen([sys.executable, "-m", "dashboard", "edition", "create", "--name", "被中断的例会",
                               "--id", "killed"], env=_env(var, DASHBOARD_WARM_SECONDS="120"), cwd=REPO_ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    new: set[str] = set()
    while not new and time.monotonic() < deadline and writer.poll() is None:
        time.sleep(0.05)
        new = {p.stem for p in settings.snapshots_dir.glob("*.duckdb")} - before
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    assert len(new) == 1, "the writer never reached its warm-up"
    return new.pop()


def test_a_writer_killed_during_warm_up_leaves_nothing_offered_and_the_next_writer_removes_it(var: Path) -> None:
    settings = load_settings()
    live = snapshot.current_snapshot_id(settings)
    digest = _digest(snapshot.snapshot_path(settings, live))
    orphan = _kill_during_warm_up(var, settings)
    assert snapshot.current_snapshot_id(settings) == live  # killed before publishing
    assert snapshot.snapshot_path(settings, orphan).exists()  # renamed to its final name, never published
    assert orphan not in kept_ids(settings)
    assert orphan not in set(list_snapshots(settings)["snapshot_id"])
    listing = _cli(var, "snapshots")
    assert listing.returncode == 0 and orphan not in listing.stdout
    refused = _cli(var, "rollback", orphan)  # a writer: it also clears the orphan under the lock
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "Traceback" not in refused.stderr
    assert not snapshot.snapshot_path(settings, orphan).exists()
    assert snapshot.current_snapshot_id(settings) == live and _digest(snapshot.snapshot_path(settings, live)) == digest
    done = _cli(var, "edition", "create", "--name", "重来一次", "--id", "again")
    assert done.returncode == 0, done.stderr
    assert "killed" not in _cli(var, "editions").stdout


def test_a_deeply_nested_geojson_is_refused_in_one_line(var: Path, tmp_path: Path) -> None:
    settings = load_settings()
    live = snapshot.current_snapshot_path(settings)
    digest = _digest(live)
    path = tmp_path / "deep.geojson"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    done = _cli(var, "boundaries", "load", str(path), "--level", "township", "--id-property", "name",
                "--crs", "wgs84")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "deep.geojson" in lines[0] and "嵌套层数过多" in lines[0]
    assert snapshot.current_snapshot_path(settings) == live and _digest(live) == digest


def test_the_rollback_page_never_offers_a_snapshot_that_was_not_published(fixture_var: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_app import open_page

    var = tmp_path / "var"
    shutil.copytree(fixture_var, var)
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(var))
    settings = load_settings()
    first = snapshot.current_snapshot_id(settings)
    live = migrate(settings)  # a second published snapshot, so there is one to go back to
    # What a writer killed during the warm-up leaves: a complete file under its final name, never made live.
    orphan = "29991231T235959000000-unpublish"
    shutil.copyfile(snapshot.snapshot_path(settings, live), snapshot.snapshot_path(settings, orphan))
    at = open_page("ui/pages/snapshots.py")
    assert not at.exception, [e.value for e in at.exception]
    versions = at.dataframe[0].value.set_index("编号")  # the id is the last column, the write time the first
    assert list(versions.index) == [live, first]
    [offered] = at.selectbox(key=f"snapshots.target.{live}").options  # each offered by its time and what made it
    assert offered.startswith(versions.loc[first, "写入时间"])
