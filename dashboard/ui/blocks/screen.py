"""The meeting-room screen (大屏): four scenes cycled by a timed fragment, each built once per snapshot."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard.base.settings import load_settings
from dashboard.metrics.pillars import Assessment, pillar_summary
from dashboard.present import palette
from dashboard.present.charts import PROGRESS_COLORS, status_color
from dashboard.present.codes import code_label
from dashboard.present.follow_ups import status_fill
from dashboard.present.screen import (
    STYLE,
    Pill,
    PillarTile,
    ProjectRow,
    cycle_html,
    header_html,
    laggards_html,
    pillars_html,
    projects_html,
)
from dashboard.query.scope import Scope
from dashboard.ui.blocks import attention, follow_up_views, pillar_views, provenance
from dashboard.ui.frame import context
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import say

SCENES = ("pillars", "laggards", "projects", "follow_ups")
DEFAULT_CYCLE, MIN_CYCLE, MAX_CYCLE = 20, 3, 600
TICK_KEY = "screen._tick"
PROJECT_ORDER = {"overdue": 0, "in_progress": 1, "planned": 2, "completed": 3}
# Follow-ups a meeting still has to chase come first; done ones are only counted.
FOLLOW_UP_ORDER = {"overdue": 0, "open": 1}
FOLLOW_UPS_SHOWN = 12


def cycle_seconds(raw: str | None) -> int:
    """Return the seconds per scene from `?cycle=`: default 20 when it is not a number, else kept in 3..600."""
    number = _seconds(raw)
    if number is None:
        return DEFAULT_CYCLE
    return int(min(MAX_CYCLE, max(MIN_CYCLE, number)))  # inf and 1e309 become 600, -inf 3


def cycle_taken_as_given(raw: str | None) -> bool:
    """Say whether `?cycle=` is absent or a number of seconds within 3..600, so nothing needs saying about it."""
    number = _seconds(raw)
    return not raw or (number is not None and MIN_CYCLE <= number <= MAX_CYCLE)


def _seconds(raw: str | None) -> float | None:
    """Read `?cycle=` as a number, or None for no value, text and NaN."""
    try:
        number = float(raw) if raw else None
    except ValueError:
        return None
    return None if number is None or math.isnan(number) else number


def render(ctx: Context) -> None:
    """Draw the dark frame once, then let a fragment show the next scene every cycle."""
    raw = st.query_params.get("cycle")
    seconds = cycle_seconds(raw)
    st.html(STYLE)
    st.title(t("screen.title"))
    if not cycle_taken_as_given(raw):
        st.warning(say("screen.cycle_refused", value=raw, low=MIN_CYCLE, high=MAX_CYCLE, seconds=seconds),
                   icon=":material/timer:")

    # Streamlit reruns the fragment with the run context of the page run that last drew it.
    @st.fragment(run_every=seconds)
    def cycle(ctx: Context) -> None:
        ctx = fix_snapshot(ctx)
        tick = st.session_state.get(TICK_KEY, -1) + 1
        st.session_state[TICK_KEY] = tick
        scene = SCENES[tick % len(SCENES)]
        st.html(scene_html(ctx, scene, ctx.selection))
        st.html(cycle_html(tick % len(SCENES), len(SCENES), seconds, t("screen.cycle_hint", seconds=seconds)))

    cycle(ctx)


def fix_snapshot(ctx: Context) -> Context:
    """Return the run context on the live snapshot as it is now, or on the edition the frame chose (`?edition=`).

    A fragment rerun skips the frame, so the screen renews the run's snapshot itself and a publish shows on the
    next scene.
    """
    return context.renew(ctx)


def scene_html(ctx: Context, scene: str, scope: Scope) -> str:
    """Return one whole scene (header and body), built once per snapshot, language, selection and scope."""
    lang = current_lang()
    info = provenance.snapshot_row(ctx)
    as_of = pd.Timestamp(info["as_of"]).date().isoformat() if info.get("as_of") is not None else "—"
    facts = t("screen.facts", as_of=as_of)  # an edition's name and the as-of date say enough; no snapshot id
    edition = ctx.run.edition
    if edition is not None:
        facts = t("screen.edition", name=edition.name, day=edition.as_of.isoformat()) + " · " + facts
    head = header_html(t(f"screen.scene.{scene}"), facts)
    key = repr(("screen", scene, lang, scope, edition, _files(ctx)))  # the reader adds snapshot and townships
    body = ctx.reader.keep(key, lambda: _body(ctx, scene, scope))
    return head + body


def _files(ctx: Context) -> list[str]:
    """Return every indicator file's text, so an edited one is judged afresh."""
    return sorted(repr(s) for s in ctx.reader.registry.specs.values() if s.indicator)


