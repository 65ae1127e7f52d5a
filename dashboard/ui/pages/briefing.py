"""Briefing export: pick a preset or charts, a language and a data version; download deck, images and PDF."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.access.reader import Reader
from dashboard.base.i18n import LANGS, translate
from dashboard.base.settings import load_settings
from dashboard.briefing.collect import BriefingRequest, collect, open_runner
from dashboard.briefing.deck import slide_count
from dashboard.briefing.export import FORMATS, MIME_TYPES, export, regenerate_command
from dashboard.briefing.fonts import MissingFontError
from dashboard.briefing.presets import Preset, load_presets, preset_order
from dashboard.briefing.render import RenderError
from dashboard.engine.runner import QueryError
from dashboard.present.codes import code_label
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import say
from dashboard.warehouse.history import list_snapshots
from dashboard.warehouse.snapshot import NoSnapshotError, pin

RESULT_KEY = "briefing._result"
CHARTS_KEY = "briefing.charts"


def render(ctx: Context) -> None:
    """Draw the choices, build on request, and offer the files while the choices still match them."""
    scope = ctx.selection
    st.title(t("briefing.title"))
    st.caption(t("briefing.intro"))
    preset = choose_preset()
    query_ids = choose_charts(ctx, preset)
    left, right = st.columns(2)
    with left:
        lang = st.radio(t("briefing.language"), LANGS, index=LANGS.index(current_lang()), key="briefing.lang",
                        horizontal=True, format_func=lambda code: {"zh": "中文", "en": "English"}[code])
    with right:
        snapshot_id = choose_snapshot(ctx)
    edition_id = meeting_edition(ctx) if preset and preset.is_meeting else None
    request = BriefingRequest.build(query_ids, scope.with_lang(lang), preset, snapshot_id, edition_id)
    if not query_ids:
        st.info(t("briefing.no_charts"))
    elif preset and preset.is_meeting and not edition_id:
        st.info(t("meeting_deck.page.no_edition"))
    elif st.button(t("briefing.build"), key="briefing.build", type="primary", icon=":material/slideshow:"):
        build(ctx, request)
    downloads(ctx, request)


def choose_preset() -> Preset | None:
    """Pick a preset (or none, to choose charts freely); choosing one fills the chart list."""
    presets, broken = load_presets()
    for error in broken.values():
        st.error(say("briefing.broken_preset", message=str(error)))
    options = [*preset_order(presets), None]  # the meeting deck first, so it is the default

    def fill_charts() -> None:
        chosen = presets.get(st.session_state["briefing.preset"] or "")
        if chosen:
            st.session_state[CHARTS_KEY] = list(chosen.charts)

    lang, custom = current_lang(), t("briefing.preset_custom")
    preset_id = st.selectbox(t("briefing.preset"), options, key="briefing.preset", on_change=fill_charts,
                             format_func=lambda p: presets[p].label(lang) if p else custom)
    preset = presets.get(preset_id or "")
    if CHARTS_KEY not in st.session_state and preset:
        st.session_state[CHARTS_KEY] = list(preset.charts)
    return preset


def meeting_edition(ctx: Context) -> str | None:
    """Return the edition a meeting deck is for: the one being viewed, else the latest; say which on the page."""
    shown = ctx.run.edition
    editions = ctx.reader.frame("reference/editions")
    if shown is None and editions.empty:
        return None
    edition_id, name = (shown.edition_id, shown.name) if shown else editions.iloc[-1][["edition_id", "name"]]
    st.caption(say("meeting_deck.page.edition", id=edition_id, name=name))
    return str(edition_id)


def choose_charts(ctx: Context, preset: Preset | None) -> list[str]:
    """Pick the charts, in slide order, from every valid query file."""
    registry = ctx.reader.registry
    reader = ctx.reader
    specs = {s.query_id: s for group in registry.sections().values() for s in group if reader.may_run(s)}
    st.session_state[CHARTS_KEY] = [q for q in st.session_state.get(CHARTS_KEY, []) if q in specs]
    lang = current_lang()
    # Charts go by their titles; an analyst also sees each one's query id, to tell two alike apart.
    with_id = ctx.run.visitor.allows("analyst")
    return st.multiselect(t("briefing.charts"), list(specs), key=CHARTS_KEY,
                          format_func=lambda q: f"{specs[q].label(lang)} · {q}" if with_id else specs[q].label(lang))


def choose_snapshot(ctx: Context) -> str:
    """Pick the data version the page reads (the live one, or the shown edition's) or a kept earlier one, to
    regenerate an old briefing; each is named by when it was written and what wrote it, not by its id."""
    shown, live = ctx.run.snapshot, ctx.run.live
    history = list_snapshots(load_settings())
    kept = [s for s in history["snapshot_id"] if s != shown]
    lang = current_lang()
    # Labels are made now: format_func may be called later, outside this run (AppTest does).
    labels = {row.snapshot_id: translate("briefing.snapshot_live" if row.snapshot_id == live else
                                         "briefing.snapshot_kept", lang, time=_written(row.built_at),
                                         what=code_label("data_kind", row.data_kind, lang))
              for row in history.itertuples(index=False)}
    return st.selectbox(t("briefing.snapshot"), [shown, *kept], key="briefing.snapshot",
                        format_func=lambda s: labels.get(s, t("briefing.snapshot_shown")))


def _written(at: object) -> str:
    """Say when a data version was written, to the minute, or a dash when its history cannot be read."""
    return "—" if at is None or pd.isna(at) else pd.Timestamp(at).strftime("%Y-%m-%d %H:%M")


def build(ctx: Context, request: BriefingRequest) -> None:
    """Collect and render the briefing with a progress bar; keep the files in the session."""
    bar = st.progress(0.0, text=say("briefing.building", done=0, total=len(request.query_ids)))
    try:
        # The run's reader on the chosen snapshot: a slide never shows a place the page would not.
        reader = Reader(open_runner(load_settings(), request.snapshot_id), None, ctx.run.townships)
        briefing = collect(reader, ctx.reader.registry, request)
        files = export(briefing, FORMATS, lambda done, total: bar.progress(
            done / total, text=say("briefing.building", done=done, total=total)))
        pin(load_settings(), briefing.info.snapshot_id, "briefing")
    except MissingFontError:
        st.error(t("briefing.no_cjk_font"), icon=":material/font_download_off:")
        return
    except (RenderError, QueryError, NoSnapshotError, KeyError) as exc:
        st.error(say("briefing.render_failed", message=str(exc)))
        return
    finally:
        bar.empty()
    st.session_state[RESULT_KEY] = {"request": request, "files": files, "snapshot": briefing.info.snapshot_id,
                                    "slides": slide_count(briefing)}


def downloads(ctx: Context, request: BriefingRequest) -> None:
    """Offer the built files while the choices on the page still match what was built."""
    result = st.session_state.get(RESULT_KEY)
    if not result:
        return
    if result["request"] != request:
        st.info(t("briefing.stale"), icon=":material/sync_problem:")
        return
    st.success(say("briefing.ready_slides", count=result["slides"]))
    columns = st.columns(len(result["files"]))
    for column, (name, data) in zip(columns, result["files"].items(), strict=True):
        kind = name.rsplit(".", 1)[-1]
        with column:
            st.download_button(t(f"briefing.download_{kind}"), data, file_name=name, mime=MIME_TYPES[kind],
                               key=f"briefing.download_{kind}", on_click="ignore", icon=":material/download:")
    if ctx.run.visitor.allows("analyst"):  # the command names the snapshot by its id: staff, not leaders, run it
        st.caption(t("briefing.regenerate"))
        st.code(regenerate_command(request, result["snapshot"]), language="sh")

