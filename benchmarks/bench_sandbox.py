"""Benchmark the bounded ad-hoc SQL path: a trivial statement in the server's own connection and in a SQL worker.

Run: `.venv/bin/python -m benchmarks.bench_sandbox [--repeat 20]`. Prints figures only.
"In the server" is how ad-hoc SQL ran before it moved to workers (the statement check plus a cursor on the
locked connection); "in a worker" is Runner.run_sql now. Also prints a worker's start, the cost of a memory hog,
and the peak resident size of the workers.
"""

from __future__ import annotations

import argparse
import resource
import time

from benchmarks.timing import timed
from dashboard.base.settings import load_settings
from dashboard.engine.pool import pool_for
from dashboard.engine.runner import QueryError, Runner
from dashboard.engine.sandbox import fetch_capped, read_statement

# Independent benchmark SQL, not part of the product.
TRIVIAL = "select 1"
SMALL = "select township_id, count(*) as n from communities group by all"
HOGS = ("select len(range(0, 400000000))", "select list(i) from range(100000000) as r(i)")


def in_server(runner: Runner, sql: str) -> None:
    """Run a statement as ad-hoc SQL ran before workers: checked, then on a cursor of the server's connection."""
    cursor, _ = runner.connection()
    try:
        fetch_capped(cursor, read_statement(sql), {}, runner.settings.row_cap)
    finally:
        cursor.close()


def main() -> None:
    """Parse arguments and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    settings = load_settings()
    runner = Runner(settings)
    start = time.perf_counter()
    runner.run_sql(TRIVIAL)
    print(f"first statement, worker starting      {(time.perf_counter() - start) * 1000:8.1f} ms")
    for name, sql in (("select 1", TRIVIAL), ("small aggregate", SMALL)):
        in_server(runner, sql)
        before = timed(lambda q=sql: in_server(runner, q), args.repeat)
        after = timed(lambda q=sql: runner.run_sql(q), args.repeat)
        print(f"{name:16} in the server {before * 1000:7.1f} ms   in a worker {after * 1000:7.1f} ms  "
              f"(median of {args.repeat})")
    for sql in HOGS:
        start = time.perf_counter()
        try:
            runner.run_sql(sql)
            outcome = "answered"
        except QueryError as exc:
            outcome = exc.kind
        stopped = time.perf_counter() - start
        start = time.perf_counter()
        runner.run_sql(TRIVIAL)
        print(f"{sql[:44]:44} {outcome} after {stopped * 1000:7.1f} ms; next statement "
              f"{(time.perf_counter() - start) * 1000:7.1f} ms (a replacement worker starting)")
    pool_for(settings).close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident size: this process {own:.0f} MB, largest worker {children:.0f} MB "
          f"(limit {settings.sql_worker_memory})")


if __name__ == "__main__":
    main()
