"""Maps: the map query type, the schematic layout, drawing from boundaries and the note every map carries."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely

from dashboard.base.i18n import translate
from dashboard.base.settings import Settings
from dashboard.engine.runner import Runner
from dashboard.present.charts import status_color
from dashboard.present.maps import Shapes, lag_map, map_plot
from dashboard.present.plots import query_plot
from dashboard.query.registry import load_registry
from dashboard.query.sqlfile import ChartSpec, QueryFileError, parse_query_file
from dashboard.warehouse.schematic import layout
from tests.test_sqlfile import write

MAP_FILE = """/*---
title: {zh: 工程地图, en: Works map}
chart:
  type: map
  level: township
  value: works
params:
  township: {type: township, default: null}
source: demo
---*/
select township_id, count(*) as works from projects
where $township is null or township_id = $township
group by all
"""


def map_query_ids(settings: Settings) -> list[str]:
    """Return the ids of the repository's map query files."""
    return sorted(q for q, s in load_registry(settings.queries_dir).specs.items() if s.chart.type == "map")


def test_a_map_query_file_reads_its_level_id_and_value(tmp_path: Path) -> None:
    spec = parse_query_file(write(tmp_path, MAP_FILE, "renovation/works_map.sql"), tmp_path)
    assert (spec.chart.type, spec.chart.level, spec.chart.value) == ("map", "township", "works")
    assert spec.chart.columns() == ["township_id", "works"]


@pytest.mark.parametrize(("change", "message"), [
    ("  level: township\n", "a map needs level: one of ['township', 'community']"),
    ("  value: works\n", "a map needs value: the column it colours places by"),
])
def test_a_map_without_level_or_value_is_refused_with_its_line(tmp_path: Path, change: str, message: str) -> None:
    with pytest.raises(QueryFileError) as info:
        parse_query_file(write(tmp_path, MAP_FILE.replace(change, ""), "renovation/works_map.sql"), tmp_path)
    assert message in str(info.value)
    assert "renovation/works_map.sql:3:" in str(info.value), "the chart key's line"


def test_a_map_with_an_unknown_level_or_bar_keys_is_refused(tmp_path: Path) -> None:
    for text in (MAP_FILE.replace("level: township", "level: province"), MAP_FILE.replace("  value: works\n",
                                                                                         "  value: works\n  x: a\n")):
        with pytest.raises(QueryFileError):
            parse_query_file(write(tmp_path, text, "renovation/works_map.sql"), tmp_path)


def test_the_schematic_puts_every_community_inside_its_township_and_is_the_same_each_time() -> None:
    towns = [("T01", "urban"), ("T02", "rural"), ("T03", "rural")]
    places = [(f"C{i:03d}", f"T0{1 + i % 3}") for i in range(30)]
    shapes = layout(towns, places)
    assert shapes == layout(list(reversed(towns)), list(reversed(places))), "input order does not matter"
    blocks = {pid: shapely.geometry.shape(g) for level, pid, g in shapes if level == "township"}
    cells = {pid: shapely.geometry.shape(g) for level, pid, g in shapes if level == "community"}
    assert len(blocks) == 3 and len(cells) == 30
    for community_id, township_id in places:
        assert blocks[township_id].contains(cells[community_id])
    assert not any(a.intersects(b) for x, a in cells.items() for y, b in cells.items() if x < y)


def test_every_demo_place_has_a_schematic_shape(fixture_settings: Settings) -> None:
    runner = Runner(fixture_settings)
    missing = runner.run_sql(
        "select count(*) from (select township_id as id from townships union all select community_id from communities)"
        " where id not in (select place_id from boundaries where source = 'schematic')").frame.iloc[0, 0]
    assert missing == 0


def test_every_map_query_draws_each_of_its_rows_on_a_shape(fixture_settings: Settings) -> None:
    runner, registry = Runner(fixture_settings), load_registry(fixture_settings.queries_dir)
    ids = map_query_ids(fixture_settings)
    assert {"renovation/works_map", "services/elderly_care_by_township"} <= set(ids)
    for query_id in ids:
        spec = registry.get(query_id)
        rows = runner.run(spec, {}).frame
        level = spec.chart.level or ""
        shapes = Shapes.from_frame(level, runner.run(registry.get("reference/boundaries"),
                                                     {"level": level, "lang": "zh"}).frame)
        fig = query_plot(rows, spec, "zh", shapes=shapes)
        drawn = [loc for trace in fig.data if trace.type == "choropleth" for loc in trace.locations]
        assert sorted(drawn) == sorted(rows[f"{level}_id"].astype(str)), query_id
        assert fig.layout.annotations[0].text == translate("maps.schematic", "zh")


