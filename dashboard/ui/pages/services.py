"""Service coverage (社会有认同): elderly care, party-mass and governance centres, 雪亮工程, volunteers, the reach
of services and the social-organisation system."""

from __future__ import annotations

import streamlit as st

from dashboard.ui import blocks, filters
from dashboard.ui.lang import t


def render() -> None:
    """Lay out the published figures and the coverage, facility and volunteering charts."""
    scope = filters.current_scope()
    st.title(t("services.title"))
    st.caption(t("services.intro"))
    blocks.kpi_row("services/kpis_facilities", scope)
    st.header(t("services.section_elderly"))
    left, right = st.columns(2)
    with left:
        blocks.query_block("services/elderly_care_by_area", scope)
    with right:
        blocks.query_block("services/elderly_care_trend", scope)
    blocks.query_block("services/elderly_care_by_township", scope)
    st.header(t("services.section_centres"))
    left, right = st.columns(2)
    with left:
        blocks.query_block("services/party_mass_centres", scope)
    with right:
        blocks.query_block("services/facilities_by_kind", scope)
    left, right = st.columns(2)
    with left:
        blocks.query_block("services/safety_by_township", scope)
    with right:
        blocks.query_block("services/social_org_system", scope)
    st.header(t("services.section_volunteers"))
    blocks.kpi_row("services/kpis_volunteers", scope, columns=3)
    left, right = st.columns(2)
    with left:
        blocks.query_block("services/activities_by_month", scope)
    with right:
        blocks.query_block("services/volunteers_by_township", scope)
    blocks.query_block("services/service_reach", scope)


render()
