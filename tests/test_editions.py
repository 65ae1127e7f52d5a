"""Meeting editions through the CLI: created, listed, refused when wrong, never pruned, kept across rollbacks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.base.settings import Settings
from dashboard.cli import main
from dashboard.engine.runner import Runner
from dashboard.warehouse import snapshot
from dashboard.warehouse.history import list_snapshots
from dashboard.warehouse.load import load_file
from tests.test_lifecycle import a_community, activities_file


def editions(settings: Settings) -> dict[str, tuple[str, dt.date, str]]:
    """Return each edition's name, date and snapshot, read independently of the edition code."""
    runner = Runner(settings)
    try:
        rows = runner.run_sql("select edition_id, name, as_of, snapshot_id from editions").frame
    finally:
        runner.close()
    return {r.edition_id: (r.name, r.as_of.date() if hasattr(r.as_of, "date") else r.as_of, r.snapshot_id)
            for r in rows.itertuples(index=False)}


def test_the_demo_build_ships_two_editions_on_its_own_snapshot(settings: Settings) -> None:
    shipped = editions(settings)
    live = snapshot.current_snapshot_id(settings)
    assert {k: v[:2] for k, v in shipped.items()} == {"2018-09": ("2018年9月例会", dt.date(2018, 9, 30)),
                                                       "2018-10": ("2018年10月例会", dt.date(2018, 10, 25))}
    assert {v[2] for v in shipped.values()} == {live} and live in snapshot.pinned(settings)


def test_a_secretary_creates_an_edition_after_a_load_and_lists_it(settings: Settings, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    load_file(settings, activities_file(tmp_path / "a.csv", ["E1"], a_community(settings)), "volunteer_activities")
    loaded = snapshot.current_snapshot_id(settings)
    assert main(["edition", "create", "--name", "2018年10月补充会", "--as-of", "2018-10-20"]) == 0
    assert "edition 2018-10-2 (2018年10月补充会) judged on 2018-10-20" in capsys.readouterr().out
    assert editions(settings)["2018-10-2"] == ("2018年10月补充会", dt.date(2018, 10, 20), loaded), \
        "the edition reads the snapshot that was live when it was made, with the load in it"
    assert main(["editions"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in listed] == ["2018-09", "2018-10-2", "2018-10"]


@pytest.mark.parametrize(("args", "message"), [
    (["--name", "x", "--as-of", "2019-01-01"], "after the warehouse's as-of date 2018-10-25"),
    (["--name", "x", "--id", "2018-09"], "edition 2018-09 exists already"),
    (["--name", "  "], "needs a name"),
    (["--name", "x", "--id", "../etc"], "use letters, digits"),
])
def test_a_wrong_edition_is_refused_in_one_line_and_changes_nothing(settings: Settings, args: list[str],
                                                                    message: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot.current_snapshot_id(settings)
    assert main(["edition", "create", *args]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert snapshot.current_snapshot_id(settings) == before


def test_an_editions_snapshot_outlives_pruning_and_rollbacks(settings: Settings, tmp_path: Path) -> None:
    few = Settings(**{**settings.__dict__, "keep_snapshots": 1})
    load_file(few, activities_file(tmp_path / "a.csv", ["E1"], a_community(settings)), "volunteer_activities")
    assert main(["edition", "create", "--name", "十一月例会", "--id", "2018-11"]) == 0
    frozen = editions(settings)["2018-11"][2]
    first = list_snapshots(settings)["snapshot_id"].iloc[-1]
    for n in range(3):
        load_file(few, activities_file(tmp_path / f"b{n}.csv", [f"B{n}"], a_community(settings)),
                  "volunteer_activities")
    assert snapshot.snapshot_path(settings, frozen).exists(), "an edition's snapshot is never pruned"
    assert main(["rollback", first]) == 0
    assert "2018-11" in editions(settings), "going back to older data does not forget a meeting"
