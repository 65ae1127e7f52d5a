"""Load data: download a template, upload a file, see every problem or a preview, then confirm the load.

A second section loads a city's boundary file (GeoJSON) as the map shapes of its townships or communities.
"""

from __future__ import annotations

import hashlib
import io
from functools import partial

import streamlit as st

from dashboard.access.audit import one_line, record
from dashboard.base.settings import load_settings
from dashboard.present.downloads import csv_bytes
from dashboard.present.formatting import markdown_literal
from dashboard.present.writes import described
from dashboard.ui import cache
from dashboard.ui.blocks import common
from dashboard.ui.frame import audit, context, signin
from dashboard.ui.frame.audit import visitor_name
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import say
from dashboard.warehouse import snapshot
from dashboard.warehouse.boundaries import (
    CRS_NAMES,
    CRSES,
    LEVELS,
    BoundaryRefused,
    BoundaryResult,
    audit_details,
    load_boundaries,
    property_names,
)
from dashboard.warehouse.dictionary import tables
from dashboard.warehouse.intake import sheet_names
from dashboard.warehouse.load import LOADABLE, LoadResult, limits, load_bytes, shown_preview
from dashboard.warehouse.problems import LoadRefused
from dashboard.warehouse.validate import MODES
from dashboard.warehouse.writer import WriteError

CHECKED = "load._checked"  # fingerprint of the (file, table, mode) that last passed the check
OUTCOME = "load._outcome"
SHAPES_OUTCOME = "boundaries._outcome"
SHEETS = "load._sheets"  # (file digest, sheet names) of the uploaded workbook
PROPERTIES = "boundaries._properties"  # (file digest, property names), so a big file is parsed once, not every run
# Properties that usually name the place, offered first in the property select.
LIKELY_ID = ("township_id", "community_id", "place_id", "id", "name", "name_zh", "名称", "NAME")
SHOWN = 30  # places listed by name before "… and N more"
DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon"}  # the separators a text file may use, by name
REMOVE_CHECKED = "load.remove_checked"  # + the file's fingerprint: the clerk ticked that they checked the removal


def render(ctx: Context) -> None:
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
                              help=say("load.limit", mb=settings.max_upload_mb))
    fingerprint = None
    if upload is None:
        st.session_state.pop(CHECKED, None)
    else:
        data = upload.getvalue()
        sheet = _sheet_select(data, upload.name)
        fingerprint = hashlib.sha256(data + f"|{table}|{mode}|{sheet}".encode()).hexdigest()
        check, commit = st.columns(2, wrap=False)
        if check.button(t("load.check"), key="load.check", icon=":material/fact_check:"):
            ctx = _run(ctx, data, upload.name, table, mode, fingerprint, sheet, dry_run=True)
        ready = st.session_state.get(CHECKED) == fingerprint
        # A removal waits for the tick under its preview (read here, drawn below): the clerk saw what goes.
        unticked = mode == "delete" and not st.session_state.get(f"{REMOVE_CHECKED}.{fingerprint}")
        if commit.button(t("load.submit"), key="load.submit", type="primary", disabled=not ready or unticked,
                         icon=":material/upload:", help=t("load.remove_help") if ready and unticked else None) \
                and ready and not unticked:
            ctx = _run(ctx, data, upload.name, table, mode, fingerprint, sheet, dry_run=False)
    _show_outcome(lang, fingerprint if st.session_state.get(CHECKED) == fingerprint else None)
    ctx = _boundaries_section(ctx, lang)
    common.query_block(ctx, "reference/load_history", ctx.selection, key="load.history",
                       reshape=partial(described, lang=lang), variant="words")


def _table_name(table: str, lang: str) -> str:
    """Name a table in the reader's language, with its SQL name for analysts."""
    return f"{tables()[table].label(lang)} · {table}"


def _sheet_select(data: bytes, name: str) -> str | None:
    """Offer the sheets of a workbook that has several; None (the default) loads the only one holding data."""
    if not name.lower().endswith((".xlsx", ".xlsm")):
        return None
    digest = hashlib.sha256(data).hexdigest()
    kept = st.session_state.get(SHEETS)
    if not kept or kept[0] != digest:  # read once per file, not on every run of the page
        kept = st.session_state[SHEETS] = (digest, sheet_names(io.BytesIO(data), limits(load_settings())))
    if len(kept[1]) < 2:
        return None
    return st.selectbox(t("load.sheet"), kept[1], index=None, placeholder=t("load.sheet_auto"), key="load.sheet",
                        help=t("load.sheet_help"))


