"""Every UI string exists in every language, and code only asks for keys that exist."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from dashboard.base.i18n import LANGS, strings, translate

ROOT = Path(__file__).resolve().parent.parent


def test_locales_have_identical_keys() -> None:
    keys = {lang: set(strings(lang)) for lang in LANGS}
    assert keys["zh"] == keys["en"], keys["zh"] ^ keys["en"]


def used_keys() -> Iterator[tuple[str, str]]:
    """Yield (where, key pattern) for each t(...) or translate(...) call; an f-string key becomes a regex."""
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            key = node.args[0]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in ("t", "translate") and isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield where, re.escape(key.value)
            elif name in ("t", "translate") and isinstance(key, ast.JoinedStr):
                yield where, "".join(re.escape(part.value) if isinstance(part, ast.Constant) else r"[\w.]+"
                                     for part in key.values)


def test_every_key_used_in_code_exists_in_both_languages() -> None:
    found = list(used_keys())
    assert len(found) > 200 and any("[" in pattern for _, pattern in found), "the scan finds literal and f-string keys"
    for lang in LANGS:
        keys = strings(lang)
        missing = [(where, p) for where, p in found if not any(re.fullmatch(p, k) for k in keys)]
        assert not missing, (lang, missing)


def test_chinese_is_default_and_english_differs() -> None:
    assert translate("app.title", "zh") == "社治成效看板"
    assert translate("app.title", "en") != translate("app.title", "zh")
    assert translate("app.title", "fr") == translate("app.title", "zh")
