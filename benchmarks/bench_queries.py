"""Benchmark: time every query file on the live warehouse, and DuckDB vs pandas aggregation at scale.

Run: `.venv/bin/python -m benchmarks.bench_queries [--rows 2000000] [--repeat 5]`. Prints figures only.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import duckdb

from benchmarks.timing import timed
from dashboard.base.settings import load_settings
from dashboard.engine.runner import Runner
from dashboard.query.registry import load_registry
from dashboard.warehouse import snapshot

# Independent benchmark SQL: a scaled copy of the questionnaires table, not part of the product.
SCALE_SQL = """
create table big as
select q.* replace (q.questionnaire_id || '-' || r.i as questionnaire_id), c.township_id
from questionnaires as q
join communities as c using (community_id)
cross join range($copies) as r(i)
"""
GROUP_SQL = """
select township_id, date_trunc('month', collected_on) as month, count(*) as n, avg(satisfaction) as mean
from big group by all
"""


def bench_query_files(repeat: int) -> None:
    """Print the median time of each query file run with its defaults through the sandboxed runner."""
    settings = load_settings()
    registry = load_registry(settings.queries_dir)
    runner = Runner(settings)
    print(f"{'query':48} {'median ms':>10} {'rows':>7}")
    for query_id, spec in sorted(registry.specs.items()):
        rows = len(runner.run(spec).frame)
        print(f"{query_id:48} {timed(lambda s=spec: runner.run(s), repeat) * 1000:10.1f} {rows:7d}")


def bench_aggregation(rows: int, repeat: int) -> None:
    """Print DuckDB group-by time next to fetch-all-then-pandas time on a scaled table, and their ratio."""
    source = snapshot.current_snapshot_path(load_settings())
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
        con.execute("attach $path as src (read_only)", {"path": str(source)})
        con.execute("use src")
        base = con.execute("select count(*) from questionnaires").fetchone()[0]
        copies = max(1, rows // base)
        con.execute("use bench")
        con.execute("create view questionnaires as select * from src.questionnaires")
        con.execute("create view communities as select * from src.communities")
        con.execute(SCALE_SQL, {"copies": copies})
        total = con.execute("select count(*) from big").fetchone()[0]
        in_duckdb = timed(lambda: con.execute(GROUP_SQL).df(), repeat)

        def in_pandas() -> None:
            frame = con.execute("select * from big").df()
            frame["month"] = frame["collected_on"].dt.to_period("M")
            frame.groupby(["township_id", "month"])["satisfaction"].agg(["count", "mean"])

        pandas_time = timed(in_pandas, max(1, repeat // 2))
        con.close()
    print(f"\naggregate {total:,} questionnaire rows by township x month")
    print(f"{'duckdb group by':24} {in_duckdb:8.3f} s")
    print(f"{'fetch all + pandas':24} {pandas_time:8.3f} s")
    print(f"{'ratio pandas / duckdb':24} {pandas_time / in_duckdb:8.1f} x")


def main() -> None:
    """Parse arguments and print both benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2_000_000, help="rows in the scaled aggregation table")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median reported)")
    args = parser.parse_args()
    bench_query_files(args.repeat)
    bench_aggregation(args.rows, args.repeat)


if __name__ == "__main__":
    main()
