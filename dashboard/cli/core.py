"""Core commands: build the demo warehouse, check query files, run the app."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from dashboard.checks import check_registry
from dashboard.registry import load_registry
from dashboard.runner import Runner
from dashboard.settings import REPO_ROOT, load_settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.build import BuildError, build_snapshot, built_with_current_schema
from dashboard.warehouse.load import LOADABLE, load_file


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add build, queries check and run."""
    build = subparsers.add_parser("build", help="build the demo warehouse snapshot from data/seed")
    build.add_argument("--if-missing", action="store_true",
                       help="do nothing when a live snapshot built from the current schema exists")
    build.set_defaults(handler=cmd_build)
    queries = subparsers.add_parser("queries", help="work with query files")
    qsub = queries.add_subparsers(dest="queries_command", required=True)
    qsub.add_parser("check", help="parse and run every query file; list every problem").set_defaults(
        handler=cmd_queries_check)
    load = subparsers.add_parser("load", help="append a CSV/XLSX file to a table in a new snapshot")
    load.add_argument("file", type=Path, help="a .csv (UTF-8 or GBK) or .xlsx file with the table's columns")
    load.add_argument("--table", required=True, choices=LOADABLE, help="the table the rows belong to")
    load.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="new as-of date (YYYY-MM-DD)")
    load.set_defaults(handler=cmd_load)
    run = subparsers.add_parser("run", help="serve the dashboard (streamlit run)")
    run.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="passed on to streamlit run")
    run.set_defaults(handler=cmd_run)


def cmd_build(args: argparse.Namespace) -> int:
    """Build a snapshot from the seed CSVs and make it live."""
    settings = load_settings()
    if args.if_missing:
        try:
            live = snapshot.current_snapshot_id(settings)
        except snapshot.NoSnapshotError:
            live = None
        if live and built_with_current_schema(snapshot.snapshot_path(settings, live)):
            print(f"live snapshot: {live}")
            return 0
        if live:
            print(f"live snapshot {live} was built from an older schema: rebuilding from {settings.seed_dir}")
    try:
        snapshot_id = build_snapshot(settings, settings.seed_dir, "demo warehouse from data/seed")
    except BuildError as exc:
        print(f"build failed, nothing changed: {exc}", file=sys.stderr)
        return 1
    print(f"built and published snapshot {snapshot_id}")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    """Validate a file and publish a snapshot with its rows; on any error nothing changes."""
    try:
        result = load_file(load_settings(), args.file, args.table, as_of=args.as_of)
    except (BuildError, snapshot.NoSnapshotError) as exc:
        print(f"load failed, nothing changed: {exc}", file=sys.stderr)
        return 1
    print(f"loaded {result.rows} rows into {result.table} ({result.encoding}); live snapshot {result.snapshot_id}")
    return 0


def cmd_queries_check(args: argparse.Namespace) -> int:
    """Report every broken query file; exit 1 if any."""
    settings = load_settings()
    registry = load_registry(settings.queries_dir)
    try:
        problems = check_registry(registry, Runner(settings))
    except snapshot.NoSnapshotError as exc:
        print(f"cannot check queries: {exc}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem)
    total = len(registry.specs) + len(registry.errors)
    print(f"{total - len(problems)} of {total} query files OK")
    return 1 if problems else 0


def cmd_run(args: argparse.Namespace) -> int:
    """Start Streamlit on the app entry point."""
    app = REPO_ROOT / "dashboard" / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(app), *args.streamlit_args]
    return subprocess.call(command, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