def _body(ctx: Context, scene: str, scope: Scope) -> str:
    """Build the body of one scene."""
    if scene == "pillars":
        return pillars_html([_tile(p, a) for p, a in pillar_views.assess_all(ctx, scope).items()])
    if scene == "laggards":
        shown, behind = attention.laggards(ctx, scope)  # the overview's 需关注 reads the same list
        more = t("screen.more_lagging", n=behind - len(shown)) if behind > len(shown) else ""
        return laggards_html(shown, t("screen.lagging_townships"), t("screen.none_lagging"), more)
    if scene == "follow_ups":
        return _follow_ups(ctx, scope)
    return _projects(ctx, scope)


def _tile(pillar: str, assessments: list[Assessment]) -> PillarTile:
    """Describe one pillar's tile."""
    score, _ = pillar_summary(assessments, load_settings().pace)
    counts = t("pillars.card.separator").join(t(f"pillars.count.{k}", n=n) for k, n in score.counts.items() if n)
    return PillarTile(name=t(f"pillar.{pillar}"), color=palette.PILLAR_ACCENT,  # named, not coloured by pillar
                      score=f"{score.score:.0f}" if score.score is not None else "—",
                      score_caption=t("screen.score_caption"), status=attention.pill(score.status),
                      counts=t("pillars.card.counts", total=len(assessments), counts=counts))


def _projects(ctx: Context, scope: Scope) -> str:
    """Return the key projects' scene: counts by status, then each project with its planned end."""
    lang = current_lang()
    spec = ctx.reader.registry.get("renovation/key_project_timeline")
    frame = ctx.reader.run(spec, {**scope.params(), "lang": lang}).frame
    rows, counts = [], {"overdue": 0, "in_progress": 0, "planned": 0, "completed": 0}
    for r in frame.itertuples(index=False):
        overdue = r.status != "completed" and pd.Timestamp(r.planned_end) < pd.Timestamp(r.as_of)
        state = "overdue" if overdue else str(r.status)
        counts[state] = counts.get(state, 0) + 1
        due = (t("screen.finished", date=pd.Timestamp(r.actual_end).strftime("%Y-%m")) if pd.notna(r.actual_end)
               else t("screen.due", date=pd.Timestamp(r.planned_end).strftime("%Y-%m")))
        rows.append((PROJECT_ORDER.get(state, 9), pd.Timestamp(r.planned_end),
                     ProjectRow(str(r.key_project), Pill(_state_label(state, lang), _state_color(state)), due)))
    rows.sort(key=lambda row: (row[0], row[1]))
    tiles = [(_state_label(s, lang), n, _state_color(s)) for s, n in counts.items() if n or s != "overdue"]
    return projects_html(tiles, [row[2] for row in rows])


def _follow_ups(ctx: Context, scope: Scope) -> str:
    """Return the follow-ups scene: how many are overdue, open and done on the view's day, then those to chase."""
    lang, frame = current_lang(), follow_up_views.rows(ctx, scope)
    counts = {state: int((frame["status"] == state).sum()) for state in ("overdue", "open", "done")}
    chase = frame[frame["status"].isin(list(FOLLOW_UP_ORDER))].copy()
    chase["order"] = chase["status"].map(FOLLOW_UP_ORDER)
    chase = chase.sort_values(["order", "due_on"]).head(FOLLOW_UPS_SHOWN)
    named = follow_up_views.named_rows(ctx, chase)  # the subject by name: an indicator's title, a township's name
    rows = [ProjectRow(t("screen.follow_up", subject=r.subject_name, task=r.task, owner=r.owner),
                       Pill(r.status, _follow_up_color(r.status_code)), t("screen.follow_up_due", date=r.due_on))
            for r in named.itertuples(index=False)]
    tiles = [(code_label("status", s, lang), n, _follow_up_color(s)) for s, n in counts.items()]
    return projects_html(tiles, rows, columns=1)  # a task and its owner need the whole width


def _follow_up_color(state: str) -> str:
    """Return a follow-up status's colour as the palette gives it everywhere (办理中 as on the overview and deck)."""
    return status_fill(state)


def _state_label(state: str, lang: str) -> str:
    """Return a project state in words: overdue is the screen's own, others are the status vocabulary's."""
    return t("screen.overdue") if state == "overdue" else code_label("key_project_status", state, lang)


def _state_color(state: str) -> str:
    """Return a project state's colour: overdue as off track, others as the status vocabulary's."""
    return status_color("off_track") if state == "overdue" else PROGRESS_COLORS.get(state, palette.WAITING)
