"""Benchmark: load a large GBK questionnaire CSV through `python -m dashboard load`, dry run then for real.

Run: `.venv/bin/python -m benchmarks.bench_load [--rows 1000000] [--seed 0]`. Prints figures only.
Everything happens on a private warehouse built in a temporary directory; the live one is not touched.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.base.settings import REPO_ROOT

HEADER = ["问卷编号", "村社编号", "填写日期", "年龄段", "总体满意度", "获得感", "知晓并认同", "最关心的需求"]
AGE_BANDS = ["18-34", "35-59", "60+"]
CONCERNS = ["elderly_care", "security", "environment", "roads"]
FIRST_DAY = datetime.date(2017, 9, 1)
LAST_DAY = datetime.date(2018, 10, 25)
TARGET_SECONDS = 60
TARGET_RSS_MB = 1024
COUNT_SQL = "select count(*) from questionnaires where questionnaire_id like 'BQ%'"
GNU_TIME = Path("/usr/bin/time")
# Fallback wrapper: runs argv[2:] as its only child and writes that child's peak RSS (KiB) to argv[1].
RSS_WRAPPER = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[2:]).returncode; "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(code)"
)


@dataclass
class Measured:
    """Wall time and peak resident memory of one CLI run."""

    seconds: float
    peak_rss_mb: float
    stdout: str


def cli(*args: str) -> list[str]:
    """Return the argv that runs the dashboard CLI with this interpreter."""
    return [sys.executable, "-m", "dashboard", *args]


def child_env(var_dir: Path) -> dict[str, str]:
    """Return the environment pointing the CLI at the private warehouse."""
    env = dict(os.environ, DASHBOARD_VAR_DIR=str(var_dir))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def run_or_exit(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a command, and on a non-zero exit print its output and stop the benchmark with status 1."""
    done = subprocess.run(argv, env=env, cwd=REPO_ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"FAILED (exit {done.returncode}): {' '.join(argv)}", file=sys.stderr)
        print(done.stdout, file=sys.stderr)
        print(done.stderr, file=sys.stderr)
        raise SystemExit(1)
    return done


def measure(argv: list[str], env: dict[str, str], scratch: Path) -> Measured:
    """Run a command under GNU time (or a Python wrapper) and return its wall time and its own peak RSS."""
    report = scratch / "rss.txt"
    if GNU_TIME.exists():
        wrapped = [str(GNU_TIME), "-f", "%M", "-o", str(report), *argv]
    else:
        wrapped = [sys.executable, "-c", RSS_WRAPPER, str(report), *argv]
    start = time.perf_counter()
    done = run_or_exit(wrapped, env)
    seconds = time.perf_counter() - start
    peak_kib = int(report.read_text().strip().splitlines()[-1])
    return Measured(seconds, peak_kib / 1024, done.stdout)


def community_ids() -> list[str]:
    """Return the real community ids of the seed data."""
    with open(REPO_ROOT / "data" / "seed" / "communities.csv", encoding="utf-8", newline="") as handle:
        return [row["community_id"] for row in csv.DictReader(handle)]


def write_questionnaires(path: Path, rows: int, seed: int) -> None:
    """Stream a GBK questionnaire CSV of the given row count, deterministic for a seed."""
    rng = random.Random(seed)
    communities = community_ids()
    days = [(FIRST_DAY + datetime.timedelta(days=i)).isoformat() for i in range((LAST_DAY - FIRST_DAY).days + 1)]
    scores = ["1", "2", "3", "4", "5"]
    width = max(7, len(str(rows)))

    def score() -> str:
        """Return a 1..5 score, now and then left blank."""
        return "" if rng.random() < 0.03 else rng.choice(scores)

    with open(path, "w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        batch = []
        for i in range(1, rows + 1):
            batch.append((f"BQ{i:0{width}d}", rng.choice(communities), rng.choice(days), rng.choice(AGE_BANDS),
                          score(), score(), "是" if rng.random() < 0.7 else "否", rng.choice(CONCERNS)))
            if len(batch) == 10_000:
                writer.writerows(batch)
                batch.clear()
        writer.writerows(batch)


def loaded_count(env: dict[str, str]) -> int:
    """Return how many benchmark rows (ids starting BQ) the live snapshot holds."""
    out = run_or_exit(cli("sql", "--csv", COUNT_SQL), env).stdout
    return int(next(csv.reader(out.strip().splitlines()[-1:]))[0])


def main() -> int:
    """Build a private warehouse, write the CSV, time a --check run and a real load, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="questionnaire rows in the CSV")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the generated rows")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_load_") as tmp:
        scratch = Path(tmp)
        env = child_env(scratch / "var")
        start = time.perf_counter()
        run_or_exit(cli("build"), env)
        print(f"private warehouse built in {time.perf_counter() - start:.1f} s")

        csv_path = scratch / "questionnaires_gbk.csv"
        start = time.perf_counter()
        write_questionnaires(csv_path, args.rows, args.seed)
        size_mb = csv_path.stat().st_size / 1024 / 1024
        print(f"wrote {args.rows:,} rows, {size_mb:.1f} MB (GBK) in {time.perf_counter() - start:.1f} s")

        load = cli("load", str(csv_path), "--table", "questionnaires")
        check = measure([*load, "--check"], env, scratch)
        before = loaded_count(env)
        real = measure(load, env, scratch)
        count = loaded_count(env)
        print("load said:", *real.stdout.strip().splitlines()[-5:], sep="\n  ")

    print(f"BQ rows in warehouse: {before:,} after --check, {count:,} after load (expected {args.rows:,})")
    print(f"\n{'':18} {'--check':>10} {'load':>10} {'target':>10}")
    print(f"{'rows':18} {args.rows:>10,} {args.rows:>10,}")
    print(f"{'file MB':18} {size_mb:>10.1f} {size_mb:>10.1f}")
    print(f"{'wall s':18} {check.seconds:>10.2f} {real.seconds:>10.2f} {'< ' + str(TARGET_SECONDS):>10}")
    print(f"{'peak RSS MB':18} {check.peak_rss_mb:>10.0f} {real.peak_rss_mb:>10.0f} {'< ' + str(TARGET_RSS_MB):>10}")
    print(f"{'rows/s':18} {args.rows / check.seconds:>10,.0f} {args.rows / real.seconds:>10,.0f}")
    print(f"\ntargets (issue): load under {TARGET_SECONDS} s, peak memory under 1 GB; "
          f"load {'meets' if real.seconds < TARGET_SECONDS else 'MISSES'} time, "
          f"{'meets' if real.peak_rss_mb < TARGET_RSS_MB else 'MISSES'} memory")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
