"""The README stays true: its query example works, and every setting and query file is documented."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.cli.query_check import check_spec
from dashboard.engine.runner import Runner
from dashboard.query.folders import load_folder_defaults
from dashboard.query.registry import load_registry
from dashboard.query.sqlfile import parse_query_file

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_query_example_parses_and_runs(fixture_settings: Settings, tmp_path: Path) -> None:
    example = re.search(r"```sql\n(/\*---.*?)```", README, re.S)
    assert example, "README has a query-file example"
    path = tmp_path / "voice" / "demands.sql"
    path.parent.mkdir()
    path.write_text(example.group(1), encoding="utf-8")
    spec = parse_query_file(path, tmp_path, load_folder_defaults(REPO_ROOT / "queries").for_query("voice/demands"))
    assert check_spec(spec, Runner(fixture_settings)) is None


def test_every_setting_is_documented() -> None:
    source = (REPO_ROOT / "dashboard" / "base" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'"(DASHBOARD_[A-Z_]+)"', source))
    assert names, "settings read environment variables"
    assert sorted(n for n in names if n not in README) == []


def test_every_query_file_describes_itself_in_both_languages() -> None:
    registry = load_registry(REPO_ROOT / "queries")
    assert not registry.errors
    undocumented = [qid for qid, spec in registry.specs.items() if set(spec.description) != {"zh", "en"}]
    assert undocumented == []
