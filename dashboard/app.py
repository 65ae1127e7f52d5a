"""Streamlit entry point: page config, language, navigation by section, the demo marker."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the repo root the package lives in.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from dashboard.ui.blocks import page_file, provenance
from dashboard.ui.frame import context, edition_picker, filters, signin
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.nav import PageEntry, record_refused_by_url, sections
from dashboard.ui.frame.text import literal
from dashboard.warehouse.snapshot import NoSnapshotError


def main() -> None:
    """Set up the frame shared by every page, then run the chosen page."""
    st.set_page_config(page_title=t("app.title"), page_icon=":material/insights:", layout="wide")
    filters.seed_from_url()
    problem = signin.roles_problem()
    if problem:
        st.error(literal(problem), icon=":material/error:")
        st.stop()
    visitor = signin.current_access()
    if visitor.role is None:  # anonymous, or signed in with no role: only the login page exists
        st.navigation([st.Page(signin.login_page, title=t("access.login"), icon=":material/login:")]).run()
        return
    listed = sections()
    default = next(page for entries in listed.values() for page in entries)
    lang = current_lang()

    def draw(entry: PageEntry) -> Callable[[], None]:
        # Streamlit calls the chosen page with no arguments, from page.run() below, once this run's context is built.
        return lambda: drawer(entry)(ctx)

    pages = {t(section): [p.st_page(lang, default=p == default, draw=draw(p)) for p in entries if p.serves(visitor)]
             for section, entries in listed.items()}
    # Every page listed: a collapsed list would end in Streamlit's own English 'View N more'.
    page = st.navigation({section: entries for section, entries in pages.items() if entries}, expanded=True)
    record_refused_by_url(visitor, page.url_path)
    signin.user_box(visitor)
    filters.language_switch()
    live_only = page.url_path in edition_picker.LIVE_PAGES  # loads, rollback and meeting records act on live data
    try:
        ctx = context.begin(visitor, live_only)  # the one run context, handed to the page and on to its blocks
    except NoSnapshotError:
        st.error(t("app.no_warehouse"))
        st.stop()
    provenance.demo_marker(ctx)
    edition_picker.banner(ctx.run.edition, live_only)
    page.run()


def drawer(entry: PageEntry) -> Callable[[Context], None]:
    """Return what draws a page with a page run's context: the page file's renderer, or the page module's render."""
    if entry.from_page_file:
        return lambda ctx: page_file.render_page(entry.path, ctx)
    return import_module(entry.module).render


main()
