"""Shared pieces of the briefing tests: one export of the monthly preset per session, PNG and font helpers."""

from __future__ import annotations

import dataclasses
import io
import struct
import subprocess
import zipfile
from pathlib import Path

from dashboard.base.settings import Settings, load_settings
from dashboard.briefing.collect import Briefing, BriefingRequest, collect, open_runner
from dashboard.briefing.export import export
from dashboard.briefing.presets import PRESETS_DIR, Preset, load_preset
from dashboard.query.registry import load_registry


def settings_for(var_dir: Path) -> Settings:
    """Settings pointing at a var folder, without touching the environment."""
    return dataclasses.replace(load_settings(), var_dir=var_dir)


def monthly_preset() -> Preset:
    """Return the shipped monthly preset."""
    return load_preset(PRESETS_DIR / "monthly.yaml")


def brief(settings: Settings, request: BriefingRequest, formats: tuple[str, ...] = ("pptx", "zip", "pdf"),
          ) -> tuple[Briefing, dict[str, bytes]]:
    """Collect and export a briefing; return it and its files by extension."""
    briefing = collect(open_runner(settings, request.snapshot_id), load_registry(settings.queries_dir), request)
    files = export(briefing, formats)
    return briefing, {name.rsplit(".", 1)[-1]: data for name, data in files.items()}


def png_size(data: bytes) -> tuple[int, int]:
    """Read width and height from a PNG's header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def zip_members(data: bytes) -> dict[str, bytes]:
    """Return a ZIP's entries by name, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_fonts_conf_without_cjk(folder: Path) -> Path:
    """Write a fonts.conf listing only the font folders that hold no Chinese font, and return its path."""
    def font_dirs(*pattern: str) -> set[str]:
        listing = subprocess.run(["fc-list", *pattern, "file"], capture_output=True, text=True, check=True).stdout
        return {str(Path(line.split(":")[0]).parent) for line in listing.splitlines() if line.strip()}

    plain = sorted(font_dirs(":") - font_dirs(":lang=zh"))
    dirs = "".join(f"  <dir>{d}</dir>\n" for d in plain)
    path = folder / "fonts.conf"
    path.write_text(f'<?xml version="1.0"?>\n<fontconfig>\n{dirs}  <cachedir>{folder / "cache"}</cachedir>\n'
                    "</fontconfig>\n", encoding="utf-8")
    return path
