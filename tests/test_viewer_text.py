"""What a leader reads carries no plumbing: no file paths, query files, settings, snapshot ids, None or nan."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.base.settings import Settings
from dashboard.ui.frame.nav import all_pages
from tests.test_app import open_page
from tests.test_page_text import drawn
from tests.test_scopes import open_as

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
    at = open_as(tmp_path, monkeypatch, email, page, roles=ROLES)
    if lang != "zh":
        at.radio(key="filter.lang").set_value(lang).run()
    return at



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


DAY = re.compile(r"^\d{4}-\d{2}(-\d{2})?")


def _date_axes(spec: dict) -> list[dict]:
    """Return the x axes of a figure that Plotly draws as dates: declared so, or fed dates as x (or as bar bases)."""
    layout = spec.get("layout", {})
    axes = []
    for trace in spec.get("data", []):
        axis = layout.get("xaxis" + str(trace.get("xaxis", "x"))[1:], {})
        values = [v for key in ("x", "base") for v in (trace.get(key) if isinstance(trace.get(key), list) else [])]
        if axis.get("type") != "category" and (axis.get("type") == "date" or any(
                isinstance(v, str) and DAY.match(v) for v in values[:3])):
            axes.append(axis)
    return axes


@pytest.mark.parametrize("page", ["ui/pages/overview.py", "renovation", "services"])
def test_date_ticks_are_numbers_not_english_month_names(page: str, fixture_settings: Settings) -> None:
    # Plotly's own date ticks read "Jan 2018" on a Chinese page; every date axis says 2018-01 instead.
    at = open_page(page, "zh")
    axes = [axis for chart in at.get("plotly_chart") for axis in _date_axes(json.loads(chart.proto.spec))]
    assert axes, "the page draws at least one chart over time"
    assert all(axis.get("tickformat") == "%Y-%m" for axis in axes), axes
