"""A leader's first screen: on a desk (1440×900) and a phone (390×844), in Chinese and English, the overview names the
lagging indicator and the overdue follow-ups before any scrolling, with the deck's numbers; the page stays short."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser

from dashboard.base.i18n import translate
from dashboard.base.settings import load_settings
from dashboard.briefing.meeting_facts import gather_meeting
from dashboard.engine.runner import Runner
from dashboard.query.registry import load_registry
from dashboard.query.scope import Scope
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_pages import READY

pytestmark = pytest.mark.e2e
SIZES = {"desk": (1440, 900, 3), "phone": (390, 844, 6)}  # width, height, most screens tall by default


def deck_facts(lang: str) -> tuple[str, int]:
    """Return what the meeting deck of the latest edition says: its worst lagging indicator and overdue count."""
    settings = load_settings()
    runner, registry = Runner(settings), load_registry(settings.queries_dir)
    facts = gather_meeting(runner, registry, None, Scope(lang=lang), settings.pace, settings.min_sample)
    worst = facts.lagging[0].assessment.spec.label(lang)
    return worst, int((facts.follow_ups["status"] == "overdue").sum())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_first_screen_names_what_lags_and_what_is_overdue(browser: Browser, server: str, demo_settings: object,
                                                            size: str, lang: str) -> None:
    width, height, screens = SIZES[size]
    worst, overdue = deck_facts(lang)
    assert overdue > 0, "the demo holds an overdue follow-up, else this test would prove nothing"
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
    page.goto(f"{server}/?lang={lang}", wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=90_000)
    block = page.locator('[data-attention="block"]')
    block.wait_for(timeout=60_000)
    named = block.get_by_text(worst, exact=False).first
    count = block.locator('[data-attention="summary"]').get_by_text(
        re.compile(re.escape(translate("attention.overdue", lang, n=overdue))))
    for what, element in (("the lagging indicator", named), ("the overdue count", count)):
        box = element.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, f"{what} is below the first screen: {box}"
    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    assert tall <= screens * height, f"the overview is {tall} px tall, more than {screens} screens"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"first-screen-{size}-{lang}.png"))
    page.close()
