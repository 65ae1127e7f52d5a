"""Pillar cards and indicator charts: status always in words next to its colour, text escaped, shapes as drawn."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pandas as pd

from dashboard.metrics.indicators import TargetPath
from dashboard.present.cards import PillarCard, figure_card_html, pillar_card_html, sparkline_img, sparkline_svg
from dashboard.present.charts import STATUS_COLORS, indicator_plot, progress_plot

CARD = PillarCard(name="市民有感受", color="#e07b1a", score_text="81", score_caption="/ 100", status_text="有风险",
                  status_color=STATUS_COLORS["at_risk"], status_dark_text=True, counts_text="6 项指标",
                  sparkline=[10.0, 50.0, 81.0], sparkline_caption="得分走势 2017-09 – 2018-10")


def test_pillar_card_says_its_status_in_words_on_its_colour() -> None:
    html = pillar_card_html(CARD)
    assert f"background:{STATUS_COLORS['at_risk']};color:#222" in html
    assert ">有风险</span>" in html and ">81</span>" in html
    assert 'alt="得分走势 2017-09 – 2018-10"' in html


def test_sparkline_scales_0_to_100_top_down_and_needs_two_points() -> None:
    svg = sparkline_svg([0.0, 100.0], "#000")
    assert 'points="0.0,37.0 200.0,3.0"' in svg  # 0 at the bottom (y 37 of 40), 100 at the top
    assert sparkline_svg([50.0], "#000") == "" and sparkline_img([50.0], "#000", "x") == ""
    encoded = re.search(r"base64,([^\"]+)", sparkline_img([0.0, 100.0], "#000", "x")).group(1)
    assert base64.b64decode(encoded).decode() == svg


def test_figure_card_escapes_and_keeps_the_whole_label() -> None:
    html = figure_card_html("今年启动改造闲置校舍等国有资产建设村级党群服务中心 <b>", "30", "公布数据")
    assert "今年启动改造闲置校舍等国有资产建设村级党群服务中心 &lt;b&gt;" in html
    assert "overflow-wrap:anywhere" in html and "text-overflow" not in html


def test_indicator_figure_draws_the_target_path_and_the_series() -> None:
    path = TargetPath(baseline_value=0, baseline_date=dt.date(2017, 9, 1), target_value=50,
                      target_date=dt.date(2018, 12, 31))
    actual = [(dt.date(2017, 9, 1), 0.0), (dt.date(2018, 10, 1), 33.5)]
    fig = indicator_plot(actual, path, dt.date(2018, 10, 25), "#e07b1a",
                           {"actual": "实际值", "path": "目标路径", "today": "评估日"}, y_suffix="%")
    assert [(t.name, list(t.y)) for t in fig.data] == [("目标路径", [0, 50]), ("实际值", [0.0, 33.5])]
    assert fig.layout.yaxis.ticksuffix == "%"


def test_progress_figure_labels_each_bar_with_its_status() -> None:
    frame = pd.DataFrame({"label": ["平息乡", "简城街道"], "progress": [6.0, None], "status": ["落后", "无数据"],
                          "status_code": ["off_track", "no_data"]})
    fig = progress_plot(frame, 86.0, {"expected": "应达 86%"})
    bar = fig.data[0]
    assert list(bar.y) == ["简城街道", "平息乡"]  # drawn bottom-up, so the table's first row is on top
    assert list(bar.text) == ["无数据", "6% · 落后"]
    assert list(bar.marker.color) == [STATUS_COLORS["no_data"], STATUS_COLORS["off_track"]]
