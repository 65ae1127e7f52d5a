"""The indicator detail on the overview: series against its target path, townships that lag, communities behind."""

from __future__ import annotations

from html import escape

import streamlit as st

from dashboard.base.settings import load_settings
from dashboard.engine.runner import QueryError
from dashboard.metrics.pillars import Assessment, display_window, lag_key, suppress_small
from dashboard.present.charts import PILLAR_COLORS, indicator_plot, progress_plot, status_color
from dashboard.present.follow_ups import ink
from dashboard.present.maps import lag_map
from dashboard.present.pillar_tables import format_value, month_text, projected_text, status_label, township_table
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import PILLARS, QueryFileError, QuerySpec
from dashboard.ui.blocks import common, follow_up_views, maps
from dashboard.ui.blocks.pillar_views import assess_spec, assessment_table, judged_on
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import joined, literal, say

DETAIL_KEY = "overview.indicator"
URL_KEY = "indicator"
REMEMBERED_KEY = "overview._indicator"
CHART_CONFIG = {"displaylogo": False}


def render(ctx: Context, scope: Scope, assessed: dict[str, list[Assessment]]) -> None:
    """Let the reader pick an indicator (kept in the URL) and show everything behind its number."""
    st.header(t("pillars.detail.heading"))
    chosen = choose(assessed)
    if chosen is None:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
        return
    spec, lang = chosen.spec, current_lang()
    st.subheader(literal(spec.label(lang)))
    if spec.description:
        st.caption(literal(spec.description[lang]))
    target_note(chosen)
    headline(chosen)
    follow_up_views.indicator_badges(ctx, scope, spec.query_id)
    series_chart(ctx, scope, chosen)
    townships(ctx, scope, chosen)
    communities(ctx, scope, spec)


def choose(assessed: dict[str, list[Assessment]]) -> Assessment | None:
    """Draw the indicator picker, seeded from the URL, defaulting to the indicator most behind its path."""
    by_id = {a.spec.query_id: a for pillar in PILLARS for a in assessed[pillar]}
    if not by_id:
        return None
    if st.session_state.get(DETAIL_KEY) not in by_id:
        # Widget state is dropped when the reader visits another page; the URL, then the last choice, restore it.
        candidates = (st.query_params.get(URL_KEY), st.session_state.get(REMEMBERED_KEY))
        default = min(by_id.values(), key=lambda a: lag_key(a.evaluation)).spec.query_id
        st.session_state[DETAIL_KEY] = next((c for c in candidates if c in by_id), default)
    lang = current_lang()
    # Labels are made now: format_func may be called later, outside this run (AppTest does).
    labels = {q: t("pillars.detail.option", pillar=t(f"pillar.{a.indicator.pillar}"), indicator=a.spec.label(lang))
              for q, a in by_id.items()}
    query_id = st.selectbox(t("pillars.detail.choose"), list(by_id), key=DETAIL_KEY, format_func=labels.__getitem__)
    st.query_params[URL_KEY] = query_id
    st.session_state[REMEMBERED_KEY] = query_id
    return by_id[query_id]


def target_note(chosen: Assessment) -> None:
    """Say where the target comes from: the report (which figure) or our configuration, and any apportioning."""
    indicator, lang = chosen.indicator, current_lang()
    note = indicator.note.get(lang, "")
    if indicator.target.published:
        st.caption(say("pillars.detail.published_note", figure=indicator.target.figure, note=note))
    else:
        st.warning(say("pillars.detail.configured_warning", note=note), icon=":material/tune:")
    if chosen.apportioned and chosen.plan_share is not None:
        st.caption(say("pillars.detail.apportioned_note", share=f"{chosen.plan_share:.1%}"))
    if chosen.hidden:
        st.caption(say("pillars.detail.hidden_periods", count=chosen.hidden, min_sample=load_settings().min_sample))


def headline(chosen: Assessment) -> None:
    """Show status (words on its colour) and the current, target, expected, baseline and projected values."""
    evaluation, indicator, lang = chosen.evaluation, chosen.indicator, current_lang()
    fill = status_color(evaluation.status)
    st.html(f'<span style="display:inline-block;background:{fill};'
            f'color:{ink(fill)};border-radius:999px;padding:2px 12px;font-weight:700">'
            f'{escape(t("pillars.detail.status"))}: {escape(status_label(evaluation.status, lang))}</span>')
    path = evaluation.path
    measured = t("pillars.detail.measured") if indicator.baseline.value is None else ""
    baseline_label = t("pillars.detail.baseline", date=month_text(indicator.baseline.date), measured=measured)
    scaled = 1 if chosen.apportioned and indicator.decimals == 0 else 0  # an apportioned target is fractional
    values = [
        (t("pillars.detail.current", period=month_text(evaluation.period)), evaluation.current, 0),
        (t("pillars.detail.target", date=indicator.target.date.isoformat()), path.target_value if path else None,
         scaled),
        (t("pillars.detail.expected"), evaluation.expected, scaled),
        (baseline_label, path.baseline_value if path else None, scaled),
    ]
    columns = st.columns(len(values) + 1)
    for column, (label, value, extra) in zip(columns, values, strict=False):
        column.metric(literal(label), format_value(value, indicator, lang, extra), border=True)
    columns[-1].metric(t("pillars.detail.projected"), projected_text(chosen, lang), border=True)


