"""App tests: every page renders on the fixture warehouse, in both languages, and the shell behaves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard.base.i18n import translate
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.ui.frame.nav import all_pages

APP = str(REPO_ROOT / "dashboard" / "app.py")
PAGES = [page.path for page in all_pages()]


def open_page(path: str, lang: str = "zh", query: dict[str, str] | None = None) -> AppTest:
    """Start the app, optionally with URL parameters, and switch to one page."""
    from dashboard.ui import cache

    cache.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    if lang != "zh":
        at.radio(key="filter.lang").set_value(lang).run()
    switch_to(at, path).run()
    return at


def switch_to(at: AppTest, page: str) -> AppTest:
    """Switch to a page by its module (`ui/pages/x.py`) or, for a page file, its folder name (its URL path).

    Every page is a function the frame calls with the page run's context, and AppTest.switch_page finds only script
    files; Streamlit names each page by the hash of its URL path, which is what switch_page would set.
    """
    url_path = next((entry.url_path for entry in all_pages() if entry.path == page), page)
    at._page_hash = calc_hash(url_path)
    return at


def texts(at: AppTest) -> str:
    """Return all visible headings and markdown text of a run, joined."""
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_without_exception(page: str, lang: str, fixture_settings: Settings) -> None:
    at = open_page(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"
    assert translate("app.demo_marker", lang) in [w.value for w in at.warning]


@pytest.mark.parametrize("page", PAGES)
def test_switching_language_changes_the_title(page: str, fixture_settings: Settings) -> None:
    zh, en = open_page(page, "zh"), open_page(page, "en")
    assert zh.title[0].value != en.title[0].value


def test_new_query_file_appears_without_restart_and_broken_one_is_contained(
        fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = tmp_path / "queries"
    shutil.copytree(REPO_ROOT / "queries", queries)
    monkeypatch.setenv("DASHBOARD_QUERIES_DIR", str(queries))
    at = open_page("ui/pages/library.py")
    assert "zz_new" not in at.radio(key="library.section").options
    (queries / "zz_new").mkdir()
    (queries / "zz_new" / "count.sql").write_text(
        "/*---\ntitle: {zh: 新查询, en: New query}\nchart: {type: bar, x: township, y: n}\nsource: demo\n---*/\n"
        "select township_id as township, count(*) as n from communities group by all order by 1\n",
        encoding="utf-8")
    (queries / "zz_new" / "broken.sql").write_text("/*---\ntitle: {zh: 坏\n---*/\nselect 1\n", encoding="utf-8")
    at.run()
    assert "zz_new" in at.radio(key="library.section").options
    at.radio(key="library.section").set_value("zz_new").run()
    assert not at.exception
    assert "新查询" in texts(at)
    assert any("zz_new/broken.sql" in e.value for e in at.error)
    overview = open_page(PAGES[0])
    assert not overview.exception and not overview.error


def test_moving_the_period_slider_filters_and_lands_in_the_url(fixture_settings: Settings) -> None:
    at = open_page(PAGES[0])
    slider = at.select_slider(key="filter.months")
    months = slider.options
    slider.set_range(fixture_month(months[1]), fixture_month(months[2])).run()
    assert at.select_slider(key="filter.months").value == (fixture_month(months[1]), fixture_month(months[2]))
    assert (at.query_params["from"], at.query_params["to"]) == (months[1], months[2])


def test_url_reopens_the_same_period(fixture_settings: Settings) -> None:
    months = open_page(PAGES[0]).select_slider(key="filter.months").options
    at = open_page(PAGES[0], query={"from": months[1], "to": months[-2]})
    lo, hi = at.select_slider(key="filter.months").value
    assert (lo.strftime("%Y-%m"), hi.strftime("%Y-%m")) == (months[1], months[-2])


def fixture_month(label: str) -> object:
    """Turn a slider label (YYYY-MM) into the date value the slider holds."""
    import datetime as dt

    return dt.date.fromisoformat(label + "-01")
