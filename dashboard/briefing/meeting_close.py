"""The meeting deck's closing slide: next steps and the follow-ups still open, judged on the edition's day.

Three short lists a chair can read out: the follow-ups to chase (overdue first, then by due date), the indicators
behind their path with their most lagging townships, and the key projects overdue or next due to finish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.briefing.meeting_facts import MeetingFacts
from dashboard.briefing.meeting_tables import PROJECT_ORDER, TableSlide, follow_up_fill, project_state, state_fill
from dashboard.present.charts import status_color
from dashboard.present.codes import code_label

FOLLOW_UPS_LISTED = 4
LAGGING_LISTED = 3
PROJECTS_LISTED = 3


@dataclass(frozen=True)
class Item:
    """One line of the closing slide: a status in words, its colour, and what to do."""

    tag: str
    text: str
    color: str


@dataclass(frozen=True)
class Section:
    """A heading and its lines; `more` counts the lines left off."""

    heading: str
    items: tuple[Item, ...]
    more: int = 0


def _t(key: str, lang: str, **values: Any) -> str:
    """Translate a closing slide string."""
    return translate(f"meeting_deck.closing.{key}", lang, **values)


def _day(value: Any) -> str:
    """Show a date as YYYY-MM-DD."""
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _follow_ups(facts: MeetingFacts, lang: str) -> Section:
    """The follow-ups overdue or open on the edition's day: overdue first, then by due date."""
    frame = facts.follow_ups.assign(_order=facts.follow_ups["status"].map({"overdue": 0, "open": 1}))
    frame = frame.sort_values(["_order", "due_on"], kind="stable")
    items = tuple(Item(code_label("status", r["status"], lang),
                       _t("follow_up", lang, task=r["task"], owner=r["owner"], due=_day(r["due_on"])),
                       follow_up_fill(r["status"]))
                  for r in frame.head(FOLLOW_UPS_LISTED).to_dict("records"))
    return Section(_t("follow_ups", lang), items or (Item("—", _t("nothing_due", lang), status_color("met")),),
                   max(0, len(frame) - FOLLOW_UPS_LISTED))


def _lagging(facts: MeetingFacts, lang: str) -> Section:
    """The indicators behind their path, each with the townships furthest behind."""
    items = []
    for item in facts.lagging[:LAGGING_LISTED]:
        evaluation = item.assessment.evaluation
        towns = translate("meeting_deck.separator", lang).join(name for name, _ in item.townships)
        text = _t("lagging_towns" if towns else "lagging", lang, indicator=item.assessment.spec.label(lang),
                  towns=towns)
        items.append(Item(translate(f"pillars.status.{evaluation.status}", lang), text,
                          status_color(evaluation.status)))
    return Section(_t("lagging_heading", lang),
                   tuple(items) or (Item("—", _t("nothing_lagging", lang), status_color("on_track")),),
                   max(0, len(facts.lagging) - LAGGING_LISTED))


def _projects(facts: MeetingFacts, lang: str) -> Section:
    """The key projects overdue on the edition's day, then the ones under way whose planned end comes next."""
    day = facts.edition.as_of
    records = facts.key_projects.to_dict("records")
    open_ones = [(project_state(r, day), r) for r in records if r["status"] != "completed"]
    open_ones.sort(key=lambda pair: (PROJECT_ORDER.get(pair[0], 9), pd.Timestamp(pair[1]["planned_end"])))
    items = tuple(Item(code_label("status", state, lang),
                       _t("project", lang, name=r["key_project"], end=_day(r["planned_end"])),
                       state_fill(state))
                  for state, r in open_ones[:PROJECTS_LISTED])
    return Section(_t("projects_heading", lang),
                   items or (Item("—", _t("nothing_open", lang), status_color("met")),),
                   max(0, len(open_ones) - PROJECTS_LISTED))


def closing(facts: MeetingFacts, lang: str) -> TableSlide:
    """Return the closing slide of an edition's meeting deck, as a table: section, status (coloured), what to do."""
    rows: list[tuple[str, str, str]] = []
    fills: list[tuple[str | None, ...]] = []
    for section in (_follow_ups(facts, lang), _lagging(facts, lang), _projects(facts, lang)):
        for n, item in enumerate(section.items):
            rows.append((section.heading if n == 0 else "", item.tag, item.text))
            fills.append((None, item.color, None))
        if section.more:
            rows.append(("", "", _t("more", lang, n=section.more)))
            fills.append((None, None, None))
    note = _t("note", lang, day=facts.edition.as_of.isoformat())
    return TableSlide(_t("title", lang), note, (_t("col1", lang), _t("col2", lang), _t("col3", lang)),
                      (2.2, 1.1, 6.0), tuple(rows), ("queries/meeting/follow_ups.sql", "queries/indicators/",
                                                     "queries/renovation/key_project_timeline.sql"), tuple(fills))
