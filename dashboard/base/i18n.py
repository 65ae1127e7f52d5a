"""UI strings from locale files: every `locales/<lang>/*.toml` is merged into flat `section.item` keys."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Turn nested TOML tables into dotted keys."""
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@lru_cache(maxsize=len(LANGS))
def strings(lang: str) -> dict[str, str]:
    """Return every string of one language; a key defined twice across files is an error."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        flat = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
        clash = sorted(set(flat) & set(merged))
        if clash:
            raise ValueError(f"{path}: keys already defined in another file: {clash[:5]}")
        merged.update(flat)
    return merged


def translate(key: str, lang: str, **values: Any) -> str:
    """Return the string for key in lang, formatted with values; a missing key shows itself."""
    text = strings(lang if lang in LANGS else DEFAULT_LANG).get(key)
    if text is None:
        return f"⟨{key}⟩"
    return text.format(**values) if values else text
