"""Maps of townships and communities: places coloured by a value or a status, drawn with no network at all.

The shapes come from the warehouse's `boundaries` table (a city's own file, or the demo's schematic), never
from a tile server or Plotly's bundled world. Plotly's geo subplot still asks for its world topology when it
draws, so the app serves an empty stub (`dashboard/static/topojson/`) and kaleido is pointed at the same
folder; see `TOPOJSON_DIR`. Every map carries a line saying where its shapes came from, so a schematic is
never mistaken for real boundaries, on screen or on a slide.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import (
    convert_colors_to_same_type,
    sample_colorscale,
    unlabel_rgb,
)

from dashboard.base.i18n import translate
from dashboard.present.charts import SERIES_COLORS, TEMPLATE, status_color
from dashboard.present.safe_text import plotly_frame, plotly_keys, plotly_labels, plotly_literal
from dashboard.query.sqlfile import ChartSpec

# The folder holding the empty world topology Plotly's geo subplot fetches before drawing our own shapes.
TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "static" / "topojson"
SEQUENTIAL = [[0.0, "#c6dbef"], [0.5, "#6baed6"], [1.0, "#08306b"]]
NOTE_COLOR = "#5a6b7b"
MISSING_NAMED = 5  # at most this many places are named in the "no boundary" note; the rest are counted
SCREEN_PIXELS = 1500  # a map is at most this many pixels across, on screen or on a slide
COORDINATE_GRID = 1e-5  # degrees, about a metre: finer than any screen shows


@dataclass(frozen=True)
class Shapes:
    """The boundaries of one level: each place's GeoJSON geometry and name, and where the shapes came from."""

    level: str
    geometry: Mapping[str, dict] = field(hash=False)
    names: Mapping[str, str] = field(hash=False)
    sources: tuple[str, ...] = ()
    crs: tuple[str, ...] = ()
    # Community maps outline their townships, so a reader can tell which cells belong together.
    townships: Mapping[str, dict] = field(default_factory=dict, hash=False)

    @classmethod
    def from_frame(cls, level: str, frame: pd.DataFrame, townships: pd.DataFrame | None = None) -> Shapes:
        """Read the rows of `reference/boundaries` (every place: id, name, and its shape, source and crs or nulls),
        and for a community map the township rows whose outlines it draws."""
        ids = [str(p) for p in frame["place_id"]]
        names = [str(n) if isinstance(n, str) and n else p for p, n in zip(ids, frame["name"], strict=True)]
        shaped = frame[frame["geometry"].notna()]
        outlines = {} if townships is None else _for_screen(townships[townships["geometry"].notna()])
        return cls(level=level, geometry=_for_screen(shaped), names=dict(zip(ids, names, strict=True)),
                   sources=tuple(sorted(set(shaped["source"]))), crs=tuple(sorted(set(shaped["crs"]))),
                   townships=outlines)

    @property
    def schematic(self) -> bool:
        """Say whether any shape is the demo's schematic layout rather than a real boundary."""
        return "schematic" in self.sources

    def note(self, lang: str) -> str:
        """Return the line every map of these shapes carries: schematic, or the file and datum they came from."""
        if self.schematic or not self.sources:
            return translate("maps.schematic", lang)
        crs = "; ".join(translate(f"maps.crs_{c}", lang) for c in self.crs)
        return translate("maps.source", lang, files=", ".join(self.sources), crs=crs)


