"""Core commands: build the demo warehouse, check query files, run the app."""

from __future__ import annotations

import argparse
import os
import sys

from dashboard.base.settings import REPO_ROOT, Settings, load_settings
from dashboard.cli.data import live_and_refusal
from dashboard.cli.query_check import file_of, problems_by_query
from dashboard.engine.runner import Runner
from dashboard.query.pagefile import load_pages, page_problems
from dashboard.query.registry import load_registry
from dashboard.warehouse import snapshot
from dashboard.warehouse.build import build_snapshot
from dashboard.warehouse.history import events, holds_loaded_rows, migrate
from dashboard.warehouse.schema import schema_hash
from dashboard.warehouse.writer import WriteError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add build, queries check and run."""
    build = subparsers.add_parser("build", help="build the demo warehouse snapshot from data/seed")
    build.add_argument("--if-missing", action="store_true",
                       help="keep the live snapshot (carrying its data into a changed schema.sql); build only if none")
    build.add_argument("--force", action="store_true", help="replace a live snapshot that holds loaded rows")
    build.set_defaults(handler=cmd_build)
    queries = subparsers.add_parser("queries", help="work with query files")
    qsub = queries.add_subparsers(dest="queries_command", required=True)
    qsub.add_parser("check", help="parse and run every query file; list every problem").set_defaults(
        handler=cmd_queries_check)
    run = subparsers.add_parser("run", help="serve the dashboard (streamlit run)")
    run.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="passed on to streamlit run")
    run.set_defaults(handler=cmd_run)


def cmd_build(args: argparse.Namespace) -> int:
    """Build a snapshot from the seed CSVs and make it live; never replace loaded rows unless forced."""
    settings = load_settings()
    live, refusal = live_and_refusal(settings, args.force, "rebuild the demo")
    try:
        if live and args.if_missing:
            return _keep_live(settings, live)
        if refusal:
            print(refusal, file=sys.stderr)
            return 1
        # Checked again under the writer lock: a load may land while this build waits for it.
        snapshot_id = build_snapshot(settings, settings.seed_dir, "demo warehouse from data/seed", force=args.force)
    except WriteError as exc:
        print(f"build failed, nothing changed: {exc}", file=sys.stderr)
        return 1
    print(f"built and published snapshot {snapshot_id}")
    return 0


def _keep_live(settings: Settings, live: str) -> int:
    """Keep the live snapshot; after a schema.sql change carry its data over, or rebuild it if it is pure demo."""
    if events(settings, live)[-1].get("schema_hash") == schema_hash():
        print(f"live snapshot: {live}")
        return 0
    try:
        new_id = migrate(settings)
    except WriteError as exc:
        if holds_loaded_rows(settings, live):
            raise
        print(f"live demo snapshot {live} cannot be carried into today's schema.sql ({exc}); rebuilding the demo")
        new_id = build_snapshot(settings, settings.seed_dir, "demo warehouse from data/seed", force=False)
    print(f"schema.sql changed: live data carried over into snapshot {new_id}")
    return 0


def cmd_queries_check(args: argparse.Namespace) -> int:
    """Report every broken query file; exit 1 if any."""
    settings = load_settings()
    registry = load_registry(settings.queries_dir)
    try:
        problems = problems_by_query(registry, Runner(settings))
    except snapshot.NoSnapshotError as exc:
        print(f"cannot check queries: {exc}", file=sys.stderr)
        return 1
    for problem in dict.fromkeys(problems.values()):
        print(problem)
    # A file with variants answers to several query ids: count both, a file being OK when all of its ids are.
    ids = [*registry.specs, *registry.errors]
    files = {file_of(registry, query_id) for query_id in ids}
    broken = {file_of(registry, query_id) for query_id in problems}
    print(f"{len(files) - len(broken)} of {len(files)} query files OK "
          f"({len(ids) - len(problems)} of {len(ids)} queries)")
    pages = load_pages(settings.queries_dir)
    page_errors = page_problems(pages, registry)
    for error in page_errors:
        print(error)
    files = len(pages.pages) + len(pages.errors)
    print(f"{files - len({e.path for e in page_errors})} of {files} page files OK")
    return 1 if problems or page_errors else 0


def cmd_run(args: argparse.Namespace) -> int:
    """Become the server process (`python -m dashboard.ui.serve`); the CLI itself never imports the UI layer."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    # exec, not a child: signals from systemd or Ctrl-C reach Streamlit itself.
    os.execve(sys.executable, [sys.executable, "-m", "dashboard.ui.serve", *args.streamlit_args], env)
    return 0  # not reached
