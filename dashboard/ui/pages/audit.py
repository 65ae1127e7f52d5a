"""Audit log (admins): who signed in, loaded, rolled back or ran ad-hoc SQL, when and how it ended, newest first."""

from __future__ import annotations

import streamlit as st

from dashboard.access.audit import ACTIONS, events_frame, filter_events, read_events
from dashboard.base.settings import load_settings
from dashboard.ui.frame import signin
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import say

MAX_EVENTS = 10_000  # the newest events read per view; older ones stay in the file


def render(ctx: Context) -> None:
    """The filters by action and user, then the matching events as a table (the log is the whole app's, so the
    page run's context is not read)."""
    st.title(t("audit.title"))
    st.caption(t("audit.intro"))
    if not signin.require("admin"):  # the navigation leaves this page out for others; checked again here
        return
    events = read_events(load_settings(), limit=MAX_EVENTS)
    if not events:
        st.info(t("audit.empty"), icon=":material/history_toggle_off:")
        return
    by_action, by_user = st.columns(2)
    actions = by_action.multiselect(t("audit.filter.action"), ACTIONS, key="audit.action",
                                    format_func=lambda a: t(f"audit.action.{a}"), placeholder=t("audit.filter.all"))
    users = by_user.multiselect(t("audit.filter.user"), sorted({e.user for e in events}), key="audit.user",
                                placeholder=t("audit.filter.all"))
    shown = filter_events(events, actions, users)
    st.caption(say("audit.count", shown=f"{len(shown):,}", total=f"{len(events):,}"))
    if not shown:
        st.info(t("audit.no_match"), icon=":material/filter_alt_off:")
        return
    frame = events_frame(shown, current_lang())
    st.dataframe(frame, hide_index=True, key="audit.table", width="stretch",
                 column_config={frame.columns[-1]: st.column_config.TextColumn(width="large")})

