"""A city's own boundary file (GeoJSON) as the map shapes of its townships or communities.

The file is checked whole before anything is written: it must be GeoJSON polygons with valid rings inside the
world's (or, for China's shifted datums, China's) coordinates, and each feature names its place by id or by name
in one property. The shapes are converted to WGS84, lightly simplified and stored through the one writer path,
replacing every shape of that level in one new snapshot; a refused file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import prcoords
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from dashboard.base.i18n import translate
from dashboard.base.settings import Settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.writer import Event, WriteError, write_snapshot

LEVELS = ("township", "community")
CRSES = ("wgs84", "gcj02", "bd09")
CRS_NAMES = {"wgs84": "WGS84", "gcj02": "GCJ-02", "bd09": "BD-09"}
# About 5 m at the city's latitude: far below what a township or community map can show (a map of the whole
# city is ~100 km across on ~1000 px, so ~100 m a pixel), yet it drops most points of a surveyed outline, so
# a detailed file does not make every map page carry megabytes of coordinates.
SIMPLIFY_TOLERANCE = 0.00005
DECIMALS = 6  # ~0.1 m: more digits only add bytes
# Properties that usually hold a place's name, used to name a feature in messages when its id says little.
NAME_PROPERTIES = ("name", "NAME", "Name", "name_zh", "名称", "name_en", "NAME_CHN", "XZQMC", "MC")
_LOCATION = re.compile(r"^(?P<reason>.*?)\s*\[(?P<lon>\S+) (?P<lat>\S+)\]$")
# GEOS's validity reasons that have a sentence of their own in the locale files; others are shown as GEOS says.
_REASONS = {"Self-intersection": "self_intersection", "Ring Self-intersection": "ring_self_intersection",
            "Hole lies outside shell": "hole_outside", "Nested holes": "nested_holes",
            "Interior is disconnected": "disconnected", "Nested shells": "nested_shells",
            "Duplicate Rings": "duplicate_rings", "Too few points": "too_few_points"}


class BoundaryRefused(WriteError):
    """A boundary file was refused: what is wrong (a locale key), at which feature, and that nothing changed."""

    def __init__(self, kind: str, feature: int | None = None, label: str = "", **values: Any) -> None:
        self.kind = kind
        self.feature = feature  # 1-based position in the file, as a reader counts
        self.label = label
        self.values = values
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """Say in one language what is wrong and where, e.g. `feature 3 (name 平息乡): self-intersection at …`."""
        values = dict(self.values)
        if "level" in values:  # a level is named in the reader's language
            values["level"] = translate(f"boundaries.level.{values['level']}", lang)
        what = translate(f"boundaries.problem.{self.kind}", lang, **values)
        if self.feature is None:
            return what
        key = "boundaries.at_feature" if self.label else "boundaries.at_feature_bare"
        return translate(key, lang, feature=self.feature, label=self.label, what=what)


@dataclass(frozen=True)
class Feature:
    """One feature of a boundary file: its 1-based position, its properties and its checked WGS84 shape."""

    index: int
    properties: dict[str, Any]
    geometry: BaseGeometry

    def label(self, id_property: str | None = None) -> str:
        """Name the feature for a message: its id property's value, else the first name-like property."""
        for key in (id_property, *NAME_PROPERTIES):
            value = self.properties.get(key) if key else None
            if value not in (None, ""):
                return f"{key} {value}"
        return ""


@dataclass(frozen=True)
class Unmatched:
    """A feature whose value names no place of the level (or names several): where it is and what it says."""

    index: int
    value: str
    name: str  # a name-like property of the feature, when it has one besides the value
    ambiguous: bool = False  # the value is the name of more than one place


@dataclass(frozen=True)
class Place:
    """A township or community: its id and names."""

    place_id: str
    name_zh: str
    name_en: str | None  # optional in the schema

    def name(self, lang: str) -> str:
        """Return the name in lang: the English one, else the Chinese where the English is empty."""
        return (self.name_en or self.name_zh) if lang == "en" else self.name_zh


@dataclass
class BoundaryResult:
    """What a boundary load did (or, for a check, would do): matched places, unmatched features, places left out."""

    file_name: str
    level: str
    crs: str
    features: int
    matched: int = 0
    added: int = 0
    replaced: int = 0
    removed: int = 0
    unmatched: list[Unmatched] = field(default_factory=list)
    missing: list[Place] = field(default_factory=list)
    snapshot_id: str | None = None


@dataclass(frozen=True)
class LevelSummary:
    """How one level's places stand: shapes per (source, crs), and the places without a shape."""

    level: str
    places: int
    shapes: list[tuple[str, str, int]]  # (source, crs, places with a shape from it)
    missing: list[Place]


