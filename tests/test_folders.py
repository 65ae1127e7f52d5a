"""`queries/folders.yaml`: a folder's header defaults, and the errors an analyst sees for a broken entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT
from dashboard.query.folders import load_folder_defaults
from dashboard.query.registry import load_registry
from dashboard.query.sqlfile import QueryFileError
from tests import test_sqlfile as sqlfile_tests

NO_SOURCE = sqlfile_tests.GOOD.replace("source: demo\n", "")


def library(tmp_path: Path, folders: str, files: dict[str, str]) -> Path:
    """Write a queries folder with folders.yaml and the given files; return it."""
    root = tmp_path / "queries"
    for name, text in files.items():
        sqlfile_tests.write(root, text, name)
    (root / "folders.yaml").write_text(folders, encoding="utf-8")
    return root


def test_a_file_takes_its_folders_source_unless_it_states_another(tmp_path: Path) -> None:
    root = library(tmp_path, "voice: {source: demo}\nvoice/official: {source: published}\n", {
        "voice/a.sql": NO_SOURCE,
        "voice/b.sql": sqlfile_tests.GOOD.replace("source: demo", "source: derived"),
        "voice/more/c.sql": NO_SOURCE,       # a sub-folder without an entry takes its parent's default
        "voice/official/d.sql": NO_SOURCE,   # the deepest folder's entry wins
    })
    registry = load_registry(root)
    assert registry.errors == {}
    sources = {qid: spec.source for qid, spec in registry.specs.items()}
    assert sources == {"voice/a": "demo", "voice/b": "derived", "voice/more/c": "demo", "voice/official/d": "published"}


def test_a_file_without_source_or_folder_default_is_an_error(tmp_path: Path) -> None:
    root = library(tmp_path, "voice: {source: demo}\n", {"voice/a.sql": NO_SOURCE, "other/b.sql": NO_SOURCE})
    errors = load_registry(root).errors
    assert list(errors) == ["other/b"]
    assert "other/b.sql: no 'source'" in str(errors["other/b"]) and "queries/folders.yaml" in str(errors["other/b"])


@pytest.mark.parametrize(("folders", "message", "line"), [
    ("voice: {source: demo}\nvoise: {source: demo}\n", "'voise' is not a folder under queries/", 2),
    ("voice: {source: demo, chart: bar}\n", "'voice' has unknown key(s) ['chart']", 1),
    ("# defaults\nvoice: {source: guessed}\n", "'voice' source must be one of ['demo', 'derived', 'published'], "
                                               "got 'guessed'", 2),
    ("voice: demo\n", "'voice' must map header keys to defaults", 1),
    ("voice: {source: demo\n", "not valid YAML", 2),
    ("- voice\n", "must map folders to their defaults", 1),
])
def test_a_broken_entry_names_the_file_and_line(tmp_path: Path, folders: str, message: str, line: int) -> None:
    root = library(tmp_path, folders, {"voice/a.sql": sqlfile_tests.GOOD})
    with pytest.raises(QueryFileError) as info:
        load_folder_defaults(root)
    assert message in info.value.detail
    assert (info.value.path, info.value.line) == (str(root / "folders.yaml"), line)
    registry = load_registry(root)  # `queries check` lists it with the files' own errors; the files still load
    assert str(info.value) == str(registry.errors["folders.yaml"]) and "voice/a" in registry.specs


def test_repository_files_state_source_only_where_it_differs_from_their_folder() -> None:
    root = REPO_ROOT / "queries"
    defaults = load_folder_defaults(root)
    redundant = []
    for path in sorted(root.rglob("*.sql")):
        query_id = path.relative_to(root).with_suffix("").as_posix()
        stated = re.search(r"^source:\s*(\w+)", path.read_text(encoding="utf-8"), re.M)
        if stated and stated.group(1) == defaults.for_query(query_id).get("source"):
            redundant.append(query_id)
    assert redundant == [], "these files repeat their folder's source: default"
