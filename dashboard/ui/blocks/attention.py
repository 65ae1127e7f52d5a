"""需关注: what lags (with its most lagging townships), which follow-ups are overdue and who owns them, and what moved
since the compared meeting; the overview's first screen and the big screen's laggard scene read the same lists."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.metrics.meeting import status_moves
from dashboard.metrics.pillars import Assessment, lag_key
from dashboard.present import palette
from dashboard.present.attention import Column, Line, attention_html, laggard_lines
from dashboard.present.codes import code_label
from dashboard.present.pillar_tables import status_label
from dashboard.present.screen import Laggard, Pill
from dashboard.query.scope import Scope
from dashboard.query.sqlfile import PILLARS
from dashboard.ui.blocks import follow_up_views, meeting_changes, pillar_views
from dashboard.ui.frame import edition_picker
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t

LAGGARDS_SHOWN, TOWNSHIPS_SHOWN, FOLLOW_UPS_SHOWN, MOVES_SHOWN = 4, 3, 3, 3
FOLLOW_UP_STATES = ("overdue", "open", "done")


def pill(status: str) -> Pill:
    """Return a pace status as a pill: its words on its colour."""
    return Pill(status_label(status, current_lang()), palette.status_color(status), status in ("at_risk", "no_data"))


def laggards(ctx: Context, scope: Scope, shown: int = LAGGARDS_SHOWN) -> tuple[list[Laggard], int]:
    """Return the first indicators off track (then at risk), most behind first, each with its most lagging
    townships, and how many are behind in all."""
    assessed = pillar_views.assess_all(ctx, scope)
    behind = [a for p in PILLARS for a in assessed[p] if a.evaluation.status in ("off_track", "at_risk")]
    behind.sort(key=lambda a: (a.evaluation.status != "off_track", lag_key(a.evaluation)))
    today = pillar_views.judged_on(ctx, scope)
    return [Laggard(name=a.spec.label(current_lang()), pillar=t(f"pillar.{a.indicator.pillar}"),
                    status=pill(a.evaluation.status), progress=progress_text(a),
                    townships=tuple(lagging_townships(ctx, scope, a, today)))
            for a in behind[:shown]], len(behind)


def progress_text(assessment: Assessment) -> str:
    """Say progress against where the path expects it by now, e.g. `进度 45% / 时序进度 70%`."""
    evaluation = assessment.evaluation
    if evaluation.score is None:
        return "—"
    expected = evaluation.expected_progress
    return t("attention.progress", progress=f"{evaluation.score:.0f}%",
             expected="—" if expected is None else f"{100 * min(1.0, expected):.0f}%")


def lagging_townships(ctx: Context, scope: Scope, chosen: Assessment, today: dt.date) -> list[tuple[str, str, Pill]]:
    """Run the indicator per township (as the overview's detail does) and return the ones most behind."""
    towns = ctx.reader.frame("reference/townships", {"lang": current_lang()})  # a township account's own only
    if scope.area:
        towns = towns[towns["area"] == scope.area]
    entries = [(name, pillar_views.assess_spec(ctx, chosen.spec, {**scope.params(), "township": tid}, today))
               for tid, name in zip(towns["township_id"], towns["township"], strict=True)]
    lagging = [e for e in entries if e[1].plan_share != 0 and e[1].evaluation.status in ("off_track", "at_risk")]
    lagging.sort(key=lambda e: lag_key(e[1].evaluation))
    return [(name, f"{a.evaluation.score:.0f}%" if a.evaluation.score is not None else "—", pill(a.evaluation.status))
            for name, a in lagging[:TOWNSHIPS_SHOWN]]


def _lagging_column(ctx: Context, scope: Scope) -> Column:
    """What lags: off-track then at-risk indicators, counted, the first few with their townships."""
    shown, behind = laggards(ctx, scope)
    assessed = [a for items in pillar_views.assess_all(ctx, scope).values() for a in items]
    tally = tuple((status_label(s, current_lang()), n, palette.status_color(s))
                  for s in ("off_track", "at_risk") if (n := sum(a.evaluation.status == s for a in assessed)))
    more = t("attention.more", n=behind - len(shown)) if behind > len(shown) else ""
    lines = laggard_lines(shown, t("attention.townships"), t("attention.laggard"), t("attention.joiner"))
    return Column(t("attention.lagging"), tally, lines, empty=t("attention.none_lagging"), more=more)


def _follow_up_column(frame: pd.DataFrame) -> Column:
    """督办事项 on the view's day: counts by state, then the overdue ones (then open) with owner and due date."""
    lang = current_lang()
    colours = {s: palette.PROGRESS[s] for s in FOLLOW_UP_STATES}
    tally = tuple((code_label("status", s, lang), int((frame["status"] == s).sum()), colours[s])
                  for s in FOLLOW_UP_STATES)
    chase = frame[frame["status"].isin(["overdue", "open"])].copy()
    chase["order"] = (chase["status"] != "overdue").astype(int)
    lines = tuple(Line(Pill(code_label("status", r.status, lang), colours[str(r.status)]), str(r.task),
                       t("attention.owner_due", owner=r.owner, due=pd.Timestamp(r.due_on).date().isoformat()))
                  for r in chase.sort_values(["order", "due_on"]).head(FOLLOW_UPS_SHOWN).itertuples(index=False))
    more = t("attention.more", n=len(chase) - len(lines)) if len(chase) > len(lines) else ""
    return Column(t("attention.follow_ups"), tally, lines, empty=t("attention.none_follow_ups"), more=more)


def _moved_column(ctx: Context, scope: Scope) -> Column:
    """What moved since the compared meeting: indicators whose status changed, worst news first."""
    assessed = pillar_views.assess_all(ctx, scope)
    compared = meeting_changes.comparison(ctx, scope, assessed)
    if compared is None:
        return Column(t("attention.moved_none_heading"), empty=t("meeting.since.no_edition"))
    lang, specs = current_lang(), {a.spec.query_id: a for items in assessed.values() for a in items}
    # Bad news first: a move into off track before one into at risk, then the rest (improvements).
    severity = {"off_track": 0, "at_risk": 1, "no_data": 2, "on_track": 3, "met": 4}
    moved = sorted(status_moves(list(compared.indicators.values())), key=lambda c: severity.get(c.status_now, 5))
    lines = tuple(Line(pill(c.status_now), specs[c.query_id].spec.label(lang),
                       t("attention.was", status=status_label(c.status_before, lang)))
                  for c in moved[:MOVES_SHOWN] if c.query_id in specs)
    more = t("attention.more", n=len(moved) - len(lines)) if len(moved) > len(lines) else ""
    heading = t("attention.moved", edition=edition_picker.edition_label(compared.before))
    return Column(heading, lines=lines, empty=t("meeting.since.no_moves"), more=more)


def render(ctx: Context, scope: Scope) -> None:
    """Draw the block: lagging indicators, overdue follow-ups and what moved, judged on the view's one day."""
    day = pillar_views.judged_on(ctx, scope)
    edition = ctx.run.edition
    clock = (t("attention.clock_edition", edition=edition_picker.edition_label(edition), day=day.isoformat())
             if edition is not None else t("attention.clock_live", day=day.isoformat()))
    lagging, rows = _lagging_column(ctx, scope), follow_up_views.rows(ctx, scope)
    summary = [Pill(t("attention.count", status=label, n=n), colour, colour == palette.AT_RISK)
               for label, n, colour in lagging.tally]
    if overdue := int((rows["status"] == "overdue").sum()):
        summary.append(Pill(t("attention.overdue", n=overdue), palette.PROGRESS["overdue"]))
    columns = [lagging, _follow_up_column(rows), _moved_column(ctx, scope)]
    st.html(attention_html(t("attention.heading"), clock, columns, summary))