def _run(ctx: Context, data: bytes, name: str, table: str, mode: str, fingerprint: str, sheet: str | None,
         dry_run: bool) -> Context:
    """Check (dry_run) or load an upload and keep the outcome in the session for this and later runs; return the
    context the rest of the run draws with (after a load, on the new snapshot)."""
    if not signin.require("analyst", city_wide=True):  # checked where the load runs, not only in the menu
        return ctx
    settings = load_settings()
    try:
        with st.spinner(t("load.check") if dry_run else t("load.submit")):
            result = load_bytes(settings, data, name, table, mode=mode, dry_run=dry_run, sheet=sheet)
    except LoadRefused as refused:
        audit.record_load(ctx.run.visitor, name, table, mode, dry_run, error=refused)
        st.session_state.pop(CHECKED, None)
        st.session_state[OUTCOME] = ("refused", refused)
        return ctx
    except WriteError as exc:
        audit.record_load(ctx.run.visitor, name, table, mode, dry_run, error=exc)
        st.session_state.pop(CHECKED, None)
        st.session_state[OUTCOME] = ("failed", str(exc))
        return ctx
    audit.record_load(ctx.run.visitor, name, table, mode, dry_run, result=result)
    if dry_run:
        st.session_state[CHECKED] = fingerprint
        st.session_state[OUTCOME] = ("checked", (name, result))
        return ctx
    st.session_state.pop(CHECKED, None)
    st.session_state[OUTCOME] = ("loaded", (name, result))
    return context.renew(ctx)  # the rest of this run, and the history below, read the new snapshot


def _show_outcome(lang: str, checked: str | None) -> None:
    """Show the last check's preview, the last load's counts, or every problem with a rejects download; `checked`
    is the fingerprint of the file whose check passed and may now be loaded."""
    outcome = st.session_state.get(OUTCOME)
    if outcome is None:
        return
    kind, payload = outcome
    if kind == "refused":
        refused: LoadRefused = payload
        st.error(markdown_literal(refused.summary(lang)), icon=":material/error:")
        frame = refused.frame(lang)
        st.caption(say("load.problems", count=refused.total, shown=len(frame)))
        st.dataframe(frame, hide_index=True, key="load.problems")
        st.download_button(t("load.rejects_download"), csv_bytes(frame), file_name="rejects.csv", mime="text/csv",
                           key="load.rejects", icon=":material/download:")
    elif kind == "failed":
        st.error(markdown_literal(t("load.failed", message=payload)), icon=":material/error:")
    else:
        name, result = payload
        _show_result(kind, name, result, lang, checked)


def _show_result(kind: str, name: str, result: LoadResult, lang: str, checked: str | None) -> None:
    """Show a passed check with what loading it will change and its preview (a removal asks for a tick under
    it), or a finished load with its counts."""
    table = tables()[result.table].label(lang)
    if kind == "checked":
        st.info(say("load.checked_page", rows=result.rows, read=_read_as(result), added=result.added,
                    replaced=result.replaced, removed=result.removed), icon=":material/fact_check:")
        if result.mode == "delete":
            st.warning(say("load.remove_warning", table=table, removed=result.removed), icon=":material/delete:")
    else:
        st.success(markdown_literal(t("load.done", name=name, table=table,
                                      rows=result.rows, added=result.added, replaced=result.replaced,
                                      removed=result.removed, snapshot=result.snapshot_id)),
                   icon=":material/check_circle:")
    st.caption(t("load.preview"))
    st.dataframe(shown_preview(result, lang), hide_index=True, key="load.preview")
    if kind == "checked" and result.mode == "delete" and checked:
        st.checkbox(t("load.remove_understood"), key=f"{REMOVE_CHECKED}.{checked}")


def _read_as(result: LoadResult) -> str:
    """Say how the file was read: a workbook's sheet, or a text file's encoding and separator in words."""
    if result.encoding == "xlsx":
        return t("load.read_as.xlsx", sheet=result.sheet or "")
    name = DELIMITERS.get(result.delimiter)
    return t("load.read_as.text", encoding=result.encoding.upper(),
             delimiter=t(f"load.delimiter_name.{name}") if name else repr(result.delimiter))


def _boundaries_section(ctx: Context, lang: str) -> Context:
    """Upload a GeoJSON file, say whose shapes it holds, which property names the place and its CRS, then load it;
    return the context the rest of the run draws with (after a load, on the new snapshot)."""
    settings = load_settings()
    outcome = st.session_state.get(SHAPES_OUTCOME)
    with st.expander(t("boundaries.title"), icon=":material/map:", expanded=outcome is not None):
        st.caption(t("boundaries.intro"))
        upload = st.file_uploader(t("boundaries.file"), type=["geojson", "json"], key="boundaries.file",
                                  help=say("load.limit", mb=settings.max_upload_mb))
        level = st.selectbox(t("boundaries.level_label"), LEVELS, key="boundaries.level",
                             format_func=lambda v: t(f"boundaries.level_name.{v}"))
        data = upload.getvalue() if upload is not None else b""
        names = _property_names(data) if data else []
        if names:
            preferred = next((n for n in LIKELY_ID if n in names), names[0])
            id_property = st.selectbox(t("boundaries.id_property"), names, index=names.index(preferred),
                                       key="boundaries.id_property", help=t("boundaries.id_property_help"))
        else:
            if data:
                st.caption(t("boundaries.id_property_none"))
            id_property = st.text_input(t("boundaries.id_property"), key="boundaries.id_property_text",
                                        help=t("boundaries.id_property_help"))
        crs = st.selectbox(t("boundaries.crs_label"), CRSES, key="boundaries.crs",
                           format_func=lambda v: t(f"boundaries.crs.{v}"), help=t("boundaries.crs_help"))
        if st.button(t("boundaries.submit"), key="boundaries.submit", type="primary", disabled=upload is None,
                     icon=":material/upload:") and upload is not None:
            ctx = _load_shapes(ctx, data, upload.name, level, id_property or "", crs)
        _show_shapes_outcome(lang)
    return ctx


