"""Snapshots and rollback: every write that made the warehouse what it is, and a way back to any kept one."""

from __future__ import annotations

import streamlit as st

from dashboard.base.settings import load_settings
from dashboard.present.formatting import markdown_literal
from dashboard.ui.frame import audit, signin
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import t
from dashboard.warehouse.history import list_snapshots, rollback
from dashboard.warehouse.snapshot import NoSnapshotError
from dashboard.warehouse.writer import WriteError

OUTCOME = "snapshots._outcome"


def render(ctx: Context) -> None:
    """The kept snapshots, newest first, and the rollback form."""
    settings = load_settings()
    st.title(t("load.admin.title"))
    st.caption(t("load.admin.intro"))
    frame = list_snapshots(settings)
    st.dataframe(frame.rename(columns={c: t(f"load.admin.column.{c}") for c in frame.columns}), hide_index=True,
                 key="snapshots.table")
    earlier = [s for s, live in zip(frame["snapshot_id"], frame["live"], strict=True) if not live]
    if earlier:
        target = st.selectbox(t("load.admin.pick"), earlier, key="snapshots.target")
        if st.button(t("load.admin.confirm"), key="snapshots.rollback", type="primary", icon=":material/undo:") \
                and signin.require("admin"):
            try:
                new_id = rollback(settings, target)
            except (WriteError, NoSnapshotError) as exc:
                audit.record_rollback(ctx.run.visitor, target, error=exc)
                st.session_state[OUTCOME] = ("error", t("load.admin.failed", message=str(exc)))
            else:
                audit.record_rollback(ctx.run.visitor, target, new_id)
                st.session_state[OUTCOME] = ("done", t("load.admin.done", snapshot=new_id, target=target))
            st.rerun()  # the frame's next run reads the snapshot now live
    outcome = st.session_state.get(OUTCOME)
    if outcome:
        (st.success if outcome[0] == "done" else st.error)(markdown_literal(outcome[1]))

