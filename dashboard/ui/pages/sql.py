"""Ad-hoc SQL: one read-only statement at a time, with a schema browser, result table, quick chart and downloads."""

from __future__ import annotations

import streamlit as st

from dashboard.engine.adhoc import run_adhoc
from dashboard.engine.pool import pool_for
from dashboard.ui.blocks import sql_outcome
from dashboard.ui.frame import audit, signin
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import t
from dashboard.ui.frame.text import say


def render(ctx: Context) -> None:
    """Editor and run button beside the schema browser; the outcome of the last run below."""
    st.title(t("workbench.adhoc.title"))
    st.caption(t("workbench.adhoc.intro"))
    reader = ctx.live_reader().core  # free SQL reads live data; the reader refuses a township account
    limits = reader.settings
    pool_for(limits).warm()  # so the first statement does not wait for a worker to start
    st.caption(say("workbench.adhoc.limits", rows=f"{limits.row_cap:,}", seconds=limits.max_seconds,
                   memory=limits.sql_worker_memory))
    editor, schema = st.columns(2, gap="large")
    with editor:
        sql = st.text_area(t("workbench.adhoc.editor"), key="adhoc.sql", height=220,
                           placeholder=t("workbench.adhoc.placeholder"), help=t("workbench.adhoc.help"))
        if st.button(t("workbench.adhoc.run"), key="adhoc.run", type="primary", icon=":material/play_arrow:") \
                and signin.require("analyst", city_wide=True):  # checked where the SQL runs, not only in the menu
            with st.spinner(t("workbench.adhoc.running")):
                st.session_state["adhoc._outcome"] = outcome = run_adhoc(reader, sql)
            audit.record_sql(ctx.run.visitor, outcome)
    with schema:
        sql_outcome.schema_browser(ctx)
    outcome = st.session_state.get("adhoc._outcome")
    if outcome is None:
        st.info(t("workbench.adhoc.nothing_yet"), icon=":material/edit_note:")
    else:
        sql_outcome.show_outcome(ctx, outcome)

