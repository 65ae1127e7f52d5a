"""Data lifecycle commands: load (append, correct, remove), template, snapshots, rollback, init --empty."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from dashboard.access.audit import cli_user, record_load, record_rollback
from dashboard.base.i18n import LANGS, translate
from dashboard.base.settings import Settings, load_settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.build import build_empty
from dashboard.warehouse.dictionary import loadable_tables
from dashboard.warehouse.history import holds_loaded_rows, list_snapshots, rollback
from dashboard.warehouse.load import load_file, shown_preview
from dashboard.warehouse.problems import LoadRefused
from dashboard.warehouse.template import template_bytes
from dashboard.warehouse.validate import MODES
from dashboard.warehouse.writer import WriteError


def _lang_argument(parser: argparse.ArgumentParser) -> None:
    """Add --lang, defaulting to DASHBOARD_LANG or Chinese."""
    parser.add_argument("--lang", choices=LANGS, default=load_settings().lang,
                        help="language of messages and templates (default zh)")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add load, template, snapshots, rollback and init."""
    load = subparsers.add_parser("load", help="check a CSV/XLSX file and write its rows into a new snapshot")
    load.add_argument("file", type=Path, help="a .csv (UTF-8 or GBK; comma, tab or semicolon) or .xlsx file")
    load.add_argument("--table", required=True, choices=loadable_tables(), help="the table the rows belong to")
    load.add_argument("--mode", choices=MODES, default="append",
                      help="append new rows (default), upsert: replace rows with a stored key, delete: remove by key")
    load.add_argument("--sheet", default=None,
                      help="the sheet of an .xlsx workbook to load (needed when several sheets hold data)")
    load.add_argument("--check", action="store_true", help="check and preview only; change nothing")
    load.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="new as-of date (YYYY-MM-DD)")
    _lang_argument(load)
    load.set_defaults(handler=cmd_load)
    template = subparsers.add_parser("template", help="write the Excel template of a loadable table")
    template.add_argument("table", choices=loadable_tables())
    template.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    _lang_argument(template)
    template.set_defaults(handler=cmd_template)
    subparsers.add_parser("snapshots", help="list kept snapshots and what each write did").set_defaults(
        handler=cmd_snapshots)
    back = subparsers.add_parser("rollback", help="make an earlier snapshot's data live again (itself undoable)")
    back.add_argument("snapshot_id", help="an id that `snapshots` lists")
    back.set_defaults(handler=cmd_rollback)
    init = subparsers.add_parser("init", help="start a warehouse for a city's own data")
    init.add_argument("--empty", action="store_true", required=True, help="no demo rows: load your own files next")
    init.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today(), help="as-of date")
    init.add_argument("--force", action="store_true", help="replace a live warehouse that holds loaded rows")
    init.set_defaults(handler=cmd_init)


def shown_name(path: Path) -> str:
    """Return a file's name as text: bytes that are not UTF-8 (kept by Python as surrogates) shown as �."""
    return os.fsencode(path.name).decode("utf-8", errors="replace")


def cmd_load(args: argparse.Namespace) -> int:
    """Check a file and publish a snapshot with its rows; print every problem and change nothing on any."""
    settings = load_settings()
    name = shown_name(args.file)
    try:
        result = load_file(settings, args.file, args.table, mode=args.mode, name=name, as_of=args.as_of,
                           dry_run=args.check, sheet=args.sheet)
    except LoadRefused as refused:
        if not args.check:
            record_load(settings, cli_user(), name, args.table, args.mode, error=refused)
        print(refused.summary(args.lang), file=sys.stderr)
        print(refused.frame(args.lang).to_csv(index=False, sep="\t"), file=sys.stderr, end="")
        return 1
    except (WriteError, snapshot.NoSnapshotError) as exc:
        if not args.check:
            record_load(settings, cli_user(), name, args.table, args.mode, error=exc)
        print(translate("load.failed", args.lang, message=str(exc)), file=sys.stderr)
        return 1
    if args.check:
        print(translate("load.checked", args.lang, rows=result.rows, encoding=result.encoding,
                        delimiter=repr(result.delimiter)))
        print(shown_preview(result, args.lang).to_string(index=False, na_rep=""))
        return 0
    record_load(settings, cli_user(), name, args.table, args.mode, result=result)
    print(translate("load.done", args.lang, name=name, table=args.table, rows=result.rows, added=result.added,
                    replaced=result.replaced, removed=result.removed, snapshot=result.snapshot_id))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """Write one table's template workbook."""
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(template_bytes(args.table, args.lang, load_settings().seed_dir))
    print(f"wrote {args.out}")
    return 0


def cmd_snapshots(args: argparse.Namespace) -> int:
    """Print the kept snapshots, newest first."""
    frame = list_snapshots(load_settings())
    if frame.empty:
        print("no snapshots yet: run `python -m dashboard build` or `python -m dashboard init --empty`")
        return 0
    frame["live"] = frame["live"].map({True: "← live", False: ""})
    frame["pinned"] = frame["pinned"].map({True: "pinned", False: ""})
    print(frame.to_string(index=False))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """Write a new live snapshot holding an earlier one's data."""
    settings = load_settings()
    try:
        new_id = rollback(settings, args.snapshot_id)
    except (WriteError, snapshot.NoSnapshotError) as exc:
        record_rollback(settings, cli_user(), args.snapshot_id, error=exc)
        print(f"rollback failed, nothing changed: {exc}", file=sys.stderr)
        return 1
    record_rollback(settings, cli_user(), args.snapshot_id, new_id)
    print(f"rolled back to {args.snapshot_id}: live snapshot {new_id} (undo: rollback to the one before)")
    return 0


def live_and_refusal(settings: Settings, force: bool, instead: str) -> tuple[str | None, str | None]:
    """Return the live snapshot id (None if none), and why replacing it would lose loaded rows (None if not)."""
    try:
        live = snapshot.current_snapshot_id(settings)
    except snapshot.NoSnapshotError:
        return None, None
    if force or not holds_loaded_rows(settings, live):
        return live, None
    return live, (f"the live snapshot {live} holds loaded rows; nothing changed. Use --force to {instead} anyway "
                  "(the old snapshot stays kept for rollback)")


def cmd_init(args: argparse.Namespace) -> int:
    """Publish an empty warehouse, refusing to replace loaded data unless forced."""
    settings = load_settings()
    _, refusal = live_and_refusal(settings, args.force, "start empty")
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    try:
        new_id = build_empty(settings, args.as_of, force=args.force)  # checked again under the writer lock
    except WriteError as exc:
        print(f"init failed, nothing changed: {exc}", file=sys.stderr)
        return 1
    print(f"empty warehouse published: snapshot {new_id}. Next: load townships, communities, then the rest")
    return 0
