"""`brief`: write a briefing's deck, images and PDF from a preset or query ids, optionally from a kept snapshot."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.base.i18n import LANGS
from dashboard.base.settings import load_settings
from dashboard.briefing.collect import BriefingRequest, collect, open_runner
from dashboard.briefing.export import FORMATS, export, write_files
from dashboard.briefing.fonts import MissingFontError
from dashboard.briefing.meeting_facts import resolve_edition
from dashboard.briefing.presets import PRESETS_DIR, PresetError, load_preset
from dashboard.briefing.render import RenderError
from dashboard.engine.runner import QueryError, Runner
from dashboard.query.registry import Registry, load_registry
from dashboard.query.scope import AREAS, Scope, parse_month
from dashboard.warehouse.snapshot import NoSnapshotError, pin


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the brief command."""
    brief = subparsers.add_parser("brief", help="write a briefing: deck (PPTX), images (ZIP) and PDF")
    what = brief.add_mutually_exclusive_group(required=True)
    what.add_argument("--preset", help=f"a preset id: a file briefings/<id>.yaml ({_preset_names()})")
    what.add_argument("--query", action="append", metavar="ID", help="a query id; repeat for more slides")
    brief.add_argument("--township", help="township id or name (default: all)")
    brief.add_argument("--area", choices=AREAS, help="urban or rural (default: both)")
    brief.add_argument("--from", dest="month_from", metavar="YYYY-MM", help="first month")
    brief.add_argument("--to", dest="month_to", metavar="YYYY-MM", help="last month")
    brief.add_argument("--lang", choices=LANGS, default="zh", help="language of the briefing (default zh)")
    brief.add_argument("--snapshot", metavar="ID", help="regenerate from this kept snapshot (default: the live one)")
    brief.add_argument("--edition", metavar="ID", help="with a meeting preset: the edition to brief (default: the "
                       "latest; `python -m dashboard editions` lists them)")
    brief.add_argument("--format", default=",".join(FORMATS), help="comma-separated subset of pptx,zip,pdf")
    brief.add_argument("--out", type=Path, default=Path("out"), help="folder to write into (default out/)")
    brief.set_defaults(handler=cmd_brief)


def _preset_names() -> str:
    """List the preset ids on disk, for the help text."""
    return ", ".join(sorted(p.stem for p in PRESETS_DIR.glob("*.yaml"))) or "none yet"


def _township_id(runner: Runner, registry: Registry, text: str | None) -> str | None:
    """Accept a township id or its Chinese or English name; raise ValueError naming the choices."""
    if not text:
        return None
    spec = registry.get("reference/townships")
    names: dict[str, str] = {}
    for lang in LANGS:
        towns = runner.run(spec, {"lang": lang}).frame
        names.update({str(n).casefold(): str(i) for i, n in zip(towns["township_id"], towns["township"], strict=True)})
        names.update({str(i).casefold(): str(i) for i in towns["township_id"]})
    if text.casefold() not in names:
        raise ValueError(f"unknown township {text!r}; use an id or name from `reference/townships`")
    return names[text.casefold()]


def _request(args: argparse.Namespace, runner: Runner, registry: Registry) -> BriefingRequest:
    """Turn arguments into a briefing request, checking the preset and query ids."""
    scope = Scope(month_from=parse_month(args.month_from), month_to=parse_month(args.month_to),
                  township=_township_id(runner, registry, args.township), area=args.area, lang=args.lang)
    for flag, value, parsed in (("--from", args.month_from, scope.month_from), ("--to", args.month_to, scope.month_to)):
        if value and parsed is None:
            raise ValueError(f"{flag} {value!r} is not a month like 2018-06")
    preset = load_preset(PRESETS_DIR / f"{args.preset}.yaml") if args.preset else None
    if args.edition and not (preset and preset.is_meeting):
        raise ValueError("--edition goes with a meeting preset, such as --preset meeting")
    edition_id = resolve_edition(runner, registry, args.edition) if preset and preset.is_meeting else None
    request = BriefingRequest.build(preset.charts if preset else args.query, scope, preset, args.snapshot, edition_id)
    missing = [q for q in request.query_ids if q not in registry.specs]
    if missing:
        raise ValueError(f"no valid query file for {missing} (see `python -m dashboard queries check`)")
    return request


def _progress(done: int, total: int, started: float) -> None:
    """Draw a plain-text progress bar on stderr."""
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done == total or not sys.stderr.isatty() else "\r"
    print(f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} charts  {time.monotonic() - started:5.1f} s",
          end=end, file=sys.stderr, flush=True)


def cmd_brief(args: argparse.Namespace) -> int:
    """Collect, render and write the briefing; print the files written."""
    settings = load_settings()
    registry = load_registry(settings.queries_dir)
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    started = time.monotonic()
    try:
        runner = open_runner(settings, args.snapshot)
        request = _request(args, runner, registry)
        briefing = collect(runner, registry, request)
        files = export(briefing, formats, lambda done, total: _progress(done, total, started))
    except FileNotFoundError as exc:
        print(f"no such preset: {exc.filename}", file=sys.stderr)
        return 1
    except MissingFontError as exc:
        print(f"refusing to export: {exc}", file=sys.stderr)
        return 2
    except (NoSnapshotError, PresetError, QueryError, RenderError, ValueError) as exc:
        print(f"briefing failed: {exc}", file=sys.stderr)
        return 1
    pin(settings, briefing.info.snapshot_id, "briefing")  # so `--snapshot` can regenerate it later
    for path in write_files(files, args.out):
        print(path)
    print(f"snapshot {briefing.info.snapshot_id} · {len(briefing.charts)} charts · "
          f"{time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0