def audit_details(file_name: str, level: str, crs: str, result: BoundaryResult | None = None) -> dict[str, Any]:
    """Return what the audit log keeps of a boundary load, under the keys a table load uses (so no new words)."""
    details: dict[str, Any] = {"file": source_name(file_name), "table": f"boundaries:{level}",
                               "mode": f"replace ({crs})"}
    if result is not None:
        details.update(added=result.added, replaced=result.replaced, removed=result.removed,
                       snapshot=result.snapshot_id)
    return details


def source_name(name: str) -> str:
    """Return the base name of an uploaded file as stored and shown: no folders, no control or markup characters."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-()（）·]+", "_", base).strip("._")
    return cleaned[:100] or "boundaries.geojson"


def read_features(data: bytes, id_property: str | None = None, crs: str = "wgs84") -> list[Feature]:
    """Parse GeoJSON bytes into features with valid WGS84 (Multi)Polygons, or raise BoundaryRefused saying where.

    With id_property, every feature must carry it and no two the same value. Coordinates in gcj02 or bd09 are
    converted to WGS84 (those datums exist only in China, so a point outside it is refused), then simplified
    by SIMPLIFY_TOLERANCE and rounded to DECIMALS.
    """
    if crs not in CRSES:
        raise BoundaryRefused("unknown_crs", value=crs, choices=", ".join(CRSES))
    raw = _features_of(_json_of(data))
    features: list[Feature] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or item.get("type") != "Feature":
            raise BoundaryRefused("not_feature", index)
        properties = item.get("properties") or {}
        if not isinstance(properties, dict):
            raise BoundaryRefused("not_feature", index)
        draft = Feature(index, properties, shapely.Point())
        label = draft.label(id_property)
        if id_property:
            value = _text(properties.get(id_property))
            if not value:
                raise BoundaryRefused("no_property", index, draft.label(), property=id_property,
                                      found=", ".join(map(str, properties)) or "—")
            if value in seen:
                raise BoundaryRefused("duplicate_value", index, label, property=id_property, value=value,
                                      first=seen[value])
            seen[value] = index
        features.append(Feature(index, properties, _shape_of(item.get("geometry"), index, label, crs)))
    return features


def property_names(data: bytes) -> list[str]:
    """Return the property names the file's features carry (most common first), or [] when it is not GeoJSON."""
    try:
        raw = _features_of(_json_of(data))
    except BoundaryRefused:
        return []
    counts: dict[str, int] = {}
    for item in raw:
        properties = item.get("properties") if isinstance(item, dict) else None
        for key in properties if isinstance(properties, dict) else ():
            counts[str(key)] = counts.get(str(key), 0) + 1
    return sorted(counts, key=lambda k: -counts[k])


def load_boundaries(settings: Settings, data: bytes, file_name: str, level: str, id_property: str, crs: str,
                    *, dry_run: bool = False) -> BoundaryResult:
    """Check a boundary file and, unless dry_run, replace every shape of the level with its shapes in a new snapshot.

    Each feature's id_property value is matched to the level's ids, else to a place's Chinese or English name.
    Features that match nothing and places no feature matches are reported in the result, not refused; a file
    where nothing matches, or with any invalid feature, is refused (BoundaryRefused) and nothing changes.
    """
    if level not in LEVELS:
        raise BoundaryRefused("unknown_level", value=level, choices=", ".join(LEVELS))
    limit = settings.max_upload_mb * 1e6
    if len(data) > limit:
        raise BoundaryRefused("too_large", size=f"{len(data) / 1e6:.0f}", limit=settings.max_upload_mb)
    id_property = id_property.strip()
    if not id_property:
        raise BoundaryRefused("no_id_property")
    features = read_features(data, id_property, crs)
    result = BoundaryResult(source_name(file_name), level, crs, len(features))

    def change(con: duckdb.DuckDBPyConnection) -> Event:
        places = _places(con, level)
        if not places:
            raise BoundaryRefused("no_places", level=level)
        matches = _match(features, id_property, places, result)
        old = {row[0] for row in con.execute("select place_id from boundaries where level = $level",
                                             {"level": level}).fetchall()}
        con.execute("delete from boundaries where level = $level", {"level": level})
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        con.executemany("insert into boundaries (level, place_id, geometry, source, crs, loaded_at) "
                        "values (?, ?, ?, ?, ?, ?)",
                        [(level, pid, geometry_text(f.geometry), result.file_name, crs, now)
                         for pid, f in sorted(matches.items())])
        result.matched = len(matches)
        result.replaced = len(old & set(matches))
        result.added = len(matches) - result.replaced
        result.removed = len(old - set(matches))
        result.missing = [p for p in places if p.place_id not in matches]
        return Event("loaded", f"boundaries {level} ← {result.file_name} · {crs}, {len(matches)} places",
                     result.added, result.replaced, result.removed)

    new_id, _ = write_snapshot(settings, change, dry_run=dry_run)
    result.snapshot_id = None if dry_run else new_id
    return result


