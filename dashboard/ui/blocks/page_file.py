"""Draw a page file: its title and intro, then each block by kind (one small generic renderer per kind, registered
in blocks/renderers.py; the overview's kinds are in blocks/overview_kinds.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.base.settings import load_settings
from dashboard.query import pagefile as pf
from dashboard.ui.blocks import common, domain, overview_kinds
from dashboard.ui.blocks.renderers import RENDERERS, renderer_of, renders
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang
from dashboard.ui.frame.text import literal

# Importing a module of renderers registers them; these are every module that holds some.
RENDERER_MODULES = (overview_kinds,)


def page_files() -> pf.PageFiles:
    """Return the page files under the queries folder (re-read only when one changed)."""
    return pf.load_pages(load_settings().queries_dir)


def render_page(page_id: str, ctx: Context) -> None:
    """Draw one page file under the sidebar filters of the page run's context: title, intro and blocks, or its error."""
    page = _page(page_id)
    if page is None:
        return
    lang = current_lang()
    st.title(literal(page.title.get(lang)))
    if page.intro:
        st.caption(literal(page.intro.get(lang)))
    render_blocks(page.blocks, page_id, ctx)


def _page(page_id: str) -> pf.PageSpec | None:
    """Return one page file, or show its error and return None."""
    try:
        return page_files().get(page_id)
    except (pf.PageFileError, KeyError) as exc:
        st.error(literal(str(exc).strip("'\"")), icon=":material/error:")
        return None


def render_blocks(page_blocks: tuple[pf.Block, ...], page_id: str, ctx: Context) -> None:
    """Draw blocks one after another with the page run's context; page_id prefixes the keys of the widgets they draw."""
    for block in page_blocks:
        renderer_of(block)(block, page_id, ctx)


@renders("kpis")
def _kpis(block: pf.Kpis, page_id: str, ctx: Context) -> None:
    common.kpi_row(ctx, block.query, ctx.selection, columns=block.columns)


@renders("chart")
def _chart(block: pf.Chart, page_id: str, ctx: Context) -> None:
    common.query_block(ctx, block.query, ctx.selection)


@renders("estimates")
def _estimates(block: pf.Estimates, page_id: str, ctx: Context) -> None:
    domain.estimates_block(ctx, block.query, ctx.selection, kind=block.kind)


@renders("timeline")
def _timeline(block: pf.Timeline, page_id: str, ctx: Context) -> None:
    domain.timeline_block(ctx, block.query, ctx.selection)


@renders("cards")
def _cards(block: pf.Cards, page_id: str, ctx: Context) -> None:
    domain.published_cards(ctx, block.query)


@renders("section")
def _section(block: pf.Section, page_id: str, ctx: Context) -> None:
    lang = current_lang()
    st.header(literal(block.heading.get(lang)))
    if block.note:
        st.caption(literal(block.note.get(lang).replace("{min_n}", str(domain.min_sample()))))


@renders("columns")
def _columns(block: pf.Columns, page_id: str, ctx: Context) -> None:
    for column, inner in zip(st.columns(len(block.blocks)), block.blocks, strict=True):
        with column:
            render_blocks((inner,), page_id, ctx)


@renders("tabs")
def _tabs(block: pf.Tabs, page_id: str, ctx: Context) -> None:
    lang = current_lang()
    # A keyed tab set that tells the server which tab is open keeps it open across reruns: a click on a map or a
    # filter change would otherwise snap back to the first tab, away from what the reader was looking at.
    labels = [literal(tab.label.get(lang)) for tab in block.tabs]
    for tab, spec in zip(st.tabs(labels, key=f"{page_id}.tabs.{block.line}", on_change="rerun"), block.tabs,
                         strict=True):
        with tab:
            _alone(lambda shown, inner=spec.blocks: render_blocks(inner, page_id, shown), ctx)


@renders("search")
def _search(block: pf.Search, page_id: str, ctx: Context) -> None:
    _alone(lambda shown: _search_box(block, page_id, shown), ctx)


# A pick or a search reruns only its own blocks (st.fragment), not the charts above it. Streamlit reruns a fragment
# with the arguments of the page run that last drew it, so the context it gets is that run's.
@st.fragment
def _alone(draw: Callable[[Context], None], ctx: Context) -> None:
    """Draw something with the page run's context in a fragment, so its widgets rerun it alone."""
    draw(ctx)


def _search_box(block: pf.Search, page_id: str, ctx: Context) -> None:
    """Draw the search box, then the query given its words (none: every row)."""
    lang = current_lang()
    words = st.text_input(literal(block.label.get(lang)), key=f"{page_id}.{block.param}",
                          placeholder=block.hint.get(lang) if block.hint else None)
    common.query_block(ctx, block.query, ctx.selection, params={block.param: words.strip() or None})


@renders("trace")
def _trace(block: pf.Trace, page_id: str, ctx: Context) -> None:
    lang = current_lang()
    picked: dict[str, Any] = {}
    for pick in block.picks:
        value = domain.picker(ctx, pick.query, ctx.selection, pick.label.get(lang),
                              f"{page_id}.{pick.key or pick.param}", params=dict(picked), optional=pick.optional,
                              all_label=pick.all.get(lang) if pick.all else "")
        if value is None and not pick.optional:
            return
        picked[pick.param] = value
    common.query_block(ctx, block.then, ctx.selection, params=picked)



__all__ = ["RENDERERS", "RENDERER_MODULES", "page_files", "render_blocks", "render_page"]
