"""Meetings and follow-ups (admins): freeze the live data as an edition, record follow-ups, mark them done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.base.settings import load_settings
from dashboard.present.follow_ups import record_table
from dashboard.present.formatting import markdown_literal
from dashboard.ui import cache
from dashboard.ui.blocks import common, follow_up_views
from dashboard.ui.frame import audit, edition_picker, nav, signin
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.warehouse.editions import SUBJECTS, complete_follow_up, create_edition, record_follow_up
from dashboard.warehouse.writer import WriteError

OUTCOME = "meeting._outcome"


def render(ctx: Context) -> None:
    """The three forms, then every follow-up with its download menu and the way to import them."""
    st.title(t("meeting.page.title"))
    st.caption(t("meeting.page.intro"))
    new_edition(ctx)
    new_follow_up(ctx)
    mark_done(ctx)
    outcome = st.session_state.pop(OUTCOME, None)
    if outcome:
        (st.success if outcome[0] == "ok" else st.error)(markdown_literal(outcome[1]))
    st.header(t("meeting.page.list_heading"))
    titles, lang = follow_up_views.indicator_titles(ctx), current_lang()
    # Subjects by name, dates or a dash, statuses in words: not the stored subject, subject_id or T07.
    common.query_block(ctx, "meeting/follow_ups", ctx.selection, key="meeting.admin.list",
                       params={"judged_on": dt.date.today()}, reshape=lambda rows: record_table(rows, titles, lang),
                       variant="named")
    import_export()


def _live_as_of(ctx: Context) -> dt.date:
    """Return the live snapshot's as-of date (this page always reads live data)."""
    return pd.Timestamp(common.snapshot_row(ctx)["as_of"]).date()


def _who(ctx: Context) -> str:
    """Name the admin, as the audit log does."""
    return audit.visitor_name(ctx.run.visitor)


def _write(ctx: Context, what: str, write: Callable[[], str], **details: object) -> None:
    """Run one write (it returns the id it wrote) after checking the role where it runs, record it in the audit
    log, and keep its outcome for the next run."""
    if not signin.require("admin"):
        return
    try:
        written = write()
    except WriteError as exc:
        audit.record_meeting(ctx.run.visitor, what, error=exc, **details)
        st.session_state[OUTCOME] = ("error", t("meeting.page.failed", message=str(exc)))
    else:
        audit.record_meeting(ctx.run.visitor, what, id=written, **details)
        st.session_state[OUTCOME] = ("ok", t(f"meeting.page.{what}_done", id=written))
    st.rerun()  # the frame's next run reads the snapshot the write published


def new_edition(ctx: Context) -> None:
    """Freeze the live data as a named edition judged on a day no later than its as-of date."""
    st.header(t("meeting.page.edition_heading"))
    st.caption(t("meeting.page.edition_caption"))
    as_of = _live_as_of(ctx)
    name = st.text_input(t("meeting.page.edition_name"), key="meeting.new.name",
                         placeholder=t("meeting.page.edition_placeholder"))
    left, right = st.columns(2)
    day = left.date_input(t("meeting.page.edition_day"), value=as_of, max_value=as_of, key="meeting.new.day")
    wanted = right.text_input(t("meeting.page.edition_id"), key="meeting.new.id",
                              help=t("meeting.page.edition_id_help")).strip() or None
    if st.button(t("meeting.page.edition_submit"), key="meeting.new.submit", type="primary",
                 icon=":material/event_available:", disabled=not name.strip()):
        _write(ctx, "edition",
               lambda: create_edition(load_settings(), name, day, by=_who(ctx), edition_id=wanted).edition_id,
               name=name.strip(), as_of=str(day))


