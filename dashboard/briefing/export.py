"""Produce a briefing's files — deck (PPTX), images (ZIP of PNGs), PDF — with names and bytes fixed by the input."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from collections.abc import Sequence
from pathlib import Path

from dashboard.briefing.archive import zip_bytes
from dashboard.briefing.collect import Briefing, BriefingRequest
from dashboard.briefing.deck import build_deck
from dashboard.briefing.images import Progress, render_slides
from dashboard.briefing.meeting_deck import meeting_plots, table_plot
from dashboard.briefing.pdfpages import merge_pdfs
from dashboard.briefing.render import render_many

FORMATS = ("pptx", "zip", "pdf")
MIME_TYPES = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
              "zip": "application/zip", "pdf": "application/pdf"}


def _month(day: dt.date | None) -> str | None:
    """Format a month filter as YYYY-MM."""
    return day.strftime("%Y-%m") if day else None


def regenerate_command(request: BriefingRequest, snapshot_id: str) -> str:
    """Return the CLI command that regenerates this briefing from its snapshot."""
    scope = request.scope
    parts = ["python", "-m", "dashboard", "brief"]
    if request.preset_id:
        parts += ["--preset", request.preset_id]
    else:
        for query_id in request.query_ids:
            parts += ["--query", query_id]
    if request.edition_id:  # the edition fixes the snapshot its numbers come from
        parts += ["--edition", request.edition_id]
        snapshot_id = ""
    options = {"--lang": scope.lang, "--township": scope.township, "--area": scope.area,
               "--from": _month(scope.month_from), "--to": _month(scope.month_to), "--snapshot": snapshot_id}
    for flag, value in options.items():
        if value:
            parts += [flag, value]
    return shlex.join(parts)


def file_stem(briefing: Briefing) -> str:
    """Name the files after preset, language, filters and snapshot, so two briefings never share a name."""
    request, scope = briefing.request, briefing.request.scope
    period = "_".join(m for m in (_month(scope.month_from), _month(scope.month_to)) if m)
    parts = ["briefing", request.preset_id or "custom", request.edition_id or "", scope.lang, scope.township or "all",
             scope.area or "", period, briefing.info.snapshot_id.rsplit("-", 1)[-1]]
    return re.sub(r"[^\w\-]+", "_", "-".join(p for p in parts if p))


def image_name(index: int, query_id: str) -> str:
    """Name one slide image inside the ZIP, in slide order."""
    return f"{index:02d}-{query_id.replace('/', '_')}.png"


def manifest(briefing: Briefing, command: str) -> bytes:
    """Describe what the briefing is made of, for the ZIP: enough to regenerate it."""
    request, scope = briefing.request, briefing.request.scope
    data = {"snapshot_id": briefing.info.snapshot_id, "as_of": briefing.info.as_of.isoformat(),
            "data_kind": briefing.info.data_kind, "preset": request.preset_id, "edition": request.edition_id,
            "queries": list(request.query_ids), "lang": scope.lang, "township": scope.township, "area": scope.area,
            "month_from": _month(scope.month_from), "month_to": _month(scope.month_to),
            "filters": briefing.filters, "command": command}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n"


def export(briefing: Briefing, formats: Sequence[str] = FORMATS, progress: Progress | None = None) -> dict[str, bytes]:
    """Render the charts once and return {file name: bytes} for each requested format."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format(s) {unknown}; choose from {list(FORMATS)}")
    wanted = [f for f in FORMATS if f in formats]
    images = render_slides(briefing.charts, ["png", "pdf"] if "pdf" in wanted else ["png"], progress)
    info, stem = briefing.info, file_stem(briefing)
    command = regenerate_command(briefing.request, info.snapshot_id)
    files: dict[str, bytes] = {}
    if "pptx" in wanted:
        files[f"{stem}.pptx"] = build_deck(briefing, images["png"], command)
    if "zip" in wanted:
        entries = [(image_name(i, c.spec.query_id), png)
                   for i, (c, png) in enumerate(zip(briefing.charts, images["png"], strict=True), start=1)]
        files[f"{stem}.zip"] = zip_bytes([*entries, ("briefing.json", manifest(briefing, command))],
                                         info.built_at, comment=command)
    if "pdf" in wanted:
        # A meeting deck's title and table slides come first in the PDF too, as figures with the same rows.
        front = render_many(meeting_plots(briefing, command), "pdf") if briefing.meeting else []
        back = render_many([table_plot(briefing, briefing.closing)], "pdf") if briefing.closing else []
        files[f"{stem}.pdf"] = merge_pdfs([*front, *images["pdf"], *back], briefing.title, briefing.filters,
                                          info.built_at)
    return files


def write_files(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write each file into out_dir (created if needed) and return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        path = out_dir / name
        path.write_bytes(data)
        paths.append(path)
    return paths
