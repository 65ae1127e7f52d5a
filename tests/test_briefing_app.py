"""The briefing in the app: each chart's slide-image button and the briefing page, on the fixture warehouse."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard.base.i18n import translate
from dashboard.base.settings import Settings
from dashboard.briefing import frame
from dashboard.engine.runner import Runner
from tests.briefing_support import png_size, write_fonts_conf_without_cjk
from tests.test_app import open_page

BRIEFING = "ui/pages/briefing.py"
SLIDE_KEY = "slide.test"


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """Record the callables of deferred download buttons, by file name, as the server would call them on click."""
    recorded: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def add(self: MediaFileManager, data: Callable[[], bytes], *args: object, **kwargs: object) -> str:
        recorded[str(kwargs.get("file_name"))] = data
        return original(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add)
    return recorded


def block_app() -> None:
    """A page with one chart block, as any page draws a query."""
    from dashboard.access.roles import Access
    from dashboard.query.scope import Scope
    from dashboard.ui import cache
    from dashboard.ui.blocks import common
    from dashboard.ui.frame import context

    cache.clear()
    ctx = context.begin(Access(role="admin", local=True), live_only=False)  # the run context the app frame builds
    common.chart_block(ctx, "briefing/projects_by_township", Scope(lang="zh"), key="test")


def open_block() -> AppTest:
    """Run the one-block page."""
    at = AppTest.from_function(block_app, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_chart_block_renders_a_slide_image_only_when_clicked(fixture_settings: Settings,
                                                            deferred: dict[str, Callable[[], bytes]]) -> None:
    at = open_block()
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(SLIDE_KEY))
    assert button.proto.deferred_file_id, "nothing is rendered until the button is clicked"
    name = f"briefing_projects_by_township-edition-{latest_edition(fixture_settings)}-slide.png"  # views open on it
    assert name in deferred
    assert png_size(deferred[name]()) == (frame.WIDTH * 2, frame.HEIGHT * 2)


def test_chart_toolbar_saves_png_at_twice_the_size_under_a_meaningful_name(fixture_settings: Settings) -> None:
    config = json.loads(open_block().get("plotly_chart")[0].proto.config)
    assert config["toImageButtonOptions"] == {
        "format": "png", "scale": 2,
        "filename": f"briefing_projects_by_township-edition-{latest_edition(fixture_settings)}"}


def latest_edition(settings: Settings) -> str:
    """Return the id of the latest meeting's edition, the one a view opens on."""
    return str(Runner(settings).run_sql("select edition_id from editions order by as_of desc limit 1").frame.iloc[0, 0])


def test_chart_block_button_is_disabled_and_says_why_without_chinese_font(
        fixture_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FONTCONFIG_FILE", str(write_fonts_conf_without_cjk(tmp_path)))
    button = open_block().button(key=SLIDE_KEY)
    assert button.disabled
    assert button.help == translate("briefing.no_cjk_font", "zh")
    assert "fonts-noto-cjk" in button.help


def test_briefing_page_builds_three_files_and_notices_changed_choices(fixture_settings: Settings) -> None:
    at = open_page(BRIEFING)
    assert at.selectbox(key="briefing.preset").value == "meeting", "the meeting deck is offered first"
    at.selectbox(key="briefing.preset").set_value("monthly").run()
    charts = at.multiselect(key="briefing.charts").value
    assert charts[0] == "briefing/demands_by_month"
    at.button(key="briefing.build").click().run()
    assert not at.exception and not at.error
    # The deck is a title slide and one slide per chart, and the page counts slides, not images.
    assert [s.value for s in at.success] == [translate("briefing.ready_slides", "zh", count=1 + len(charts))]
    keys = sorted(b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button"))
    assert keys == ["briefing.download_pdf", "briefing.download_pptx", "briefing.download_zip"]
    assert "python -m dashboard brief --preset monthly --lang zh --snapshot" in at.code[0].value
    at.radio(key="briefing.lang").set_value("en").run()
    assert translate("briefing.stale", "zh") in [i.value for i in at.info]
    assert not at.get("download_button")


def test_briefing_page_asks_for_charts_when_none_are_chosen(fixture_settings: Settings) -> None:
    at = open_page(BRIEFING, "en")
    at.multiselect(key="briefing.charts").set_value([]).run()
    assert translate("briefing.no_charts", "en") in [i.value for i in at.info]