def map_plot(frame: pd.DataFrame, chart: ChartSpec, shapes: Shapes, lang: str, *, labels: Mapping[str, str],
             colors: Mapping[str, str] | None = None, title: str = "", names: bool | None = None) -> go.Figure:
    """Draw rows as a choropleth: by category in fixed colours when `chart.color` is set, else by value.

    Rows whose place has no boundary are left off and named in the note under the map. `names` writes place
    names on the map (the default for townships, which are few), so a printed slide needs no hover. Place names,
    categories, labels and the title are escaped once here; the hover template and name wrapping add markup after.
    """
    place, value = chart.place_column or "", chart.value or ""
    ids = frame[place].astype(str)
    drawn = plotly_frame(frame[ids.isin(shapes.geometry.keys())]).assign(_id=ids)
    missing = [shapes.names.get(i, i) for i in ids if i not in shapes.geometry]
    shown = {i: plotly_literal(shapes.names.get(i, i)) for i in dict.fromkeys(drawn["_id"])}
    labels, title = plotly_labels(labels), plotly_literal(title)
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": i, "properties": {"id": i}, "geometry": shapes.geometry[i]}
        for i in dict.fromkeys(drawn["_id"])]}
    value_label = labels.get(value, value)
    hover = [[shown[i], value_text(v, chart.y_format)] for i, v in zip(drawn["_id"], drawn[value], strict=True)]
    common = {"geojson": collection, "featureidkey": "properties.id", "locationmode": "geojson-id",
              "marker": {"line": {"color": "white", "width": 0.6}},
              "hovertemplate": f"<b>%{{customdata[0]}}</b><br>{value_label}: %{{customdata[1]}}<extra></extra>"}
    fig = go.Figure()
    fills: dict[str, str] = {}  # each place's fill, so its name is written in a colour that reads on it
    if chart.color and chart.color in drawn:
        palette = plotly_keys(colors)
        for n, (category, part) in enumerate(drawn.groupby(chart.color, sort=False)):
            color = palette.get(str(category), SERIES_COLORS[n % len(SERIES_COLORS)])
            rows = drawn.index.get_indexer(part.index)
            fig.add_trace(go.Choropleth(locations=part["_id"], z=[1] * len(part), name=str(category),
                                        colorscale=[[0, color], [1, color]], showscale=False, showlegend=True,
                                        customdata=[hover[r] for r in rows], **common))
            fills.update(dict.fromkeys(part["_id"], color))
    else:
        suffix = "%" if chart.y_format == "percent" else ""
        numbers = pd.to_numeric(drawn[value], errors="coerce")
        fig.add_trace(go.Choropleth(locations=drawn["_id"], z=numbers, colorscale=SEQUENTIAL, customdata=hover,
                                    name=value_label, colorbar={"title": {"text": value_label}, "ticksuffix": suffix,
                                                                "thickness": 14, "len": 0.8}, **common))
        low, high = numbers.min(), numbers.max()
        if chart.y_format == "integer" and pd.notna(high):
            # Whole counts get whole ticks: a scale from 1 to 4 read "2.5" between them.
            fig.update_traces(colorbar={"tick0": 0, "dtick": max(1, math.ceil((high - low) / 5))})
        shares = ((numbers - low) / (high - low) if high > low else numbers * 0).fillna(0)
        fills.update(zip(drawn["_id"], sample_colorscale(SEQUENTIAL, list(shares)), strict=True))
    if shapes.townships and "township_id" in drawn:  # ids as stored, not as escaped for display
        towns = frame.loc[drawn.index, "township_id"].astype(str)
        _add_outlines(fig, [shapes.townships[t] for t in dict.fromkeys(towns) if t in shapes.townships])
    if names if names is not None else shapes.level == "township":
        _add_names(fig, list(shown), shapes, shown, fills)
    return _finish(fig, shapes, lang, title, missing)


def _for_screen(rows: pd.DataFrame) -> dict[str, dict]:
    """Return each place's geometry as drawn: simplified to about a pixel of the whole map, wound clockwise.

    A surveyed village outline keeps hundreds of points after the load's 5 m simplification; drawn at a city's
    scale most of them fall within one pixel, yet every viewer would be sent all of them (bench_maps: 7 MB for
    678 villages of 200 points). d3-geo, which Plotly's geo uses, takes an anticlockwise outer ring (as RFC 7946
    files wind them) as the whole globe minus the place and paints one colour over the map.
    """
    if rows.empty:
        return {}
    shapes = [shapely.geometry.shape(json.loads(g)) for g in rows["geometry"]]
    west, south, east, north = shapely.total_bounds(shapes)
    shapes = shapely.simplify(shapes, max(east - west, north - south) / SCREEN_PIXELS, preserve_topology=True)
    shapes = shapely.orient_polygons(shapely.set_precision(shapes, COORDINATE_GRID), exterior_cw=True)
    return {str(p): shapely.geometry.mapping(g) for p, g in zip(rows["place_id"], shapes, strict=True)}


