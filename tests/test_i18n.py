"""Every UI string exists in every language, and code only asks for keys that exist."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.base.i18n import LANGS, strings, translate

ROOT = Path(__file__).resolve().parent.parent


def test_locales_have_identical_keys() -> None:
    keys = {lang: set(strings(lang)) for lang in LANGS}
    assert keys["zh"] == keys["en"], keys["zh"] ^ keys["en"]


def test_every_literal_key_used_in_code_exists() -> None:
    used: set[str] = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(used - set(strings("zh")))
    assert not missing, missing


def test_chinese_is_default_and_english_differs() -> None:
    assert translate("app.title", "zh") == "社治成效看板"
    assert translate("app.title", "en") != translate("app.title", "zh")
    assert translate("app.title", "fr") == translate("app.title", "zh")
