"""Boundary commands: load a city's GeoJSON as the map shapes of one level, and list what shapes each level has."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.access.audit import cli_user, one_line, record
from dashboard.base.i18n import LANGS, translate
from dashboard.base.settings import load_settings
from dashboard.warehouse import snapshot
from dashboard.warehouse.boundaries import (
    CRS_NAMES,
    CRSES,
    LEVELS,
    BoundaryRefused,
    BoundaryResult,
    audit_details,
    load_boundaries,
    source_name,
    summary,
)
from dashboard.warehouse.writer import WriteError

SHOWN = 30  # places listed by name before "… and N more"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `boundaries load` and `boundaries list`."""
    group = subparsers.add_parser("boundaries", help="load the map shapes of townships or communities, list them")
    commands = group.add_subparsers(dest="boundaries_command", required=True)
    load = commands.add_parser(
        "load", help="check a GeoJSON file and make its shapes the level's map shapes (replacing all of them)",
        description="Each feature's --id-property value is matched to a township_id / community_id, or to the "
                    "place's Chinese or English name (name_zh, name_en), so a file with only names works. "
                    "Features matching no place and places with no feature are reported by name; an invalid "
                    "file changes nothing.")
    load.add_argument("file", type=Path, help="a .geojson/.json FeatureCollection of Polygon or MultiPolygon features")
    load.add_argument("--level", required=True, choices=LEVELS, help="whose shapes the file holds")
    load.add_argument("--id-property", required=True,
                      help="the feature property holding each place's id or its Chinese or English name")
    load.add_argument("--crs", required=True, choices=CRSES,
                      help="the file's coordinates: wgs84 (GPS, Tianditu, most GIS), gcj02 (Amap/Gaode, Tencent), "
                           "bd09 (Baidu); stored as WGS84")
    load.add_argument("--check", action="store_true", help="check and report only; change nothing")
    load.add_argument("--lang", choices=LANGS, default=load_settings().lang, help="language of messages (default zh)")
    load.set_defaults(handler=cmd_load)
    listing = commands.add_parser("list", help="per level: places with a shape, from which file and CRS, and without")
    listing.add_argument("--lang", choices=LANGS, default=load_settings().lang, help="language of messages")
    listing.set_defaults(handler=cmd_list)


def cmd_load(args: argparse.Namespace) -> int:
    """Load a boundary file; print what matched, what did not and which places have no shape, or why not."""
    settings = load_settings()
    name = source_name(args.file.name)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(translate("boundaries.refused", args.lang, name=args.file, message=exc.strerror or exc), file=sys.stderr)
        return 1
    where = audit_details(name, args.level, args.crs)
    try:
        result = load_boundaries(settings, data, name, args.level, args.id_property, args.crs, dry_run=args.check)
    except BoundaryRefused as refused:
        if not args.check:
            record(settings, cli_user(), "load", "refused", **where, message=one_line(refused))
        print(translate("boundaries.refused", args.lang, name=name, message=refused.message(args.lang)),
              file=sys.stderr)
        return 1
    except (WriteError, snapshot.NoSnapshotError) as exc:
        if not args.check:
            record(settings, cli_user(), "load", "error", **where, message=one_line(exc))
        print(translate("boundaries.refused", args.lang, name=name, message=one_line(exc)), file=sys.stderr)
        return 1
    if not args.check:
        record(settings, cli_user(), "load", "ok", **audit_details(name, args.level, args.crs, result))
    print("\n".join(report_lines(result, args.lang)))
    return 0


def report_lines(result: BoundaryResult, lang: str) -> list[str]:
    """Say what a load did: the counts, then each unmatched feature and each place left without a shape, by name."""
    level = translate(f"boundaries.level.{result.level}", lang)
    lines = [translate("boundaries.done", lang, name=result.file_name, crs=CRS_NAMES[result.crs], level=level,
                       matched=result.matched, features=result.features, snapshot=result.snapshot_id or "—",
                       added=result.added, replaced=result.replaced, removed=result.removed)]
    if result.unmatched:
        lines.append(translate("boundaries.unmatched", lang, count=len(result.unmatched), level=level))
        for item in result.unmatched[:SHOWN]:
            extra = [item.name] if item.name else []
            extra += [translate("boundaries.ambiguous", lang)] if item.ambiguous else []
            text = translate("boundaries.unmatched_item", lang, index=item.index, value=item.value)
            lines.append(f"  {text}" + (f" ({'; '.join(extra)})" if extra else ""))
        if len(result.unmatched) > SHOWN:
            lines.append("  " + translate("boundaries.missing_more", lang, count=len(result.unmatched) - SHOWN))
    if result.missing:
        lines.append(translate("boundaries.missing", lang, count=len(result.missing), level=level))
        lines += [f"  {p.place_id} {p.name(lang)}" for p in result.missing[:SHOWN]]
        if len(result.missing) > SHOWN:
            lines.append("  " + translate("boundaries.missing_more", lang, count=len(result.missing) - SHOWN))
    if not result.unmatched and not result.missing:
        lines.append(translate("boundaries.all_matched", lang))
    return lines


def cmd_list(args: argparse.Namespace) -> int:
    """Print, per level, how many places have a shape, from which file and CRS, and which have none."""
    try:
        levels = summary(load_settings())
    except snapshot.NoSnapshotError:
        print(translate("boundaries.list.none", args.lang), file=sys.stderr)
        return 1
    for item in levels:
        shaped = sum(count for _, _, count in item.shapes)
        print(translate("boundaries.list.level", args.lang, level=translate(f"boundaries.level_name.{item.level}",
                                                                            args.lang),
                        places=item.places, shaped=shaped, missing=len(item.missing)))
        for source, crs, count in item.shapes:
            if source == "schematic":  # the demo's layout, said as every map says it
                print(translate("boundaries.list.schematic", args.lang, count=count,
                                note=translate("maps.schematic", args.lang)))
                continue
            print(translate("boundaries.list.source", args.lang, count=count, source=source,
                            crs=CRS_NAMES.get(crs, crs)))
        if item.missing:
            names = [f"{p.place_id} {p.name(args.lang)}" for p in item.missing]
            more = len(names) - SHOWN
            shown = "、".join(names[:SHOWN]) if args.lang == "zh" else ", ".join(names[:SHOWN])
            if more > 0:
                shown += " " + translate("boundaries.missing_more", args.lang, count=more)
            print(translate("boundaries.list.missing", args.lang, places=shown))
    return 0
