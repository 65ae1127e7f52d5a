"""Overview: where the programme stands; every published figure recomputed from the warehouse."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.formatting import format_figure, published_rounding
from dashboard.sqlfile import PILLARS
from dashboard.ui import cache
from dashboard.ui.lang import current_lang, t


def render() -> None:
    """Draw the page title and the published figures grouped by pillar."""
    st.title(t("overview.title"))
    st.caption(t("app.subtitle"))
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
        columns = st.columns(4)
        for i, row in enumerate(rows.itertuples(index=False)):
            with columns[i % 4]:
                figure_card(row, lang)


def figure_card(row: pd.Series, lang: str) -> None:
    """One metric: computed value in the report's rounding, label, and whether it matches the report."""
    shown = format_figure(row.computed_value, row.unit, lang, row.qualifier, row.precision)
    label = row.label_zh if lang == "zh" else row.label_en
    matches = (not pd.isna(row.computed_value)
               and published_rounding(row.computed_value, row.qualifier, row.precision) == row.published_value)
    note = t("overview.matches") if matches else t(
        "overview.differs", published=format_figure(row.published_value, row.unit, lang, row.qualifier, row.precision))
    with st.container(border=True):
        st.metric(label, shown)
        st.caption(f"{t('source.published')} · {note}")


render()