def new_follow_up(ctx: Context) -> None:
    """Record a follow-up for an indicator or a township: task, owner, due date, assigned by an edition."""
    st.header(t("meeting.page.follow_up_heading"))
    editions = list(reversed(edition_picker.known_editions(ctx.live_reader())))
    if not editions:
        st.info(t("meeting.page.no_editions"), icon=":material/event_busy:")
        return
    lang = current_lang()
    labels = {e.edition_id: edition_picker.edition_label(e) for e in editions}
    edition_id = st.selectbox(t("meeting.page.assigned_by"), list(labels), key="meeting.fu.edition",
                              format_func=labels.__getitem__)
    subject = st.radio(t("meeting.page.subject"), SUBJECTS, key="meeting.fu.subject", horizontal=True,
                       format_func=lambda s: t(f"meeting.subject.{s}"))
    options = _subjects(ctx, subject, lang)
    subject_id = st.selectbox(t(f"meeting.subject.{subject}"), list(options), key=f"meeting.fu.{subject}",
                              format_func=options.__getitem__)
    task = st.text_input(t("meeting.page.task"), key="meeting.fu.task")
    left, right = st.columns(2)
    owner = left.text_input(t("meeting.page.owner"), key="meeting.fu.owner")
    due = right.date_input(t("meeting.page.due"), value=dt.date.today() + dt.timedelta(days=30), key="meeting.fu.due")
    ready = bool(subject_id and task.strip() and owner.strip())
    if st.button(t("meeting.page.follow_up_submit"), key="meeting.fu.submit", type="primary", disabled=not ready,
                 icon=":material/assignment_add:"):
        _write(ctx, "follow_up", lambda: record_follow_up(
            load_settings(), edition_id, subject, subject_id, task, owner, due, by=_who(ctx)).follow_up_id,
            edition=edition_id, subject=subject, subject_id=subject_id, due_on=str(due))


def _subjects(ctx: Context, subject: str, lang: str) -> dict[str, str]:
    """Return the ids a follow-up may concern, with their names: indicator files or townships."""
    if subject == "township":
        towns = ctx.reader.frame("reference/townships", {"lang": lang})
        return dict(zip(towns["township_id"], towns["township"], strict=True))
    specs = ctx.reader.registry.specs.values()
    return {s.query_id: f"{s.label(lang)} · {s.query_id}" for s in sorted(specs, key=lambda s: s.query_id)
            if s.indicator}


def mark_done(ctx: Context) -> None:
    """Mark an open follow-up done on a day."""
    st.header(t("meeting.page.done_heading"))
    spec = ctx.reader.registry.get("meeting/follow_ups")
    rows = ctx.reader.run(spec, {"lang": current_lang(), "judged_on": dt.date.today()}).frame
    open_rows = rows[rows["done_on"].isna()]
    if open_rows.empty:
        st.caption(t("meeting.page.none_open"))
        return
    named = follow_up_views.named_rows(ctx, open_rows)
    labels = {fid: f"{fid} · {r.subject_name} · {r.task}"
              for fid, r in zip(open_rows["follow_up_id"], named.itertuples(), strict=True)}
    chosen = st.selectbox(t("meeting.page.done_pick"), list(labels), key="meeting.done.pick",
                          format_func=labels.__getitem__)
    day = st.date_input(t("meeting.page.done_on"), value=dt.date.today(), key="meeting.done.day")
    if st.button(t("meeting.page.done_submit"), key="meeting.done.submit", icon=":material/task_alt:"):
        _write(ctx, "completion", lambda: _complete(ctx, chosen, day), done_on=str(day))


def _complete(ctx: Context, follow_up_id: str, day: dt.date) -> str:
    """Mark one follow-up done and return its id."""
    complete_follow_up(load_settings(), follow_up_id, day, by=_who(ctx))
    return follow_up_id


def import_export() -> None:
    """Follow-ups as a workbook: the template here, the upload on the load page (table follow_ups)."""
    st.header(t("meeting.page.import_heading"))
    st.caption(t("meeting.page.import_caption"))
    st.download_button(t("meeting.page.template"), cache.template("follow_ups", current_lang()),
                       file_name="follow_ups-template.xlsx", key="meeting.template", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    # The load page is drawn by a function, so the link names its page object (the label is the text shown).
    st.page_link(page=nav.link_target("load", current_lang()), label=t("meeting.page.load_link"),
                 icon=":material/upload_file:")

