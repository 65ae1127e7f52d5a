"""Overview: where each pillar stands against its targets, what lags and where; then every published figure."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.present.cards import figure_card_html
from dashboard.present.kpis import kpi_card
from dashboard.query.sqlfile import PILLARS
from dashboard.ui import cache, filters, indicator_detail, pillar_views
from dashboard.ui.lang import current_lang, t

CARDS_PER_ROW = 4


def render() -> None:
    """Draw the pillar cards, the indicator tables, one indicator's detail and the published figures."""
    scope = filters.current_scope()
    st.title(t("overview.title"))
    st.caption(t("app.subtitle"))
    st.caption(scope.describe(filters.township_name(scope)))
    assessed = pillar_views.assess_all(scope)
    st.header(t("pillars.overview.heading"))
    st.caption(t("pillars.overview.judged_on", day=pillar_views.judged_on(scope).isoformat()))
    pillar_views.pillar_cards(assessed)
    pillar_views.indicator_tables(assessed)
    indicator_detail.render(scope, assessed)
    published_figures()


def published_figures() -> None:
    """Show each published figure as computed from the warehouse, with its label and source."""
    lang = current_lang()
    figures = cache.frame("published/figures")
    st.header(t("overview.published_heading"))
    st.caption(t("overview.published_caption") + " " + t("source.article"))
    for pillar in (*PILLARS, None):
        rows = figures[figures["pillar"] == pillar] if pillar else figures[figures["pillar"].isna()]
        if rows.empty:
            continue
        st.subheader(t(f"pillar.{pillar}") if pillar else t("overview.other_figures"))
        cards = list(rows.itertuples(index=False))
        for start in range(0, len(cards), CARDS_PER_ROW):  # one row of columns per line keeps cards aligned
            for column, row in zip(st.columns(CARDS_PER_ROW), cards[start:start + CARDS_PER_ROW], strict=False):
                with column:
                    figure_card(row, lang)


def figure_card(row: pd.Series, lang: str) -> None:
    """One figure: computed value in the report's rounding, its full label, and whether it matches the report."""
    card = kpi_card({"figure_id": row.figure_id, "label": row.label_zh if lang == "zh" else row.label_en,
                     "value": row.computed_value, "published_value": row.published_value, "unit": row.unit,
                     "qualifier": row.qualifier, "precision": row.precision, "city_wide": True}, lang, filtered=False)
    st.html(figure_card_html(card.label, card.value, f"{t('source.published')} · {card.note}"))


render()
