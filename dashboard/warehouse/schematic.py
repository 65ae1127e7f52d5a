"""A deterministic schematic map for places with no real boundary: townships as blocks, communities as cells.

The demo has no real township or community boundaries, and drawing invented outlines that look real would
mislead. So the build lays townships out as equal rectangles on a grid (urban ones in the middle) and splits
each into one cell per community. Every map drawn from these shapes says it is a schematic.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import duckdb

# Near the city's centre, so a later real boundary file lands in the same part of the world.
CENTRE = (104.55, 30.40)
BLOCK_LAT = 0.10  # a township block's height in degrees
GAP = 0.08  # share of a block or cell left blank around it, so borders read on screen and in print
COLUMNS = 4


def _rectangle(west: float, south: float, east: float, north: float, gap: float) -> dict:
    """Return a GeoJSON Polygon for a rectangle shrunk by a share of its size on each side."""
    dx, dy = (east - west) * gap / 2, (north - south) * gap / 2
    w, s, e, n = (round(v, 6) for v in (west + dx, south + dy, east - dx, north - dy))
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


def _block_order(count: int, columns: int) -> list[tuple[int, int]]:
    """Return grid cells (row, column) from the middle outwards, so the first townships sit in the centre."""
    rows = math.ceil(count / columns)
    mid_r, mid_c = (rows - 1) / 2, (columns - 1) / 2
    cells = [(r, c) for r in range(rows) for c in range(columns)]
    return sorted(cells, key=lambda rc: (abs(rc[0] - mid_r) + abs(rc[1] - mid_c), rc))[:count]


def layout(townships: list[tuple[str, str]], communities: list[tuple[str, str]]) -> list[tuple[str, str, dict]]:
    """Return (level, place_id, geometry) for townships [(id, area)] and communities [(id, township_id)].

    Urban townships come first, so they take the middle blocks; within a block, communities fill a grid in
    id order. The same places always give the same shapes.
    """
    ordered = sorted(townships, key=lambda t: (t[1] != "urban", t[0]))
    block_lon = BLOCK_LAT / math.cos(math.radians(CENTRE[1]))  # square on a Mercator map at this latitude
    cells = _block_order(len(ordered), COLUMNS)
    rows = max((r for r, _ in cells), default=0) + 1
    west0 = CENTRE[0] - COLUMNS * block_lon / 2
    north0 = CENTRE[1] + rows * BLOCK_LAT / 2
    members: dict[str, list[str]] = {}
    for community_id, township_id in sorted(communities):
        members.setdefault(township_id, []).append(community_id)
    shapes: list[tuple[str, str, dict]] = []
    for (township_id, _), (row, col) in zip(ordered, cells, strict=True):
        west, north = west0 + col * block_lon, north0 - row * BLOCK_LAT
        shapes.append(("township", township_id, _rectangle(west, north - BLOCK_LAT, west + block_lon, north, GAP)))
        inner = members.get(township_id, [])
        across = math.ceil(math.sqrt(len(inner))) if inner else 1
        down = math.ceil(len(inner) / across) if inner else 1
        # Cells fill the block less its gap, so a township's communities sit inside its outline.
        left, top = west + block_lon * GAP / 2, north - BLOCK_LAT * GAP / 2
        width, height = block_lon * (1 - GAP) / across, BLOCK_LAT * (1 - GAP) / down
        for i, community_id in enumerate(inner):
            r, c = divmod(i, across)
            x, y = left + c * width, top - r * height
            shapes.append(("community", community_id, _rectangle(x, y - height, x + width, y, GAP)))
    return shapes


def add_schematic(con: duckdb.DuckDBPyConnection) -> int:
    """Give every township and community without a boundary its schematic shape; return how many were added."""
    towns = con.execute("select township_id, area from townships order by township_id").fetchall()
    places = con.execute("select community_id, township_id from communities order by community_id").fetchall()
    have = {(level, pid) for level, pid in con.execute("select level, place_id from boundaries").fetchall()}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [(level, pid, json.dumps(geometry), "schematic", "schematic", now)
            for level, pid, geometry in layout(towns, places) if (level, pid) not in have]
    if rows:
        con.executemany("insert into boundaries values (?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
