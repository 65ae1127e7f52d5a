"""Meeting commands: freeze the live warehouse as a named edition, and list the editions."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

import pandas as pd

from dashboard.access.audit import cli_user
from dashboard.base.settings import load_settings
from dashboard.engine.runner import Runner
from dashboard.query.registry import load_registry
from dashboard.warehouse.editions import create_edition
from dashboard.warehouse.snapshot import NoSnapshotError
from dashboard.warehouse.writer import WriteError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `edition create` and `editions`."""
    edition = subparsers.add_parser("edition", help="meeting editions (期次)")
    actions = edition.add_subparsers(dest="edition_command", required=True)
    create = actions.add_parser("create", help="freeze the live warehouse as a named edition for a meeting")
    create.add_argument("--name", required=True, help='e.g. "2018年10月例会"')
    create.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                        help="the day it is judged on (YYYY-MM-DD; default: the warehouse's as-of date)")
    create.add_argument("--id", dest="edition_id", default=None, help="its id in URLs (default: YYYY-MM of as-of)")
    create.set_defaults(handler=cmd_edition_create)
    subparsers.add_parser("editions", help="list the meeting editions").set_defaults(handler=cmd_editions)


def cmd_edition_create(args: argparse.Namespace) -> int:
    """Freeze the live snapshot as an edition; print its id, or one line saying why not."""
    try:
        made = create_edition(load_settings(), args.name, args.as_of, by=cli_user(), edition_id=args.edition_id)
    except (WriteError, NoSnapshotError) as exc:
        print(f"edition not created: {exc}", file=sys.stderr)
        return 1
    print(f"edition {made.edition_id} ({made.name}) judged on {made.as_of}, reading snapshot {made.snapshot_id}")
    return 0


def cmd_editions(args: argparse.Namespace) -> int:
    """Print every edition, oldest first."""
    settings = load_settings()
    try:
        rows = Runner(settings).run(load_registry(settings.queries_dir).get("reference/editions")).frame
    except NoSnapshotError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if rows.empty:
        print("no editions yet: python -m dashboard edition create --name NAME")
        return 0
    for row in rows.itertuples(index=False):
        day = pd.Timestamp(row.as_of).date()
        print(f"{row.edition_id}\t{row.name}\t{day}\tsnapshot {row.snapshot_id}\t{row.follow_ups} follow-ups")
    return 0
