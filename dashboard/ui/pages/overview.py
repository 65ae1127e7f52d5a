"""Overview: where each pillar stands against its targets, what lags and where; then every published figure."""

from __future__ import annotations

import streamlit as st

from dashboard.ui.blocks import follow_up_views, indicator_detail, meeting_changes, page_file, pillar_views
from dashboard.ui.frame import context, filters
from dashboard.ui.frame.lang import t
from dashboard.ui.frame.text import literal, say


def render() -> None:
    """Draw the pillar cards, the indicator tables, one indicator's detail, then the published-figure page file."""
    scope = context.current().selection
    st.title(t("overview.title"))
    st.caption(t("app.subtitle"))
    st.caption(literal(scope.describe(filters.township_name(context.reader(), scope))))
    assessed = pillar_views.assess_all(scope)
    st.header(t("pillars.overview.heading"))
    st.caption(say("pillars.overview.judged_on", day=pillar_views.judged_on(scope).isoformat()))
    pillar_views.pillar_cards(assessed, meeting_changes.pillar_changes(scope, assessed))
    pillar_views.indicator_tables(assessed, meeting_changes.indicator_changes(scope, assessed))
    meeting_changes.since_section(scope, assessed)
    follow_up_views.section(scope)
    indicator_detail.render(scope, assessed)
    # The published figures are a page file (queries/published/page.yaml) drawn under the pillars.
    page_file.render_part("published", scope)


render()