def series_chart(ctx: Context, scope: Scope, chosen: Assessment) -> None:
    """Draw the series from the selected first month on, against the straight target path."""
    spec, lang = chosen.spec, current_lang()
    shown = display_window(chosen.points, scope.month_from)
    if not shown:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
    else:
        labels = {k: t(f"pillars.detail.{k}") for k in ("actual", "path", "today")}
        fig = indicator_plot(shown, chosen.evaluation.path, judged_on(ctx, scope),
                             PILLAR_COLORS[chosen.indicator.pillar], labels,
                             title=t("pillars.detail.chart_title", indicator=spec.label(lang)),
                             y_suffix="%" if chosen.indicator.unit == "percent" else "")
        st.plotly_chart(fig, width="stretch", key="overview.chart.series", config=CHART_CONFIG)
    _source(ctx, spec, scope, scope.params(), key="overview.series")


def townships(ctx: Context, scope: Scope, chosen: Assessment) -> None:
    """Run the indicator once per township (other filters kept) and show which lag their path most."""
    lang, spec = current_lang(), chosen.spec
    st.subheader(t("pillars.detail.townships_heading"))
    st.caption(t("pillars.detail.townships_caption"))
    towns = ctx.reader.frame("reference/townships", {"lang": lang})  # a township account's own only
    if scope.area:
        towns = towns[towns["area"] == scope.area]
    today = judged_on(ctx, scope)
    entries = []
    for tid, name in zip(towns["township_id"], towns["township"], strict=True):
        label = name + (t("pillars.detail.selected") if tid == scope.township else "")
        entries.append((tid, label, assess_spec(ctx, spec, {**scope.params(), "township": tid}, today)))
    unplanned = [e for e in entries if e[2].plan_share == 0]  # none of the city's plan lies there
    frame = township_table([e for e in entries if e[2].plan_share != 0], lang)
    if unplanned:
        st.caption(say("pillars.detail.unplanned", names=t("pillars.card.separator").join(e[1] for e in unplanned)))
    if frame.empty:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
        return
    expected = chosen.evaluation.expected_progress
    expected_pct = None if expected is None else 100 * expected
    labels = {"expected": t("pillars.detail.expected_line", value=f"{expected_pct or 0:.0f}%"),
              "progress": t("pillars.columns.progress")}
    bars = progress_plot(frame, expected_pct, labels, title=t("pillars.detail.townships_chart"))
    shapes = maps.shapes(ctx, "township")
    if shapes.geometry:
        left, right = st.columns(2)
        with left:
            maps.show(lag_map(frame, shapes, lang, labels["progress"], t("maps.who_lags")),
                      "overview.map.townships", {tid: tid for tid in frame["township_id"]})
        right.plotly_chart(bars, width="stretch", key="overview.chart.townships", config=CHART_CONFIG)
    else:
        st.plotly_chart(bars, width="stretch", key="overview.chart.townships", config=CHART_CONFIG)
    assessment_table(frame, key="overview.townships", first="township")
    follow_up_views.township_lines(ctx, scope, dict(zip(towns["township_id"], towns["township"], strict=True)))


def communities(ctx: Context, scope: Scope, spec: QuerySpec) -> None:
    """Show the indicator's declared community table, small survey cells blanked."""
    lang = current_lang()
    st.subheader(t("pillars.detail.communities_heading"))
    if not spec.indicator or not spec.indicator.communities:
        st.caption(t("pillars.detail.no_companion"))
        return
    try:
        companion = ctx.reader.registry.get(spec.indicator.communities)
        result = ctx.reader.run(companion, scope.params())
    except (QueryFileError, KeyError, QueryError) as exc:
        st.error(say("block.error", message=str(exc).strip("'\"")))
        return
    about = [companion.label(lang), *([companion.description[lang]] if companion.description else [])]
    st.caption(joined(" · ", about))
    frame = suppress_small(result.frame, load_settings().min_sample)
    if frame.empty:
        st.info(t("block.empty"), icon=":material/filter_alt_off:")
    else:
        st.dataframe(frame.rename(columns=companion.chart.column_labels(lang)), hide_index=True, width="stretch",
                     key="overview.communities")
    st.caption(literal(common.source_line(ctx, companion, result)))
    common.data_and_sql(ctx, companion, result, scope, key="overview.communities")


def _source(ctx: Context, spec: QuerySpec, scope: Scope, params: dict[str, object], key: str) -> None:
    """Show where the numbers come from and the query behind them."""
    try:
        result = ctx.reader.run(spec, params)
    except QueryError:
        return
    st.caption(literal(common.source_line(ctx, spec, result)))
    common.data_and_sql(ctx, spec, result, scope, key=key)

