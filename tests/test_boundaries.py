"""A city's boundary file: matched by id or name, shifted datums converted, replacing a level's shapes, or refused."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import coordTransform  # an independent implementation (MIT), the oracle for the datum shifts
import duckdb
import pytest
import shapely
from shapely.geometry import shape

from dashboard.access.audit import read_events
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.boundaries import BoundaryRefused, load_boundaries, summary

# Forward shifts from coordTransform, so the test does not grade prcoords' inverses with prcoords' own forward.
FORWARD: dict[str, Callable[[float, float], list[float]]] = {"gcj02": coordTransform.wgs84_to_gcj02,
                                                              "bd09": coordTransform.wgs84_to_bd09}


def rows(settings: Settings, level: str = "township") -> dict[str, tuple[str, str, str]]:
    """Return the live snapshot's shapes of one level: place id → (geometry, source, crs)."""
    path = snapshot.snapshot_path(settings, snapshot.current_snapshot_id(settings))
    with duckdb.connect(str(path), read_only=True) as con:
        found = con.execute("select place_id, geometry, source, crs from boundaries where level = $level",
                            {"level": level}).fetchall()
    return {pid: (geometry, source, crs) for pid, geometry, source, crs in found}


def collection(*features: dict[str, Any]) -> bytes:
    """Return a FeatureCollection of the given features as UTF-8 bytes."""
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False).encode()


def feature(properties: dict[str, Any], coordinates: Any, kind: str = "Polygon") -> dict[str, Any]:
    """Return one GeoJSON feature."""
    return {"type": "Feature", "properties": properties, "geometry": {"type": kind, "coordinates": coordinates}}


def square(lon: float, lat: float, half: float = 0.01) -> list[list[list[float]]]:
    """Return Polygon coordinates of a square around a point."""
    w, s, e, n = lon - half, lat - half, lon + half, lat + half
    return [[[w, s], [e, s], [e, n], [w, n], [w, s]]]


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the ground distance between two lon/lat points (equirectangular: exact enough under a kilometre)."""
    dx = math.radians(a[0] - b[0]) * math.cos(math.radians((a[1] + b[1]) / 2))
    return 6_371_000 * math.hypot(dx, math.radians(a[1] - b[1]))


def corners(geometry: str | dict[str, Any]) -> list[tuple[float, float]]:
    """Return a polygon's outer ring without its closing point, starting from its south-west corner."""
    ring = [tuple(p[:2]) for p in (json.loads(geometry) if isinstance(geometry, str) else geometry)
            ["coordinates"][0][:-1]]
    start = min(range(len(ring)), key=lambda i: ring[i][0] + ring[i][1])
    return ring[start:] + ring[:start]


def test_features_match_by_id_or_name_and_the_rest_are_reported_by_name(settings: Settings) -> None:
    data = collection(feature({"code": "T01", "name": "简城"}, square(104.6, 30.4)),
                      feature({"code": "东城街道"}, square(104.7, 30.4)),
                      feature({"code": "T99", "name": "不存在镇"}, square(104.8, 30.4)))
    result = load_boundaries(settings, data, "/home/me/城市 边界.geojson", "township", "code", "wgs84")
    assert (result.matched, result.features) == (2, 3)
    assert [(u.index, u.value, u.name) for u in result.unmatched] == [(3, "T99", "不存在镇")]
    assert [(p.place_id, p.name_zh) for p in result.missing] == [("T03", "平息乡")]
    stored = rows(settings)
    assert set(stored) == {"T01", "T02"}, "a load replaces the level's shapes: T03's schematic one is gone"
    assert {(source, crs) for _, source, crs in stored.values()} == {("城市_边界.geojson", "wgs84")}
    assert shapely.is_valid(shape(json.loads(stored["T01"][0])))
    assert corners(stored["T01"][0])[0] == (104.59, 30.39)
    communities = rows(settings, "community")
    assert len(communities) == 8 and {s for _, s, _ in communities.values()} == {"schematic"}, "other level kept"

    by_english = collection(feature({"NAME": "pingxi township"}, square(104.9, 30.4)))
    again = load_boundaries(settings, by_english, "pingxi.json", "township", "NAME", "wgs84")
    assert (again.matched, again.added, again.removed) == (1, 1, 2)
    assert set(rows(settings)) == {"T03"}, "the new file is the whole set"
    levels = {s.level: s for s in summary(settings)}
    assert levels["township"].shapes == [("pingxi.json", "wgs84", 1)]
    assert [p.place_id for p in levels["township"].missing] == ["T01", "T02"]