def _add_names(fig: go.Figure, ids: list[str], shapes: Shapes, names: Mapping[str, str],
               fills: Mapping[str, str]) -> None:
    """Write each place's (escaped) name at a point inside it (not its centroid, which may fall outside a concave
    shape)."""
    points = [shapely.geometry.shape(shapes.geometry[i]).point_on_surface() for i in ids]
    fig.add_trace(go.Scattergeo(lon=[p.x for p in points], lat=[p.y for p in points], mode="text",
                                text=[_wrapped(names[i]) for i in ids], hoverinfo="skip",
                                showlegend=False,
                                textfont={"size": 12, "color": [_ink(fills.get(i, "#ffffff")) for i in ids]}))


def _add_outlines(fig: go.Figure, outlines: list[dict]) -> None:
    """Draw township borders as thin lines over a community map; they take no hover or click."""
    lon: list[float | None] = []
    lat: list[float | None] = []
    for geometry in outlines:
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for ring in (polygon[0] for polygon in polygons):
            lon += [p[0] for p in ring] + [None]
            lat += [p[1] for p in ring] + [None]
    fig.add_trace(go.Scattergeo(lon=lon, lat=lat, mode="lines", line={"color": "#1b2631", "width": 1.2},
                                hoverinfo="skip", showlegend=False))


def _wrapped(name: str) -> str:
    """Break a long (escaped) name of several words (English) over two lines, so it stays inside its place."""
    head, _, tail = name.rpartition(" ")
    return f"{head}<br>{tail}" if head and len(name) > 10 else name


def _ink(fill: str) -> str:
    """Return white on a dark fill and near-black on a light one (relative luminance, as WCAG weighs it)."""
    red, green, blue = unlabel_rgb(convert_colors_to_same_type(fill)[0][0])
    return "#ffffff" if (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255 < 0.45 else "#1b2631"


def _finish(fig: go.Figure, shapes: Shapes, lang: str, title: str, missing: list[str]) -> go.Figure:
    """Fit the map to its places with no world behind, and burn in where the shapes came from.

    The note names files and places, so it is escaped whole (the title arrives escaped).
    """
    note = shapes.note(lang)
    if missing:
        named = "、".join(missing[:MISSING_NAMED]) + ("…" if len(missing) > MISSING_NAMED else "")
        note += " · " + translate("maps.missing", lang, n=len(missing), names=named)
    note = plotly_literal(note)
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator", resolution=110,
                    bgcolor="rgba(0,0,0,0)")
    fig.update_layout(template=TEMPLATE, title={"text": title, "x": 0, "xanchor": "left"},
                      margin={"l": 8, "r": 8, "t": 56 if title else 36, "b": 40}, height=480,
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
                      annotations=[{"text": note, "x": 0, "y": 0, "xref": "paper", "yref": "paper",
                                    "xanchor": "left", "yanchor": "top", "yshift": -8, "showarrow": False,
                                    "font": {"size": 13, "color": NOTE_COLOR}}])
    return fig


def value_text(value: object, y_format: str | None) -> str:
    """Write a place's value as the chart's format says (hover and a slide's ranking alike): a percent, a whole
    number or up to two decimals."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    if pd.isna(number):
        return "—"
    if y_format == "percent":
        return f"{number:.1f}%"
    if y_format == "integer" or float(number).is_integer():
        return f"{number:,.0f}"
    return f"{number:,.{2 if abs(number) < 100 else 1}f}".rstrip("0").rstrip(".") if math.isfinite(number) else "—"


def lag_map(frame: pd.DataFrame, shapes: Shapes, lang: str, progress_label: str, title: str) -> go.Figure:
    """Colour each township of a township table by its pace status, in the table's colours; hover gives progress."""
    chart = ChartSpec(type="map", level="township", value="progress", color="status", y_format="percent")
    colors = {str(label): status_color(str(code)) for label, code in zip(frame["status"], frame["status_code"],
                                                                          strict=True)}
    return map_plot(frame, chart, shapes, lang, labels={"progress": progress_label}, colors=colors, title=title)
