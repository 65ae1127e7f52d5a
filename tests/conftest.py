"""Shared fixtures: a tiny fixture warehouse built from tests/fixtures, and the app pointed at it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT, Settings, load_settings
from dashboard.warehouse.build import build_snapshot

FIXTURES = Path(__file__).parent / "fixtures"
# Writes warm their new snapshot before publishing; tests/test_result_store.py and the load-page e2e test turn
# that on, elsewhere it would only add seconds to every write a test makes.
os.environ.setdefault("DASHBOARD_WARM_SECONDS", "0")


@pytest.fixture(autouse=True, scope="session")
def _no_component_scan() -> Iterator[None]:
    """Skip Streamlit's scan of every installed package for custom components when a test app starts.

    AppTest repeats the scan for each new test app (the server does it once at start); py-spy put it at 60% of
    the role-matrix test's time. The app uses no custom components, so the scan can only ever find none.
    """
    from streamlit.components.v2 import manifest_scanner

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", lambda *args, **kwargs: [])
        yield


def _build(var_dir: Path, csv_dir: Path, monkeypatch: pytest.MonkeyPatch | None = None) -> Settings:
    """Build a snapshot of csv_dir into var_dir and return settings that point at it."""
    if monkeypatch:
        monkeypatch.setenv("DASHBOARD_VAR_DIR", str(var_dir))
    settings = load_settings()
    settings = Settings(**{**settings.__dict__, "var_dir": var_dir})
    build_snapshot(settings, csv_dir, f"test build of {csv_dir.name}")
    return settings


@pytest.fixture(scope="session")
def fixture_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the fixture warehouse once per session and return its var folder."""
    var_dir = tmp_path_factory.mktemp("fixture-var")
    _build(var_dir, FIXTURES)
    return var_dir


@pytest.fixture(scope="session")
def demo_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the embedded demo warehouse once per session and return its var folder."""
    var_dir = tmp_path_factory.mktemp("demo-var")
    _build(var_dir, REPO_ROOT / "data" / "seed")
    return var_dir


@pytest.fixture
def fixture_settings(fixture_var: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Point the environment (and so the app) at the fixture warehouse."""
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(fixture_var))
    yield load_settings()


@pytest.fixture
def settings(fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A private fixture warehouse that the CLI (in this process and in children) also points at."""
    private = Settings(**{**fixture_settings.__dict__, "var_dir": tmp_path / "var"})
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(private.var_dir))
    monkeypatch.setenv("DASHBOARD_SEED_DIR", str(FIXTURES))
    _build(private.var_dir, FIXTURES)
    return private


@pytest.fixture
def demo_settings(demo_var: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Point the environment (and so the app) at the demo warehouse."""
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(demo_var))
    yield load_settings()