def _property_names(data: bytes) -> list[str]:
    """Return the property names of an uploaded file, parsing each file once per session."""
    digest = hashlib.sha256(data).hexdigest()
    kept = st.session_state.get(PROPERTIES)
    if not kept or kept[0] != digest:
        kept = st.session_state[PROPERTIES] = (digest, property_names(data))
    return kept[1]


def _load_shapes(ctx: Context, data: bytes, name: str, level: str, id_property: str, crs: str) -> Context:
    """Load a boundary file, record it in the audit log, and keep the outcome in the session; return the context the
    rest of the run draws with (after a load, on the new snapshot)."""
    if not signin.require("analyst", city_wide=True):  # a boundary file is the whole city's, as any load
        return ctx
    settings = load_settings()
    who = visitor_name(ctx.run.visitor)
    where = audit_details(name, level, crs)
    try:
        with st.spinner(t("boundaries.submit")):
            result = load_boundaries(settings, data, name, level, id_property, crs)
    except BoundaryRefused as refused:
        record(settings, who, "load", "refused", **where, message=one_line(refused))
        st.session_state[SHAPES_OUTCOME] = ("refused", (where["file"], refused))
        return ctx
    except (WriteError, snapshot.NoSnapshotError) as exc:
        record(settings, who, "load", "error", **where, message=one_line(exc))
        st.session_state[SHAPES_OUTCOME] = ("failed", (where["file"], one_line(exc)))
        return ctx
    record(settings, who, "load", "ok", **audit_details(name, level, crs, result))
    st.session_state[SHAPES_OUTCOME] = ("loaded", (where["file"], result))
    return context.renew(ctx)  # the rest of this run, and the history below, read the new snapshot


def _show_shapes_outcome(lang: str) -> None:
    """Show the last boundary load: one error saying what and where, or the counts and every place by name."""
    outcome = st.session_state.get(SHAPES_OUTCOME)
    if outcome is None:
        return
    kind, (name, payload) = outcome
    if kind != "loaded":
        message = payload.message(lang) if isinstance(payload, BoundaryRefused) else str(payload)
        st.error(markdown_literal(t("boundaries.refused", name=name, message=message)), icon=":material/error:")
        return
    result: BoundaryResult = payload
    level = t(f"boundaries.level.{result.level}")
    st.success(markdown_literal(t("boundaries.done", name=name, crs=CRS_NAMES[result.crs], level=level,
                                  matched=result.matched, features=result.features, snapshot=result.snapshot_id,
                                  added=result.added, replaced=result.replaced, removed=result.removed)),
               icon=":material/check_circle:")
    if result.unmatched:
        items = []
        for item in result.unmatched:
            text = t("boundaries.unmatched_item", index=item.index, value=item.value)
            extra = [item.name] if item.name else []
            extra += [t("boundaries.ambiguous")] if item.ambiguous else []
            items.append(text + (f"（{'；'.join(extra)}）" if lang == "zh" else f" ({'; '.join(extra)})")
                         if extra else text)
        st.warning(markdown_literal(t("boundaries.unmatched", count=len(items), level=level) + _listed(items, lang)),
                   icon=":material/warning:")
    if result.missing:
        places = [f"{p.place_id} {p.name_zh if lang == 'zh' else p.name_en}" for p in result.missing]
        st.info(markdown_literal(t("boundaries.missing", count=len(places), level=level) + _listed(places, lang)),
                icon=":material/info:")
    if not result.unmatched and not result.missing:
        st.caption(t("boundaries.all_matched"))


def _listed(items: list[str], lang: str) -> str:
    """Join up to SHOWN items in the reader's way (after a colon: none before in Chinese), saying how many more."""
    text = ("" if lang == "zh" else " ") + ("、" if lang == "zh" else "; ").join(items[:SHOWN])
    more = len(items) - SHOWN
    return f"{text} {t('boundaries.missing_more', count=more)}" if more > 0 else text

