"""Benchmark: what a map costs beside a bar chart of the same rows, and what a city's detailed file would cost.

Run: `.venv/bin/python -m benchmarks.bench_maps [--repeat 5]`. Prints figures only. For each map query on the
live warehouse: reading and winding its boundaries, building the plot, and its JSON (what the browser is sent),
each beside a bar chart of the same rows. Then the community map again with every outline carrying many more
points (a surveyed file after the 5 m simplification still has hundreds per village).
"""

from __future__ import annotations

import argparse
import itertools
import json

import pandas as pd

from benchmarks.timing import timed
from dashboard.base.settings import load_settings
from dashboard.briefing.collect import map_shapes, open_runner
from dashboard.present.charts import build_plot
from dashboard.present.maps import Shapes
from dashboard.present.plots import query_plot
from dashboard.query.registry import load_registry
from dashboard.query.sqlfile import ChartSpec


def densified(frame: pd.DataFrame, points: int) -> pd.DataFrame:
    """Return boundary rows whose outer rings have about `points` points each, along the same outline."""
    def one(text: str) -> str:
        geometry = json.loads(text)
        ring = geometry["coordinates"][0]
        steps = max(1, points // (len(ring) - 1))
        dense = [[a[0] + (b[0] - a[0]) * k / steps, a[1] + (b[1] - a[1]) * k / steps]
                 for a, b in itertools.pairwise(ring) for k in range(steps)] + [ring[-1]]
        return json.dumps({"type": "Polygon", "coordinates": [dense]})
    return frame.assign(geometry=frame["geometry"].map(one))


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = load_settings()
    registry, runner = load_registry(settings.queries_dir), open_runner(settings)
    print(f"{'query':42} {'shapes ms':>9} {'map ms':>8} {'bar ms':>7} {'ratio':>6} {'map kB':>7} {'bar kB':>7}")
    for query_id, spec in sorted(registry.specs.items()):
        if spec.chart.type != "map":
            continue
        rows = runner.run(spec, {}).frame
        shapes = map_shapes(runner, registry, spec, "zh")
        assert shapes is not None
        bar = ChartSpec(type="bar", x=spec.chart.place_column, y=(spec.chart.value or "",))
        read = timed(lambda spec=spec: map_shapes(runner, registry, spec, "zh"), args.repeat)
        drawn = timed(lambda spec=spec, rows=rows, shapes=shapes: query_plot(rows, spec, "zh", shapes=shapes)
                      .to_json(), args.repeat)
        plain = timed(lambda rows=rows, bar=bar: build_plot(rows, bar).to_json(), args.repeat)
        size = len(query_plot(rows, spec, "zh", shapes=shapes).to_json()) / 1e3
        print(f"{query_id:42} {read * 1e3:9.1f} {drawn * 1e3:8.1f} {plain * 1e3:7.1f} {drawn / plain:6.1f} "
              f"{size:7.0f} {len(build_plot(rows, bar).to_json()) / 1e3:7.0f}")
    spec = registry.get("services/elderly_care_map_community")
    rows = runner.run(spec, {}).frame
    boundaries = registry.get("reference/boundaries")
    places = runner.run(boundaries, {"level": "community", "lang": "zh"}).frame
    towns = runner.run(boundaries, {"level": "township", "lang": "zh"}).frame
    print(f"\n{'points per village':>18} {'shapes ms':>9} {'map ms':>8} {'map kB':>7}")
    for points in (4, 50, 200):
        dense = densified(places, points)
        read = timed(lambda dense=dense: Shapes.from_frame("community", dense, towns), args.repeat)
        shapes = Shapes.from_frame("community", dense, towns)
        drawn = timed(lambda shapes=shapes: query_plot(rows, spec, "zh", shapes=shapes).to_json(), args.repeat)
        size = len(query_plot(rows, spec, "zh", shapes=shapes).to_json()) / 1e3
        print(f"{points:18} {read * 1e3:9.1f} {drawn * 1e3:8.1f} {size:7.0f}")


if __name__ == "__main__":
    main()
