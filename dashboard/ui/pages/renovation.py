"""Renovation portfolio (城市有变化): works by category and place, the key-project timeline, centres, parking,
households, money, and a searchable list of works."""

from __future__ import annotations

import streamlit as st

from dashboard.query.scope import Scope
from dashboard.ui import blocks, filters, views
from dashboard.ui.lang import t


def render() -> None:
    """Lay out the published figures, the portfolio charts, the timeline and the search."""
    scope = filters.current_scope()
    st.title(t("renovation.title"))
    st.caption(t("renovation.intro"))
    blocks.kpi_row("renovation/kpis", scope)
    blocks.kpi_row("renovation/named_places", scope, columns=3)
    st.header(t("renovation.section_works"))
    left, right = st.columns(2)
    with left:
        blocks.query_block("renovation/works_by_category", scope)
    with right:
        blocks.query_block("renovation/works_by_township", scope)
    views.timeline_block("renovation/key_project_timeline", scope)
    st.header(t("renovation.section_places"))
    left, right = st.columns(2)
    with left:
        blocks.query_block("renovation/centre_floor_area", scope)
    with right:
        blocks.query_block("renovation/parking", scope)
    left, right = st.columns(2)
    with left:
        blocks.query_block("renovation/households_by_category", scope)
    with right:
        blocks.query_block("renovation/budget_by_category", scope)
    works_search(scope)


# Typing a search reruns only the works table (st.fragment), not the charts above it.
@st.fragment
def works_search(scope: Scope) -> None:
    """Search the works by name, community or id and list them."""
    st.header(t("renovation.section_search"))
    search = st.text_input(t("renovation.search"), key="renovation.search", placeholder=t("renovation.search_hint"))
    blocks.query_block("renovation/projects", scope, params={"search": search.strip() or None})


render()
