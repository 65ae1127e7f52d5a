"""Renderers of the overview's block kinds: the selection line, pillar cards, indicator tables and detail, and the
meeting-mode sections, each assessing the indicators under the selection (cached, so once per run)."""

from __future__ import annotations

import streamlit as st

from dashboard.engine.runner import QueryError
from dashboard.query import pagefile as pf
from dashboard.ui.blocks import attention, domain, follow_up_views, indicator_detail, meeting_changes, pillar_views
from dashboard.ui.blocks.renderers import renders
from dashboard.ui.frame import filters
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import literal, say


@renders("selection")
def _selection(block: pf.Selection, page_id: str, ctx: Context) -> None:
    scope = ctx.selection
    st.caption(literal(scope.describe(filters.township_name(ctx.reader, scope))))


@renders("pillar_cards")
def _pillar_cards(block: pf.PillarCards, page_id: str, ctx: Context) -> None:
    assessed = pillar_views.assess_all(ctx, ctx.selection)
    st.header(t("pillars.overview.heading"))
    st.caption(say("pillars.overview.judged_on", day=pillar_views.judged_on(ctx, ctx.selection).isoformat()))
    pillar_views.pillar_cards(assessed, meeting_changes.pillar_changes(ctx, ctx.selection, assessed))


@renders("indicator_tables")
def _indicator_tables(block: pf.IndicatorTables, page_id: str, ctx: Context) -> None:
    assessed = pillar_views.assess_all(ctx, ctx.selection)
    pillar_views.indicator_tables(ctx, assessed, meeting_changes.indicator_changes(ctx, ctx.selection, assessed),
                                  block.pillars)


@renders("changes")
def _changes(block: pf.Changes, page_id: str, ctx: Context) -> None:
    meeting_changes.since_section(ctx, ctx.selection, pillar_views.assess_all(ctx, ctx.selection))


@renders("follow_ups")
def _follow_ups(block: pf.FollowUps, page_id: str, ctx: Context) -> None:
    follow_up_views.section(ctx, ctx.selection)


@renders("indicator_detail")
def _indicator_detail(block: pf.IndicatorDetail, page_id: str, ctx: Context) -> None:
    indicator_detail.render(ctx, ctx.selection, pillar_views.assess_all(ctx, ctx.selection))


@renders("attention")
def _attention(block: pf.Attention, page_id: str, ctx: Context) -> None:
    attention.render(ctx, ctx.selection)


@renders("figures_check")
def _figures_check(block: pf.FiguresCheck, page_id: str, ctx: Context) -> None:
    try:
        figures = ctx.reader.frame(block.query)
    except (KeyError, QueryError) as exc:
        st.error(say("block.error", message=str(exc)))
        return
    lang = current_lang()
    matching = sum(bool(domain.figure_card(row, lang).matches) for row in figures.itertuples(index=False))
    key = "figures_check.all" if matching == len(figures) else "figures_check.some"
    # The cards are drawn only when opened: forty of them filled half the overview.
    with st.expander(say(key, n=len(figures), matching=matching, differing=len(figures) - matching),
                     icon=":material/fact_check:"):
        domain.published_cards(ctx, block.query)
