"""Resident voice (市民有感受): from questionnaire to completed project, survey results with intervals, demand trace."""

from __future__ import annotations

import streamlit as st

from dashboard.query.scope import Scope
from dashboard.ui import blocks, filters, views
from dashboard.ui.lang import t


def render() -> None:
    """Lay out the published figures, the funnel, where demands come from, survey results and the trace."""
    scope = filters.current_scope()
    st.title(t("voice.title"))
    st.caption(t("voice.intro"))
    blocks.kpi_row("voice/kpis", scope)
    blocks.query_block("voice/funnel", scope)
    st.header(t("voice.section_demands"))
    left, right = st.columns(2)
    with left:
        blocks.query_block("voice/demands_by_category", scope)
    with right:
        blocks.query_block("voice/demands_by_channel", scope)
    blocks.query_block("voice/demands_by_township", scope)
    st.header(t("voice.section_survey"))
    st.caption(t("voice.survey_note", min_n=views.min_sample()))
    left, right = st.columns(2)
    with left:
        views.estimates_block("voice/satisfaction_by_township", scope)
    with right:
        views.estimates_block("voice/recognition_by_township", scope)
    views.estimates_block("voice/satisfaction_by_month", scope, kind="line")
    views.estimates_block("voice/satisfaction_by_community", scope, kind="table")
    st.header(t("voice.section_trace"))
    st.caption(t("voice.trace_note"))
    by_project, by_community = st.tabs([t("voice.trace_by_project"), t("voice.trace_by_community")])
    with by_project:
        trace_project(scope)
    with by_community:
        trace_community(scope)


# A pick reruns only its own tab (st.fragment), not the charts above it.
@st.fragment
def trace_project(scope: Scope) -> None:
    """Pick a key project (and optionally one of its works) to list the demands it answers."""
    key_project = views.picker("voice/key_project_options", scope, t("voice.pick_key_project"), "voice.key_project")
    if key_project is None:
        return
    work = views.picker("voice/work_options", scope, t("voice.pick_work"), "voice.work",
                        params={"key_project": key_project}, optional=True, all_label=t("voice.all_works"))
    blocks.query_block("voice/demands_for_project", scope, key="voice.trace_project",
                       params={"key_project": key_project, "project": work})


@st.fragment
def trace_community(scope: Scope) -> None:
    """Pick a village or community to list its demands and what became of each."""
    community = views.picker("voice/community_options", scope, t("voice.pick_community"), "voice.community")
    if community is None:
        return
    blocks.query_block("voice/demands_of_community", scope, key="voice.trace_community",
                       params={"community": community})


render()
