"""KPI cards and code labels: what a reader sees for a published figure, a selection, and a code value."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.present.charts import status_color
from dashboard.present.codes import code_colors, code_label, option_texts, relabel
from dashboard.present.kpis import kpi_card, kpi_cards


def row(**overrides: object) -> dict[str, object]:
    """A KPI row as the queries return it: the household-visits figure by default."""
    base = {"figure_id": "household_visits", "label": "入户走访", "value": 26147.0, "published_value": 26000.0,
            "unit": "households", "qualifier": "more_than", "precision": 1000.0, "city_wide": False}
    return {**base, **overrides}


def test_city_figure_is_shown_as_the_report_states_it() -> None:
    card = kpi_card(row(), "zh", filtered=False)
    assert (card.label, card.value, card.matches) == ("入户走访（户）", "26,000余", True)
    assert card.note == "与报道一致", "the card is under a 公布数据 source already: said once"


def test_english_card_moves_the_unit_to_the_label() -> None:
    card = kpi_card(row(label="Households visited"), "en", filtered=False)
    assert (card.label, card.value) == ("Households visited (households)", "26,000+")


def test_a_figure_that_does_not_reproduce_says_what_the_report_has() -> None:
    card = kpi_card(row(value=25990.0), "zh", filtered=False)
    assert card.matches is False
    assert card.note == "与报道不一致：报道 26,000余"


def test_a_township_selection_shows_its_exact_part_and_the_city_total() -> None:
    card = kpi_card(row(value=4123.0), "zh", filtered=True)
    assert card.value == "4,123"
    assert card.note == "所选范围 · 全市报道 26,000余"
    assert card.matches is None


def test_a_selection_shows_a_rate_to_one_decimal() -> None:
    card = kpi_card(row(label="农村社区养老设施覆盖率", value=29.916, published_value=30.0, unit="percent",
                        qualifier="exact", precision=1.0), "zh", filtered=True)
    assert (card.value, card.note) == ("29.9%", "所选范围 · 全市报道 30%")


def test_a_city_wide_figure_says_the_filter_does_not_change_it() -> None:
    card = kpi_card(row(figure_id="key_projects", label="重点项目", value=21.0, published_value=21.0, unit="count",
                        qualifier="exact", precision=1.0, city_wide=True), "zh", filtered=True)
    assert card.value == "21"
    assert card.note == "不随街镇、城乡筛选变化 · 与报道一致"


def test_percent_keeps_its_sign_and_precision() -> None:
    card = kpi_card(row(label="城市社区养老设施覆盖率", value=98.5, published_value=98.5, unit="percent",
                        qualifier="exact", precision=0.1), "zh", filtered=False)
    assert (card.label, card.value, card.matches) == ("城市社区养老设施覆盖率", "98.5%", True)


def test_a_figure_the_report_does_not_state_is_marked_as_computed() -> None:
    card = kpi_card(row(published_value=None, qualifier="exact", precision=1.0, unit="count"), "en", filtered=False)
    assert card.value == "26,147"
    assert card.note == "Computed from the records · the report does not state it"


def test_a_kpi_query_without_the_agreed_columns_is_an_error() -> None:
    with pytest.raises(ValueError, match="missing \\['city_wide'\\]"):
        kpi_cards(pd.DataFrame([{k: v for k, v in row().items() if k != "city_wide"}]), "zh", filtered=False)


def test_codes_are_shown_by_name_and_unknown_codes_as_themselves() -> None:
    frame = pd.DataFrame({"category": ["old_courtyard", "brand_new"], "status": ["in_progress", None],
                          "work_status": ["completed", "planned"], "name": ["old_courtyard", "x"]})
    zh = relabel(frame, "zh")
    assert list(zh["category"]) == ["老旧院落改造", "brand_new"]
    assert list(zh["status"]) == ["实施中", ""]
    assert list(zh["work_status"]) == ["已完成", "规划中"]
    assert list(zh["name"]) == ["old_courtyard", "x"], "columns that are not code columns stay as they are"
    assert code_label("channel", "meeting", "en") == "Consultation meeting"


def test_status_colours_follow_meaning_in_every_language() -> None:
    assert code_colors("status", "zh")["已完成"] == code_colors("status", "en")["Completed"] == status_color("met")
    assert code_colors("kind", "zh")["综治中心"] == code_colors("kind", "en")["Governance centres"]


def test_picker_options_read_as_text() -> None:
    frame = pd.DataFrame({"key_project_id": ["K01"], "key_project": ["老旧院落改造"], "status": ["in_progress"],
                          "demands": [263]})
    assert option_texts(frame, "zh") == {"K01": "K01 · 老旧院落改造 · 实施中 · 263 条诉求"}
