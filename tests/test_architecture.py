"""Rules of DESIGN.md that the import-linter contracts in pyproject.toml (run by `make lint`) cannot express."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"


def test_streamlit_caching_lives_in_one_module() -> None:
    users = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                   if "st.cache_" in p.read_text(encoding="utf-8"))
    assert users == ["ui/cache.py"]