def square(west: float, south: float, size: float, clockwise: bool = False) -> str:
    """Return a square as GeoJSON text, its ring anticlockwise as RFC 7946 says unless asked otherwise."""
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring[::-1] if clockwise else ring]})


def loaded_shapes(source: str = "city.geojson", crs: str = "gcj02") -> Shapes:
    """Return two townships' shapes as a city's own loaded file would give them."""
    frame = pd.DataFrame({"place_id": ["T01", "T02", "T09"], "name": ["简城街道", "东城街道", "平息乡"],
                          "geometry": [square(104.5, 30.4, 0.1), square(104.6, 30.4, 0.1, clockwise=True), None],
                          "source": [source, source, None], "crs": [crs, crs, None]})
    return Shapes.from_frame("township", frame)


def test_rings_are_wound_clockwise_for_plotly_whatever_the_file_did() -> None:
    shapes = loaded_shapes()
    for geometry in shapes.geometry.values():
        assert not shapely.geometry.shape(geometry).exterior.is_ccw, "d3-geo reads anticlockwise as the world minus it"


def test_a_loaded_boundary_names_its_file_and_datum_and_places_without_one() -> None:
    chart = ChartSpec(type="map", level="township", value="works")
    rows = pd.DataFrame({"township_id": ["T01", "T02", "T09"], "works": [3, 5, 7]})
    fig = map_plot(rows, chart, loaded_shapes(), "zh", labels={"works": "工程数"})
    note = fig.layout.annotations[0].text
    assert translate("maps.schematic", "zh") not in note
    assert "city.geojson" in note and translate("maps.crs_gcj02", "zh") in note
    assert translate("maps.missing", "zh", n=1, names="平息乡") in note, "a place with no shape is named"
    assert list(fig.data[0].locations) == ["T01", "T02"]
    assert [c[0] for c in fig.data[0].customdata] == ["简城街道", "东城街道"]
    assert fig.data[0].hovertemplate.startswith("<b>%{customdata[0]}</b><br>工程数: %{customdata[1]}")


def test_who_lags_map_uses_the_tables_status_colours() -> None:
    frame = pd.DataFrame({"township_id": ["T01", "T02"], "status": ["落后", "按计划"],
                          "status_code": ["off_track", "on_track"], "progress": [12.0, 95.0]})
    fig = lag_map(frame, loaded_shapes(), "zh", "进度", "各街镇")
    colours = {t.name: t.colorscale[0][1] for t in fig.data if isinstance(t, go.Choropleth)}
    assert colours == {"落后": status_color("off_track"), "按计划": status_color("on_track")}
    names = next(t for t in fig.data if isinstance(t, go.Scattergeo))
    assert list(names.text) == ["简城街道", "东城街道"], "township names are written on the map for print"


def test_a_community_map_outlines_only_the_townships_of_its_rows(fixture_settings: Settings) -> None:
    runner, registry = Runner(fixture_settings), load_registry(fixture_settings.queries_dir)

    def read(level: str) -> pd.DataFrame:
        return runner.run(registry.get("reference/boundaries"), {"level": level, "lang": "zh"}).frame

    shapes = Shapes.from_frame("community", read("community"), read("township"))
    spec = registry.get("renovation/works_map_community")
    town = sorted(shapes.townships)[0]
    rows = runner.run(spec, {"township": town}).frame
    assert len(rows) > 0
    fig = query_plot(rows, spec, "zh", shapes=shapes)
    lines = [t for t in fig.data if isinstance(t, go.Scattergeo) and t.mode == "lines"]
    assert len(lines) == 1
    stored = shapely.geometry.shape(json.loads(read("township").set_index("place_id").loc[town, "geometry"]))
    drawn = shapely.Polygon([p for p in zip(lines[0].lon, lines[0].lat, strict=True) if p[0] is not None])
    assert shapely.hausdorff_distance(drawn, stored) <= 1e-5, "the township's own outline, to a metre"


def test_a_detailed_outline_is_drawn_with_about_a_pixels_detail() -> None:
    # A round place of 4,000 points, 0.1 degree across: far more than a 1,500-pixel map can show.
    circle = shapely.Point(104.55, 30.4).buffer(0.05, quad_segs=1000)
    frame = pd.DataFrame({"place_id": ["T01"], "name": ["简城街道"], "geometry": [shapely.to_geojson(circle)],
                          "source": ["city.geojson"], "crs": ["wgs84"]})
    drawn = shapely.geometry.shape(Shapes.from_frame("township", frame).geometry["T01"])
    assert len(drawn.exterior.coords) < len(circle.exterior.coords) / 10
    assert shapely.hausdorff_distance(drawn, circle) < 0.1 / 1500 + 1e-5, "within a pixel of the map"
