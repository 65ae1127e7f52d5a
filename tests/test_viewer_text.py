"""What a leader reads carries no plumbing: no file paths, query files, settings, snapshot ids, None or nan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.base.settings import Settings
from dashboard.ui import cache
from dashboard.ui.frame.nav import all_pages
from tests.test_app import APP, switch_to
from tests.test_page_text import drawn
from tests.test_scopes import AUTH

ROLES = """\
[[user]]
email = "leader@city.example"
role = "viewer"

[[user]]
email = "pingxi@city.example"
role = "viewer"
townships = ["T03"]
"""
# What a viewer must never read: a query path or file, a setting, a snapshot id (or its 10-character tail), a
# missing value printed as code.
PLUMBING = re.compile(r"queries/|\.sql\b|DASHBOARD_|\d{8}T\d{6}|\b[0-9a-f]{10}\b"
                      r"|(?<![\w-])(?:None|nan|NaN|NaT)(?![\w-])")
VIEWER_PAGES = [page.path for page in all_pages() if page.role == "viewer"]


def _open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, email: str, page: str, lang: str) -> AppTest:
    """Open one page signed in as a viewer, in one language."""
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_ROLES_FILE", str(roles))
    cache.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    if lang != "zh":
        at.radio(key="filter.lang").set_value(lang).run()
    return switch_to(at, page).run()


@pytest.mark.parametrize("page", VIEWER_PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("email", ["leader@city.example", "pingxi@city.example"])
def test_a_viewer_page_shows_no_plumbing(page: str, lang: str, email: str, fixture_settings: Settings,
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(tmp_path, monkeypatch, email, page, lang)
    assert not at.exception, at.exception
    texts, cells = drawn(at)
    found = sorted({match.group(0) + " ← " + text[:80] for text in [*texts, *cells]
                    for match in PLUMBING.finditer(text)})
    assert not found, found
