"""`queries/folders.yaml`: a folder's header defaults, and the errors an analyst sees for a broken entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.query.folders import load_folder_defaults
from dashboard.query.registry import load_registry
from dashboard.query.sqlfile import HEADER_RE, QueryFileError
from dashboard.query.yaml_lines import read_yaml
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
    ("voice:\n  source: demo\n  pillar: voices\n", "'voice' pillar must be one of ['city_change', ", 3),
    ("voice:\n  params:\n    since: {type: month}\n    until: {type: moment}\n", "'voice' parameter 'until' type "
                                                                               "'moment' is not one of", 4),
    ("voice:\n  labels:\n    township: {zh: 街镇}\n", "'voice' label of column 'township' needs both languages", 3),
    ("voice:\n  source: demo\n  colour: red\n", "'voice' has unknown key(s) ['colour']", 3),
    (".:\n  params: [township]\n", "'.' params must map each name to", 2),
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


FOLDERS = """.:
  params:
    month_to: {type: month, default: null}
    township: {type: township, default: null}
    lang: {type: lang, default: zh}
voice:
  source: demo
  pillar: resident_perception
  labels: {township: {zh: 街镇, en: Township}, n: {zh: 条数, en: Count}}
"""
USES_TOWNSHIP = """/*---
title: {zh: 诉求, en: Demands}
chart: {type: bar, x: township, y: n, labels: {n: {zh: 诉求数, en: Demands}}}
%s---*/
select township_id as township, count(*) as n
from resident_demands join communities using (community_id)
where ($township is null or township_id = $township)
group by all
having count(*) >= $min_n
"""


def test_a_file_takes_its_folders_pillar_usual_params_and_labels_and_states_only_what_differs(
        tmp_path: Path) -> None:
    own = "params:\n  min_n: {type: integer, default: 3}\n"
    override = "pillar: city_change\nparams:\n  min_n: {type: integer, default: 3}\n  township: {type: township, " \
               "default: T01}\n"
    root = library(tmp_path, FOLDERS, {"voice/a.sql": USES_TOWNSHIP % own, "voice/b.sql": USES_TOWNSHIP % override})
    registry = load_registry(root)
    assert registry.errors == {}
    a, b = registry.get("voice/a"), registry.get("voice/b")
    # Only the usual parameters the SQL uses ($township, not $month_to or $lang), before the file's own.
    assert list(a.params) == ["township", "min_n"] and a.params["township"].default is None
    assert (a.pillar, a.chart.column_labels("en")) == ("resident_perception", {"township": "Township", "n": "Demands"})
    # A file's own declaration wins and keeps its place.
    assert list(b.params) == ["min_n", "township"] and b.params["township"].default == "T01"
    assert b.pillar == "city_change"


def test_a_parameter_neither_the_file_nor_its_folder_declares_is_still_an_error(tmp_path: Path) -> None:
    root = library(tmp_path, FOLDERS, {"voice/a.sql": USES_TOWNSHIP % ""})
    assert "parameter(s) ['$min_n'] used but not declared" in str(load_registry(root).errors["voice/a"])


def _stated(path: Path) -> dict:
    """Return the header a query file states itself, as YAML data."""
    text = path.read_text(encoding="utf-8")
    return read_yaml(HEADER_RE.match(text).group("yaml")).data


def test_repository_files_state_pillar_labels_and_params_only_where_they_differ_from_their_folder() -> None:
    root = REPO_ROOT / "queries"
    defaults, registry = load_folder_defaults(root), load_registry(root)
    redundant = []
    for query_id, spec in sorted(registry.specs.items()):
        stated, usual = _stated(spec.path), defaults.for_query(query_id)
        if "pillar" in stated and stated["pillar"] == usual.get("pillar"):
            redundant.append(f"{query_id}: pillar")
        labels = (stated.get("chart") or {}).get("labels") or {}
        redundant += [f"{query_id}: label {c}" for c, names in labels.items()
                      if usual.get("labels", {}).get(c) == names]
        # A usual parameter stated again is redundant unless leaving it out would change the parameters' order.
        same = [n for n in stated.get("params") or {} if n in usual.get("params", {})
                and spec.params[n] == usual["params"][n]]
        own = [n for n in stated.get("params") or {} if n not in same]
        if same and [n for n in usual["params"] if n in spec.params and n not in own] + own == list(spec.params):
            redundant.append(f"{query_id}: params {same}")
    assert redundant == [], "these files repeat their folder's defaults (queries/folders.yaml)"


def test_indicator_files_take_their_pillar_from_the_folder() -> None:
    registry = load_registry(REPO_ROOT / "queries")
    indicators = [s for s in registry.specs.values() if s.indicator]
    assert len(indicators) == 17
    assert all(s.indicator.pillar == s.query_id.split("/")[1] and "pillar:" not in s.path.read_text(encoding="utf-8")
               for s in indicators)


def test_a_folder_label_that_reads_as_a_column_the_file_names_is_left_out(tmp_path: Path) -> None:
    folders = FOLDERS.replace("n: {zh: 条数, en: Count}", "published_value: {zh: 报道值, en: Published}")
    chart = "chart: {type: table, labels: {n: {zh: 报道值, en: Published}}}"
    text = (USES_TOWNSHIP % "params:\n  min_n: {type: integer, default: 3}\n").replace(
        "chart: {type: bar, x: township, y: n, labels: {n: {zh: 诉求数, en: Demands}}}", chart)
    spec = load_registry(library(tmp_path, folders, {"voice/a.sql": text})).get("voice/a")
    assert spec.chart.column_labels("en") == {"township": "Township", "n": "Published"}


def test_queries_check_names_the_folders_yaml_line_of_a_bad_default(fixture_settings: Settings, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    root = library(tmp_path, FOLDERS.replace("pillar: resident_perception", "pillar: voices"),
                   {"voice/a.sql": USES_TOWNSHIP % "params:\n  min_n: {type: integer, default: 3}\n"})
    monkeypatch.setenv("DASHBOARD_QUERIES_DIR", str(root))
    done = subprocess.run([sys.executable, "-m", "dashboard", "queries", "check"], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=300)
    assert done.returncode == 1
    assert f"{root / 'folders.yaml'}:8: 'voice' pillar must be one of" in done.stdout + done.stderr
