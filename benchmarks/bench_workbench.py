"""Benchmark the analyst workbench: sandboxed ad-hoc runs, downloads, and a runaway query beside a fast one.

Run: `.venv/bin/python -m benchmarks.bench_workbench [--repeat 5] [--limit 1]`. Prints figures only.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.timing import timed
from dashboard.base.settings import load_settings
from dashboard.engine.runner import QueryError, Runner
from dashboard.present.downloads import csv_bytes, xlsx_bytes
from dashboard.warehouse import snapshot

# Independent benchmark SQL, not part of the product.
SMALL = "select township_id, count(*) as n from communities group by all"
WIDE = "select * from questionnaires"
HUGE = "select a.range as a, b.range as b from range(1000000) as a, range(1000000) as b"
RUNAWAY = "select count(*) from range(100000) as a, range(100000) as b, range(1000) as c"


def bench_runs_and_downloads(repeat: int) -> None:
    """Print ad-hoc run times (small, row-capped wide, far over the cap) and CSV/XLSX build times."""
    runner = Runner(load_settings())
    for name, sql in (("small aggregate", SMALL), ("questionnaires, capped", WIDE), ("10^12-row cross join", HUGE)):
        result = runner.run_sql(sql)
        seconds = timed(lambda q=sql: runner.run_sql(q), repeat)
        print(f"run_sql {name:28} {seconds * 1000:8.1f} ms  rows {len(result.frame):6d}  truncated {result.truncated}")
    frame = runner.run_sql(WIDE).frame
    for name, build in (("csv", csv_bytes), ("xlsx", xlsx_bytes)):
        size = len(build(frame))
        print(f"{name} of {len(frame)} x {frame.shape[1]:<2} {timed(lambda b=build: b(frame), repeat) * 1000:8.1f} ms  "
              f"{size / 1024:8.0f} KiB")


def bench_runaway(limit: int) -> None:
    """Print when a runaway query is stopped and how fast other queries answer meanwhile."""
    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        var_dir = Path(tmp) / "var"
        shutil.copytree(settings.var_dir, var_dir, ignore=shutil.ignore_patterns("*.building"))
        runner = Runner(dataclasses.replace(settings, var_dir=var_dir, max_seconds=limit))
        runner.run_sql(SMALL)
        outcome: dict[str, float] = {}

        def runaway() -> None:
            start = time.perf_counter()
            try:
                runner.run_sql(RUNAWAY)
            except QueryError:
                outcome["stopped_after"] = time.perf_counter() - start

        thread = threading.Thread(target=runaway)
        thread.start()
        latencies = []
        while thread.is_alive():
            start = time.perf_counter()
            runner.run_sql(SMALL)
            latencies.append(time.perf_counter() - start)
        thread.join()
        print(f"runaway stopped after {outcome['stopped_after']:.2f} s (limit {limit} s); meanwhile "
              f"{len(latencies)} other queries answered, median {statistics.median(latencies) * 1000:.1f} ms, "
              f"max {max(latencies) * 1000:.1f} ms")
    assert snapshot.current_snapshot_id(settings)


def main() -> None:
    """Parse arguments and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=1, help="time limit (s) for the runaway query")
    args = parser.parse_args()
    bench_runs_and_downloads(args.repeat)
    bench_runaway(args.limit)


if __name__ == "__main__":
    main()