@pytest.mark.parametrize(("crs", "level"), [("gcj02", "township"), ("bd09", "community")])
def test_shifted_coordinates_are_stored_in_wgs84_within_a_metre(settings: Settings, crs: str, level: str) -> None:
    schematic = rows(settings, level)
    names = dict(_names(settings, level))
    features = []
    for pid, (geometry, _, _) in sorted(schematic.items()):
        outline = json.loads(geometry)
        shifted = [[FORWARD[crs](lon, lat) for lon, lat in ring] for ring in outline["coordinates"]]
        features.append(feature({"name": names[pid]}, shifted))
    result = load_boundaries(settings, collection(*features), f"city-{crs}.geojson", level, "name", crs)
    assert result.matched == len(schematic) and not result.unmatched and not result.missing
    stored = rows(settings, level)
    for pid, (geometry, _, _) in schematic.items():
        truth, got = corners(geometry), corners(stored[pid][0])
        sent = corners({"coordinates": [[FORWARD[crs](*p) for p in [*truth, truth[0]]]]})
        assert len(got) == len(truth) == 4
        assert max(metres(a, b) for a, b in zip(truth, got, strict=True)) < 1.0, pid
        assert min(metres(a, b) for a, b in zip(truth, sent, strict=True)) > 100, "the input really was shifted"
        assert stored[pid][1:] == (f"city-{crs}.geojson", crs)


def _names(settings: Settings, level: str) -> list[tuple[str, str]]:
    """Return (id, Chinese name) of every place of a level."""
    table, key = ("townships", "township_id") if level == "township" else ("communities", "community_id")
    path = snapshot.snapshot_path(settings, snapshot.current_snapshot_id(settings))
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"select {key}, name_zh from {table}").fetchall()


