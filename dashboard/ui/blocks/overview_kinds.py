"""Renderers of the overview's block kinds: the selection line, pillar cards, indicator tables and detail, and the
meeting-mode sections, each assessing the indicators under the selection (cached, so once per run)."""

from __future__ import annotations

import streamlit as st

from dashboard.query import pagefile as pf
from dashboard.query.scope import Scope
from dashboard.ui.blocks import follow_up_views, indicator_detail, meeting_changes, pillar_views
from dashboard.ui.blocks.renderers import renders
from dashboard.ui.frame import context, filters
from dashboard.ui.frame.lang import t
from dashboard.ui.frame.text import literal, say


@renders("selection")
def _selection(block: pf.Selection, page_id: str, scope: Scope) -> None:
    st.caption(literal(scope.describe(filters.township_name(context.reader(), scope))))


@renders("pillar_cards")
def _pillar_cards(block: pf.PillarCards, page_id: str, scope: Scope) -> None:
    assessed = pillar_views.assess_all(scope)
    st.header(t("pillars.overview.heading"))
    st.caption(say("pillars.overview.judged_on", day=pillar_views.judged_on(scope).isoformat()))
    pillar_views.pillar_cards(assessed, meeting_changes.pillar_changes(scope, assessed))


@renders("indicator_tables")
def _indicator_tables(block: pf.IndicatorTables, page_id: str, scope: Scope) -> None:
    assessed = pillar_views.assess_all(scope)
    pillar_views.indicator_tables(assessed, meeting_changes.indicator_changes(scope, assessed), block.pillars)


@renders("changes")
def _changes(block: pf.Changes, page_id: str, scope: Scope) -> None:
    meeting_changes.since_section(scope, pillar_views.assess_all(scope))


@renders("follow_ups")
def _follow_ups(block: pf.FollowUps, page_id: str, scope: Scope) -> None:
    follow_up_views.section(scope)


@renders("indicator_detail")
def _indicator_detail(block: pf.IndicatorDetail, page_id: str, scope: Scope) -> None:
    indicator_detail.render(scope, pillar_views.assess_all(scope))
