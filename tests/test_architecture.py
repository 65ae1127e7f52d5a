"""The layer rules of DESIGN.md, checked on the source: the core never imports Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"
UI_FILES = {PACKAGE / "app.py"} | set((PACKAGE / "ui").rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Return the top-level names of every module a file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_layer_imports_streamlit() -> None:
    offenders = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                 if p not in UI_FILES and "streamlit" in imported_modules(p)]
    assert offenders == []


def test_streamlit_caching_lives_in_one_module() -> None:
    users = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                   if "st.cache_" in p.read_text(encoding="utf-8"))
    assert users == ["ui/cache.py"]


def test_core_does_not_import_the_ui_layer() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path in UI_FILES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dashboard.ui"):
                offenders.append(path.relative_to(PACKAGE).as_posix())
    assert offenders == []
