"""The big screen's cycle setting and HTML scenes, and the phone's assessment list (pure, no browser)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.present.indicator_list import NARROW_CSS, assessment_list_html
from dashboard.present.screen import Laggard, Pill, laggards_html
from dashboard.ui.blocks.screen import cycle_seconds

LABELS = {"current": "当前值", "target": "目标", "progress": "进度", "expected": "应达进度", "change": "较上期变化"}


@pytest.mark.parametrize(("raw", "seconds"), [(None, 20), ("", 20), ("5", 5), ("7.9", 7), ("1", 3), ("-4", 3),
                                              ("99999", 600), ("abc", 20)])
def test_cycle_comes_from_the_url_and_stays_in_a_sane_range(raw: str | None, seconds: int) -> None:
    assert cycle_seconds(raw) == seconds


def test_every_row_of_the_phone_list_carries_its_status_in_words() -> None:
    frame = pd.DataFrame([
        {"label": "民生需求办结率", "current": "33.5%", "target": "50.0% · 2018-12-31", "progress": 67.0,
         "expected": "86%", "expected_progress": 86.0, "status": "落后", "status_code": "off_track", "change": "▲ 3"},
        {"label": "<b>x</b>", "current": "—", "target": "—", "progress": None, "expected": "—",
         "expected_progress": None, "status": "无数据", "status_code": "no_data", "change": None},
    ])
    html = assessment_list_html(frame, LABELS)
    assert html.count("data-status-card") == 2 and html.count("data-status ") == 2
    assert "落后</span>" in html and "无数据</span>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html, "names are escaped"
    assert "较上期变化 <b>▲ 3</b>" in html and html.count("较上期变化") == 1
    assert "@media (max-width: 640px)" in NARROW_CSS


def test_lagging_view_names_the_townships_and_how_many_more() -> None:
    red = Pill("落后", "#c8382e")
    item = Laggard("民生需求办结率", "市民有感受", red, "进度 67% / 应达 86%", (("平息乡", "6%", red),))
    html = laggards_html([item], "落后街镇：", "none", "另有 2 项")
    assert "平息乡" in html and "6%" in html and "另有 2 项" in html
    assert "none" in laggards_html([], "落后街镇：", "none")
