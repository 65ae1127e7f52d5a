"""Briefing presets: `briefings/<id>.yaml` files that list, in slide order, the query ids of one meeting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dashboard.base.i18n import LANGS
from dashboard.base.settings import REPO_ROOT

PRESETS_DIR = REPO_ROOT / "briefings"
PRESET_KEYS = {"title", "description", "charts", "kind"}
# A `charts` deck is a title slide and the charts; a `meeting` deck puts an edition's tables between them.
KINDS = ("charts", "meeting")


class PresetError(ValueError):
    """A preset file is malformed; the message names the file."""


@dataclass(frozen=True)
class Preset:
    """One preset: id (file stem), bilingual title and description, chart query ids, and its kind of deck."""

    preset_id: str
    title: dict[str, str]
    description: dict[str, str]
    charts: tuple[str, ...]
    kind: str = "charts"

    @property
    def is_meeting(self) -> bool:
        """Say whether the preset builds an edition's meeting deck."""
        return self.kind == "meeting"

    def label(self, lang: str) -> str:
        """Return the title in a language, falling back to Chinese."""
        return self.title.get(lang) or self.title["zh"]


def load_preset(path: Path) -> Preset:
    """Read and validate one preset file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PresetError(f"{path.name}: not valid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        raise PresetError(f"{path.name}: must be a mapping with title and charts")
    unknown = sorted(set(data) - PRESET_KEYS)
    if unknown:
        raise PresetError(f"{path.name}: unknown key(s) {unknown}; allowed: {sorted(PRESET_KEYS)}")
    charts = data.get("charts")
    if not isinstance(charts, list) or not charts or not all(isinstance(c, str) and c for c in charts):
        raise PresetError(f"{path.name}: 'charts' must be a non-empty list of query ids")
    kind = data.get("kind", "charts")
    if kind not in KINDS:
        raise PresetError(f"{path.name}: 'kind' must be one of {list(KINDS)}, not {kind!r}")
    return Preset(preset_id=path.stem, title=_bilingual(data.get("title"), "title", path),
                  description=_bilingual(data.get("description") or {"zh": "", "en": ""}, "description", path),
                  charts=tuple(charts), kind=kind)


def _bilingual(value: Any, key: str, path: Path) -> dict[str, str]:
    """Require `{zh: ..., en: ...}`."""
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in LANGS):
        raise PresetError(f"{path.name}: '{key}' needs both languages: {{zh: ..., en: ...}}")
    return {lang: value[lang] for lang in LANGS}


def load_presets(folder: Path = PRESETS_DIR) -> tuple[dict[str, Preset], dict[str, PresetError]]:
    """Load every preset of a folder: the valid ones and the errors of the broken ones, by id."""
    presets: dict[str, Preset] = {}
    errors: dict[str, PresetError] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            presets[path.stem] = load_preset(path)
        except PresetError as exc:
            errors[path.stem] = exc
    return presets, errors


def missing_queries(preset: Preset, known: set[str]) -> list[str]:
    """Return the query ids a preset names that no valid query file provides."""
    return [query_id for query_id in preset.charts if query_id not in known]


def preset_order(presets: dict[str, Preset]) -> list[str]:
    """Return preset ids in the order a page offers them: meeting decks first (the default), then by id."""
    return sorted(presets, key=lambda preset_id: (not presets[preset_id].is_meeting, preset_id))
