"""Load data: download a template, upload a file, see every problem or a preview, then confirm the load."""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard.base.settings import load_settings
from dashboard.present.downloads import csv_bytes
from dashboard.present.formatting import markdown_literal
from dashboard.ui import access, audit, blocks, cache, filters
from dashboard.ui.lang import current_lang, t
from dashboard.warehouse.dictionary import tables
from dashboard.warehouse.load import LOADABLE, LoadResult, load_bytes
from dashboard.warehouse.problems import LoadRefused
from dashboard.warehouse.validate import MODES
from dashboard.warehouse.writer import WriteError

CHECKED = "load._checked"  # fingerprint of the (file, table, mode) that last passed the check
OUTCOME = "load._outcome"


def render() -> None:
    """Template, upload form, the outcome of the last check or load, and the history of writes."""
    lang = current_lang()
    settings = load_settings()
    st.title(t("load.title"))
    st.caption(t("load.intro"))
    table = st.selectbox(t("load.table"), LOADABLE, key="load.table", format_func=lambda n: _table_name(n, lang))
    st.download_button(t("load.template_download"), cache.template(table, lang), file_name=f"{table}-template.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="load.template", icon=":material/download:", help=t("load.template_help"))
    mode = st.radio(t("load.mode"), MODES, key="load.mode", format_func=lambda m: t(f"load.mode_name.{m}"))
    upload = st.file_uploader(t("load.file"), type=["csv", "xlsx", "tsv", "txt"], key="load.file",
                              help=t("load.limit", mb=settings.max_upload_mb))
    if upload is None:
        st.session_state.pop(CHECKED, None)
    else:
        data = upload.getvalue()
        fingerprint = hashlib.sha256(data + f"|{table}|{mode}".encode()).hexdigest()
        check, commit = st.columns(2, wrap=False)
        if check.button(t("load.check"), key="load.check", icon=":material/fact_check:"):
            _run(data, upload.name, table, mode, fingerprint, dry_run=True)
        ready = st.session_state.get(CHECKED) == fingerprint
        if commit.button(t("load.submit"), key="load.submit", type="primary", disabled=not ready,
                         icon=":material/upload:"):
            _run(data, upload.name, table, mode, fingerprint, dry_run=False)
    _show_outcome(lang)
    blocks.chart_block("reference/load_history", filters.current_scope(), key="load.history")


def _table_name(table: str, lang: str) -> str:
    """Name a table in the reader's language, with its SQL name for analysts."""
    return f"{tables()[table].label(lang)} · {table}"


def _run(data: bytes, name: str, table: str, mode: str, fingerprint: str, dry_run: bool) -> None:
    """Check (dry_run) or load an upload and keep the outcome in the session for this and later runs."""
    if not access.require("analyst", city_wide=True):  # checked where the load runs, not only in the menu
        return
    settings = load_settings()
    try:
        with st.spinner(t("load.check") if dry_run else t("load.submit")):
            result = load_bytes(settings, data, name, table, mode=mode, dry_run=dry_run)
    except LoadRefused as refused:
        audit.record_load(name, table, mode, dry_run, error=refused)
        st.session_state.pop(CHECKED, None)
        st.session_state[OUTCOME] = ("refused", refused)
        return
    except WriteError as exc:
        audit.record_load(name, table, mode, dry_run, error=exc)
        st.session_state.pop(CHECKED, None)
        st.session_state[OUTCOME] = ("failed", str(exc))
        return
    audit.record_load(name, table, mode, dry_run, result=result)
    if dry_run:
        st.session_state[CHECKED] = fingerprint
        st.session_state[OUTCOME] = ("checked", (name, result))
    else:
        st.session_state.pop(CHECKED, None)
        st.session_state[OUTCOME] = ("loaded", (name, result))
        cache.begin_run()  # the rest of this run, and the history below, read the new snapshot


def _show_outcome(lang: str) -> None:
    """Show the last check's preview, the last load's counts, or every problem with a rejects download."""
    outcome = st.session_state.get(OUTCOME)
    if outcome is None:
        return
    kind, payload = outcome
    if kind == "refused":
        refused: LoadRefused = payload
        st.error(markdown_literal(refused.summary(lang)), icon=":material/error:")
        frame = refused.frame(lang)
        st.caption(t("load.problems", count=refused.total, shown=len(frame)))
        st.dataframe(frame, hide_index=True, key="load.problems")
        st.download_button(t("load.rejects_download"), csv_bytes(frame), file_name="rejects.csv", mime="text/csv",
                           key="load.rejects", icon=":material/download:")
    elif kind == "failed":
        st.error(markdown_literal(t("load.failed", message=payload)), icon=":material/error:")
    else:
        name, result = payload
        _show_result(kind, name, result, lang)


def _show_result(kind: str, name: str, result: LoadResult, lang: str) -> None:
    """Show a passed check with its preview, or a finished load with its counts."""
    if kind == "checked":
        st.info(markdown_literal(t("load.checked", rows=result.rows, encoding=result.encoding,
                                   delimiter=repr(result.delimiter))), icon=":material/fact_check:")
    else:
        st.success(markdown_literal(t("load.done", name=name, table=tables()[result.table].label(lang),
                                      added=result.added, replaced=result.replaced, removed=result.removed,
                                      snapshot=result.snapshot_id)), icon=":material/check_circle:")
    table = tables()[result.table]
    labels = {c.name: c.label(lang) for c in table.columns}
    labels["__line"] = t("load.rejects.line")
    st.caption(t("load.preview"))
    st.dataframe(result.preview.rename(columns=labels), hide_index=True, key="load.preview")


render()
