"""Query library: every query file by section, with typed parameters, chart, table, downloads and SQL."""

from __future__ import annotations

import streamlit as st

from dashboard.ui.blocks import results
from dashboard.ui.blocks.provenance import query_file
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import literal, say


def render(ctx: Context) -> None:
    """List sections and queries; show the chosen one; list broken files with their errors."""
    scope = ctx.run.selection
    st.title(t("library.title"))
    st.caption(t("library.intro"))
    registry = ctx.reader.registry
    sections = registry.sections()
    lang = current_lang()
    left, right = st.columns([1, 3], gap="large")
    with left:
        section = st.radio(t("library.section"), list(sections), key="library.section", format_func=literal)
        specs = {s.query_id: s for s in sections.get(section, []) if ctx.reader.may_run(s)}
        query_id = st.radio(t("library.query"), list(specs), key="library.query",
                            format_func=lambda qid: literal(specs[qid].label(lang)))
    with right:
        if query_id:
            st.caption(say("library.file", path=query_file(specs[query_id], ctx.reader.settings.queries_dir)))
            results.query_panel(ctx, specs[query_id], scope)
    if registry.errors:
        st.divider()
        st.subheader(t("library.broken_heading"))
        for error in registry.errors.values():
            st.error(literal(str(error)), icon=":material/error:")

