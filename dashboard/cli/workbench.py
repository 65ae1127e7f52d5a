"""Analyst commands: run ad-hoc SQL through the app's sandbox, and scaffold a new query file."""

from __future__ import annotations

import argparse
import sys
import time

from dashboard.access.audit import cli_user, record_sql
from dashboard.base.i18n import DEFAULT_LANG, LANGS, translate
from dashboard.base.settings import load_settings
from dashboard.engine.runner import QueryError, Runner
from dashboard.engine.sqlerrors import explain_error
from dashboard.present.downloads import csv_text
from dashboard.query.scaffold import ScaffoldError, create_query_file


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `sql` and `queries new` (the `queries` command itself comes from the core module)."""
    sql = subparsers.add_parser("sql", help="run one read-only SQL statement in the sandbox and print the rows")
    sql.add_argument("statement", help='one statement, e.g. "select * from townships"')
    sql.add_argument("--csv", action="store_true", help="print CSV instead of a text table")
    sql.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="language of error messages")
    sql.set_defaults(handler=cmd_sql)
    new = _queries_subcommands(subparsers).add_parser("new", help="create queries/<section>/<name>.sql from a "
                                                                  "template that passes `queries check`")
    new.add_argument("name", help="section/name, e.g. voice/demands_by_month")
    new.set_defaults(handler=cmd_queries_new)


def _queries_subcommands(subparsers: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Find the sub-command group of the existing `queries` command; argparse offers no public way."""
    queries = subparsers.choices["queries"]
    return next(a for a in queries._actions if isinstance(a, argparse._SubParsersAction))


def cmd_sql(args: argparse.Namespace) -> int:
    """Run a statement as the ad-hoc page does, in a SQL worker; print the rows, or one error line and exit 1."""
    settings = load_settings()
    start = time.perf_counter()
    try:
        result = Runner(settings).run_sql(args.statement)
    except QueryError as exc:
        record_sql(settings, cli_user(), args.statement, error=exc, seconds=time.perf_counter() - start)
        print(explain_error(exc, args.lang, settings), file=sys.stderr)
        return 1
    record_sql(settings, cli_user(), args.statement, result, seconds=time.perf_counter() - start)
    frame = result.frame
    # The same writer as the page's CSV download: fields with line breaks quoted, formulas neutralised.
    sys.stdout.write(csv_text(frame) if args.csv else frame.to_string(index=False) + "\n")
    if result.truncated:
        print(translate("workbench.cli.truncated", args.lang, cap=len(frame)), file=sys.stderr)
    return 0


def cmd_queries_new(args: argparse.Namespace) -> int:
    """Write a new query file and say what to do next."""
    settings = load_settings()
    try:
        spec = create_query_file(settings.queries_dir, args.name)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"created {spec.path}")
    print("edit its header and SQL, then run: python -m dashboard queries check")
    return 0