GOOD = square(104.6, 30.4)
BOW_TIE = [[[104.5, 30.3], [104.6, 30.4], [104.6, 30.3], [104.5, 30.4], [104.5, 30.3]]]
REFUSED = {
    "bow_tie": (collection(feature({"id": "T01"}, GOOD), feature({"id": "T02", "name": "东城"}, BOW_TIE)),
                "wgs84", "feature 2 (id T02): the outline crosses itself at [104.55 30.35]"),
    "unclosed": (collection(feature({"id": "T01"}, [[*GOOD[0][:-1], [104.6, 30.39]]])),
                 "wgs84", "feature 1 (id T01): a ring is not closed: it starts at [104.59 30.39] and ends at "
                          "[104.6 30.39]"),
    "point": (collection(feature({"id": "T01"}, [104.6, 30.4], "Point")),
              "wgs84", "feature 1 (id T01): its geometry is a Point, not a Polygon or MultiPolygon"),
    "not_json": (b'{"type": "FeatureCollection", "features": [\n  {"type": "Feature",}\n]}', "wgs84",
                 "not JSON: Expecting property name enclosed in double quotes at line 2, column 22"),
    "not_geojson": (b'{"type": "Topology"}', "wgs84", "not GeoJSON: the file is a “Topology”"),
    "missing_property": (collection(feature({"id": "T01"}, GOOD), feature({"name": "平息乡"}, GOOD)),
                         "wgs84", "feature 2 (name 平息乡): has no property “id” (its properties: name)"),
    "duplicate": (collection(feature({"id": "T01"}, GOOD), feature({"id": "T02"}, GOOD),
                             feature({"id": "T01"}, GOOD)),
                  "wgs84", "feature 3 (id T01): “id” is “T01”, as in feature 1; each place may appear once"),
    "same_place": (collection(feature({"id": "T01"}, GOOD), feature({"id": "简城街道"}, GOOD)),
                   "wgs84", "feature 2 (id 简城街道): names T01 简城街道, as feature 1 (“T01”) does"),
    "out_of_range": (collection(feature({"id": "T01"}, square(30.4, 104.6))),
                     "wgs84", "feature 1 (id T01): coordinate [30.39 104.59] is out of range"),
    "outside_china": (collection(feature({"id": "T01"}, square(2.35, 48.85))),
                      "gcj02", "feature 1 (id T01): coordinate [2.34 48.84] lies outside China, where GCJ-02"),
    "nothing_matched": (collection(feature({"id": "X1"}, GOOD), feature({"id": "X2"}, GOOD)),
                        "wgs84", "none of the 2 features' “id” values is a township id or name (e.g. X1, X2)"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_bad_file_is_refused_naming_the_feature_and_nothing_changes(settings: Settings, case: str) -> None:
    data, crs, expected = REFUSED[case]
    before, shapes = snapshot.current_snapshot_id(settings), rows(settings)
    with pytest.raises(BoundaryRefused) as refused:
        load_boundaries(settings, data, "bad.geojson", "township", "id", crs)
    assert expected in str(refused.value)
    assert "⟨" not in refused.value.message("zh")
    assert snapshot.current_snapshot_id(settings) == before and rows(settings) == shapes


def test_messages_speak_the_readers_language(settings: Settings) -> None:
    with pytest.raises(BoundaryRefused) as refused:
        load_boundaries(settings, REFUSED["bow_tie"][0], "bad.geojson", "township", "id", "wgs84")
    assert refused.value.message("zh") == "第 2 个要素（id T02）：边界线在 [104.55 30.35] 自相交"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m dashboard` on the private warehouse the settings fixture points the environment at."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=REPO_ROOT)


def test_the_cli_loads_reports_by_name_lists_and_audits(settings: Settings, tmp_path: Path) -> None:
    shifted = [[coordTransform.wgs84_to_gcj02(lon, lat) for lon, lat in GOOD[0]]]
    path = tmp_path / "townships-gcj.geojson"
    path.write_bytes(collection(feature({"name": "简城街道"}, shifted), feature({"name": "东城街道"}, GOOD),
                                feature({"name": "新城镇"}, square(104.7, 30.5))))
    done = cli("boundaries", "load", str(path), "--level", "township", "--id-property", "name", "--crs", "gcj02")
    assert done.returncode == 0, done.stderr
    assert "3 个要素得到 2 个街镇形状" in done.stdout
    assert "第 3 个要素：「新城镇」" in done.stdout and "T03 平息乡" in done.stdout
    listed = cli("boundaries", "list", "--lang", "en")
    assert listed.returncode == 0, listed.stderr
    assert "Townships: 3 places, 2 with a shape, 1 without" in listed.stdout
    assert "2 from townships-gcj.geojson (GCJ-02)" in listed.stdout and "T03 Pingxi Township" in listed.stdout
    event = read_events(settings, limit=1)[0]
    assert (event.action, event.outcome, event.details["table"]) == ("load", "ok", "boundaries:township")

    path.write_bytes(collection(feature({"name": "简城街道"}, BOW_TIE)))
    before = snapshot.current_snapshot_id(settings)
    refused = cli("boundaries", "load", str(path), "--level", "township", "--id-property", "name", "--crs", "wgs84",
                  "--lang", "en")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "“townships-gcj.geojson” was not loaded, existing shapes unchanged: feature 1 (name 简城街道): "
        "the outline crosses itself at [104.55 30.35]"]
    assert snapshot.current_snapshot_id(settings) == before
    assert read_events(settings, limit=1)[0].outcome == "refused"