def geometry_text(geometry: BaseGeometry) -> str:
    """Return a shape as compact GeoJSON geometry text, coordinates rounded to DECIMALS."""
    return json.dumps(_rounded(mapping(geometry)), separators=(",", ":"))


def summary(settings: Settings) -> list[LevelSummary]:
    """Return, per level, how many places have a shape from which source and crs, and which have none."""
    path = snapshot.snapshot_path(settings, snapshot.current_snapshot_id(settings))
    with duckdb.connect(str(path), read_only=True, config=snapshot.reader_config(settings)) as con:
        out = []
        for level in LEVELS:
            places = _places(con, level)
            shapes = con.execute("select source, crs, count(*) from boundaries where level = $level "
                                 "group by all order by 3 desc, 1", {"level": level}).fetchall()
            have = {r[0] for r in con.execute("select place_id from boundaries where level = $level",
                                              {"level": level}).fetchall()}
            out.append(LevelSummary(level, len(places), [(s, c, int(n)) for s, c, n in shapes],
                                    [p for p in places if p.place_id not in have]))
    return out


def to_wgs84(lon: float, lat: float, crs: str) -> tuple[float, float]:
    """Return a point's WGS84 (lon, lat) from wgs84, gcj02 (高德, 腾讯) or bd09 (百度) coordinates."""
    if crs == "wgs84":
        return lon, lat
    # prcoords speaks (lat, lon); its *_bored inverses iterate to a precision far below a metre.
    point = prcoords.Coords(lat, lon)
    wgs = prcoords.gcj_wgs_bored(point) if crs == "gcj02" else prcoords.bd_wgs_bored(point)
    return wgs.lon, wgs.lat


def _json_of(data: bytes) -> Any:
    """Decode a file's bytes as JSON (UTF-8, with or without BOM), or refuse it saying where it stops parsing."""
    if not data.strip():
        raise BoundaryRefused("empty")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BoundaryRefused("encoding", position=exc.start) from exc
    except json.JSONDecodeError as exc:
        raise BoundaryRefused("not_json", line=exc.lineno, column=exc.colno, reason=exc.msg) from exc
    except RecursionError as exc:  # arrays or objects nested deeper than Python's parser recurses
        raise BoundaryRefused("too_deep") from exc


def _features_of(document: Any) -> list[Any]:
    """Return the features of a FeatureCollection, or a single Feature as a list of one; refuse anything else."""
    kind = document.get("type") if isinstance(document, dict) else None
    if kind == "Feature":
        return [document]
    if kind != "FeatureCollection" or not isinstance(document.get("features"), list):
        raise BoundaryRefused("not_geojson", found=kind or type(document).__name__)
    if not document["features"]:
        raise BoundaryRefused("no_features")
    return document["features"]


