"""Load data: append a CSV or Excel export to a table; the app switches to the new snapshot when it is valid."""

from __future__ import annotations

import streamlit as st

from dashboard.settings import load_settings
from dashboard.ui import blocks, filters
from dashboard.ui.lang import t
from dashboard.warehouse.build import BuildError
from dashboard.warehouse.load import LOADABLE, load_bytes


def render() -> None:
    """Upload form, the outcome of the last load, and the history of builds and loads."""
    st.title(t("load.title"))
    st.caption(t("load.intro"))
    with st.form("load.form"):
        table = st.selectbox(t("load.table"), LOADABLE, key="load.table")
        upload = st.file_uploader(t("load.file"), type=["csv", "xlsx"], key="load.file")
        submitted = st.form_submit_button(t("load.submit"), type="primary")
    if submitted and upload is not None:
        try:
            result = load_bytes(load_settings(), upload.getvalue(), upload.name, table)
        except BuildError as exc:
            st.error(t("load.failed", message=str(exc)), icon=":material/error:")
        else:
            st.success(t("load.done", rows=result.rows, table=result.table, snapshot=result.snapshot_id))
    blocks.chart_block("reference/load_history", filters.current_scope(), key="load.history")


render()
