"""Snapshots and rollback: every write that made the warehouse what it is, and a checked way back to a kept one."""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from dashboard.access.audit import author_of
from dashboard.base.settings import Settings, load_settings
from dashboard.present.writes import describe_write, described, table_word, write_time, written_times
from dashboard.ui.frame import audit, signin
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import t
from dashboard.ui.frame.text import literal, say
from dashboard.warehouse.history import RollbackPreview, list_snapshots, rollback, rollback_preview
from dashboard.warehouse.snapshot import NoSnapshotError
from dashboard.warehouse.writer import WriteError

OUTCOME = "snapshots._outcome"
TARGET = "snapshots.target"
CONFIRMED = "snapshots.confirmed"
# The snapshots table, in the order shown: when and what first, the id last and narrow.
SHOWN = ["built_at", "description", "rows_added", "rows_replaced", "rows_removed", "live", "pinned", "snapshot_id"]


def render(ctx: Context) -> None:
    """The kept data versions, newest first, and the rollback form: pick a version, check what changes, confirm."""
    settings, lang = load_settings(), ctx.run.lang
    st.title(t("load.admin.title"))
    st.caption(t("load.admin.intro"))
    frame = list_snapshots(settings)
    _versions_table(frame, lang)
    earlier = [s for s, live in zip(frame["snapshot_id"], frame["live"], strict=True) if not live]
    if not earlier:
        st.info(t("load.admin.none"), icon=":material/info:")
    else:
        times = written_times(frame)
        words = {row["snapshot_id"]: f"{times[row['snapshot_id']]} · "
                                      f"{describe_write(row['data_kind'], row['description'], lang, times)}"
                 for row in frame.to_dict("records")}
        # Keyed by the live version: after any write (this page's rollback or another's) the choice starts empty.
        target = st.selectbox(t("load.admin.pick"), earlier, index=None, key=f"{TARGET}.{ctx.run.live}",
                              placeholder=t("load.admin.placeholder"), format_func=words.__getitem__)
        if target is not None:
            _preview_and_confirm(ctx, settings, target, frame)
    outcome = st.session_state.get(OUTCOME)
    if outcome:
        (st.success if outcome[0] == "done" else st.error)(literal(outcome[1]))


def _versions_table(frame: pd.DataFrame, lang: str) -> None:
    """Show every kept version by its time and what made it, its counts, live and pinned, and its id last."""
    shown = described(frame, lang)[SHOWN]
    st.subheader(t("load.admin.versions"))
    st.dataframe(shown.rename(columns={c: t(f"load.admin.column.{c}") for c in SHOWN}), hide_index=True,
                 key="snapshots.table", column_config={t("load.admin.column.snapshot_id"): st.column_config.TextColumn(
                     width="small")})


def _preview_and_confirm(ctx: Context, settings: Settings, target: str, frame: pd.DataFrame) -> None:
    """Say what rolling back to target changes (rows per table, the writes taken back, its time and author) and
    roll back only once the admin has ticked that they checked it."""
    try:
        preview = rollback_preview(settings, target)
    except (NoSnapshotError, WriteError, duckdb.Error) as exc:
        st.error(say("load.admin.unreadable", message=str(exc).splitlines()[0]), icon=":material/error:")
        return
    lang, times = ctx.run.lang, written_times(frame)
    row = frame.loc[frame["snapshot_id"] == target].iloc[0]
    with st.container(border=True, key="snapshots.preview"):
        st.subheader(t("load.admin.preview"))
        st.markdown(say("load.admin.target", time=write_time(preview.target_built_at),
                        what=describe_write(str(row["data_kind"]), preview.target_description, lang, times),
                        author=author_of(settings, target) or t("load.admin.unrecorded"),
                        as_of=preview.target_as_of.isoformat()))
        _changed_tables(preview, lang)
        _undone_writes(settings, preview, lang, times)
        st.caption(t("load.admin.meetings_kept"))
        confirmed = st.checkbox(t("load.admin.understood"), key=f"{CONFIRMED}.{ctx.run.live}.{target}")
        pressed = st.button(t("load.admin.confirm"), key="snapshots.rollback", type="primary", icon=":material/undo:",
                            disabled=not confirmed, help=None if confirmed else t("load.admin.confirm_help"))
    if pressed and confirmed and signin.require("admin"):
        _roll_back(ctx, settings, target, write_time(preview.target_built_at))


def _changed_tables(preview: RollbackPreview, lang: str) -> None:
    """List each table whose rows differ, by its name in the reader's language: rows now, after, and the change."""
    if not preview.tables:
        st.caption(t("load.admin.tables_same"))
        return
    st.markdown(t("load.admin.tables"))
    rows = [(table_word(c.table, lang), c.now, c.after, f"{c.after - c.now:+,}") for c in preview.tables]
    columns = [t(f"load.admin.column.{c}") for c in ("table", "now", "after", "change")]
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, key="snapshots.tables")


def _undone_writes(settings: Settings, preview: RollbackPreview, lang: str, times: dict[str, str]) -> None:
    """List the writes since the target that the rollback takes back: when, what and who (`times`: the write
    times of the kept versions, by id)."""
    if not preview.undone:
        st.caption(t("load.admin.undone_none"))
        return
    st.markdown(say("load.admin.undone", count=len(preview.undone)))
    times = {**written_times(pd.DataFrame(preview.undone)), **times}
    rows = [(write_time(e["built_at"]), describe_write(str(e["data_kind"]), str(e["description"]), lang, times),
             author_of(settings, str(e["snapshot_id"])) or t("load.admin.unrecorded"))
            for e in reversed(preview.undone)]
    columns = [t(f"load.admin.column.{c}") for c in ("built_at", "description", "author")]
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, key="snapshots.undone")


def _roll_back(ctx: Context, settings: Settings, target: str, time: str) -> None:
    """Roll back, record it and keep the outcome for the next run (which, on a new live version, has nothing chosen)."""
    try:
        new_id = rollback(settings, target)
    except (WriteError, NoSnapshotError) as exc:
        audit.record_rollback(ctx.run.visitor, target, error=exc)
        st.session_state[OUTCOME] = ("error", say("load.admin.failed", message=str(exc)))
    else:
        audit.record_rollback(ctx.run.visitor, target, new_id)
        st.session_state[OUTCOME] = ("done", say("load.admin.done", time=time, target=target, snapshot=new_id))
    st.rerun()  # the frame's next run reads the snapshot now live