def _shape_of(geometry: Any, index: int, label: str, crs: str) -> BaseGeometry:
    """Check one feature's geometry as written, then return it in WGS84, simplified, rounded and valid."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        raise BoundaryRefused("not_polygon", index, label, found=kind or "null")
    polygons = geometry.get("coordinates")
    polygons = [polygons] if kind == "Polygon" else polygons
    if not isinstance(polygons, list) or not polygons:
        raise BoundaryRefused("bad_coordinates", index, label)
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise BoundaryRefused("bad_coordinates", index, label)
        for ring in polygon:
            _check_ring(ring, index, label, crs)
    try:
        written = shape({"type": kind, "coordinates": geometry["coordinates"]})
    except (ValueError, TypeError, ShapelyError) as exc:
        raise BoundaryRefused("bad_coordinates", index, label) from exc
    _check_valid(written, index, label)
    # Simplified before the conversion, which costs ~15 µs a point: the datum shift moves neighbouring points
    # alike (it changes by centimetres over a kilometre), so the same points would be dropped after it.
    simplified = written.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    converted = shapely.transform(simplified, lambda xy: _converted(xy, crs))
    simple = shapely.set_precision(converted, 10 ** -DECIMALS)  # also mends what rounding alone could break
    if simple.is_empty or simple.geom_type not in ("Polygon", "MultiPolygon"):
        raise BoundaryRefused("collapsed", index, label)
    return shapely.orient_polygons(simple)  # outer rings counter-clockwise, as RFC 7946 and the schematic


def _check_ring(ring: Any, index: int, label: str, crs: str) -> None:
    """Refuse a ring that is not a closed list of at least four [lon, lat] positions in range."""
    if not isinstance(ring, list) or not all(_is_position(p) for p in ring):
        raise BoundaryRefused("bad_coordinates", index, label)
    for lon, lat, *_ in ring:
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise BoundaryRefused("out_of_range", index, label, at=_at(lon, lat))
        if crs != "wgs84" and not prcoords.sanity_in_china_p(prcoords.Coords(lat, lon)):
            raise BoundaryRefused("outside_china", index, label, at=_at(lon, lat), crs=CRS_NAMES[crs])
    if len(ring) < 4:
        raise BoundaryRefused("too_few_points", index, label, at=_at(*ring[0][:2]) if ring else "—")
    if list(ring[0][:2]) != list(ring[-1][:2]):
        raise BoundaryRefused("not_closed", index, label, at=_at(*ring[0][:2]), end=_at(*ring[-1][:2]))


def _is_position(value: Any) -> bool:
    """Say whether a value is a GeoJSON position: two or three finite numbers."""
    return (isinstance(value, list) and len(value) in (2, 3)
            and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in value))


def _check_valid(geometry: BaseGeometry, index: int, label: str) -> None:
    """Refuse an invalid shape with GEOS's reason and the place it points at."""
    if shapely.is_valid(geometry):
        return
    reason = shapely.is_valid_reason(geometry)
    found = _LOCATION.match(reason)
    text, at = (found["reason"], f"[{found['lon']} {found['lat']}]") if found else (reason, "—")
    kind = _REASONS.get(text)
    if kind:
        raise BoundaryRefused(kind, index, label, at=at)
    raise BoundaryRefused("invalid", index, label, reason=text, at=at)


def _converted(xy: Any, crs: str) -> Any:
    """Convert an (n, 2) array of lon/lat from crs to WGS84."""
    if crs == "wgs84":
        return xy
    out = xy.copy()
    for row, (lon, lat) in enumerate(xy):
        out[row] = to_wgs84(float(lon), float(lat), crs)
    return out


def _rounded(value: Any) -> Any:
    """Round every number of nested coordinate tuples to DECIMALS, as lists."""
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return round(value, DECIMALS) if isinstance(value, float) else value


def _at(lon: float, lat: float) -> str:
    """Write a position as messages show it, [lon lat], without float noise (104.58999999999999)."""
    return f"[{round(lon, 7)!r} {round(lat, 7)!r}]"


def _text(value: Any) -> str:
    """Return a property value as stripped text ('' for none); 3.0 from a spreadsheet export reads as 3."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _places(con: duckdb.DuckDBPyConnection, level: str) -> list[Place]:
    """Return every township or community of the snapshot, by id."""
    rows = con.execute("select township_id, name_zh, name_en from townships where $level = 'township' union all "
                       "select community_id, name_zh, name_en from communities where $level = 'community' order by 1",
                       {"level": level}).fetchall()
    return [Place(*row) for row in rows]


def _match(features: list[Feature], id_property: str, places: list[Place],
           result: BoundaryResult) -> dict[str, Feature]:
    """Map each feature to a place by id, else by Chinese or English name; note the rest in result.unmatched."""
    by_id = {p.place_id: p for p in places}
    by_name: dict[str, list[Place]] = {}
    for place in places:
        for name in {place.name_zh.strip(), (place.name_en or place.name_zh).strip().casefold()}:
            by_name.setdefault(name, []).append(place)
    matches: dict[str, Feature] = {}
    for feature in features:
        value = _text(feature.properties.get(id_property))
        found = [by_id[value]] if value in by_id else by_name.get(value) or by_name.get(value.casefold()) or []
        if len(found) != 1:
            name = next((_text(feature.properties.get(k)) for k in NAME_PROPERTIES
                         if k != id_property and _text(feature.properties.get(k))), "")
            result.unmatched.append(Unmatched(feature.index, value, name, ambiguous=len(found) > 1))
            continue
        place = found[0]
        if place.place_id in matches:
            first = matches[place.place_id]
            raise BoundaryRefused("same_place", feature.index, feature.label(id_property), first=first.index,
                                  first_value=_text(first.properties.get(id_property)), place=place.place_id,
                                  name=place.name_zh)
        matches[place.place_id] = feature
    if not matches:
        examples = ", ".join(u.value for u in result.unmatched[:3])
        raise BoundaryRefused("nothing_matched", count=len(features), property=id_property, examples=examples,
                              level=result.level,
                              id_example=places[0].place_id, name_example=places[0].name_zh)
    return matches
