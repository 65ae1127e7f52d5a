"""The meeting deck's tables in one language: scorecard, lagging indicators, changes, key projects, follow-ups.

Each table becomes a native PPTX table and the same rows a Plotly table page in the PDF, so both say the same.
Status cells carry the app's status colours. A long table is cut into pages of ROWS_PER_SLIDE rows, each titled
as a continuation; the key projects stay on one slide, most at risk first, and say how many more there are.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.briefing.meeting_facts import LAGGING_TOWNSHIPS, MeetingFacts
from dashboard.metrics.indicators import Evaluation
from dashboard.present.charts import PROGRESS_COLORS, status_color
from dashboard.present.codes import code_label
from dashboard.present.formatting import format_figure, format_number
from dashboard.query.registry import Registry

ROWS_PER_SLIDE = 12  # body rows that fit under a slide's title at 16 pt
KEY_PROJECTS_SHOWN = 12
# The big screen's order of key projects: overdue first, then under way, planned, completed (each by planned end).
PROJECT_ORDER = {"overdue": 0, "in_progress": 1, "planned": 2, "completed": 3}
Fills = tuple[tuple[str | None, ...], ...]
FLAT = 0.05  # a score change below this shows as no change


@dataclass(frozen=True)
class TableSlide:
    """One table page: title, a note under it, column labels and relative widths, rows of text, its sources.

    `fills` gives, row by row, each cell's background colour (None: plain), so a status reads at a glance.
    """

    title: str
    note: str
    columns: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    sources: tuple[str, ...]
    fills: Fills = ()

    def fill(self, row: int, column: int) -> str | None:
        """Return one cell's background colour, or None for a plain cell."""
        return self.fills[row][column] if row < len(self.fills) else None


def _fills(rows: Sequence[Sequence[str]], column: int, colors: Sequence[str | None]) -> Fills:
    """Colour one column of each row (row i gets colors[i]) and leave the other cells plain."""
    return tuple(tuple(color if c == column else None for c in range(len(row)))
                 for row, color in zip(rows, colors, strict=True))


def follow_up_fill(code: object) -> str | None:
    """Return a follow-up status's colour: the shared status vocabulary's, as the overview and the screen show it."""
    return PROGRESS_COLORS.get(str(code))


def _pace_fill(code: str | None) -> str | None:
    """Return a pace status's colour (met, on track, at risk, off track), as the app shows it."""
    return status_color(code) if code else None


def _t(key: str, lang: str, **values: Any) -> str:
    """Translate a meeting deck string."""
    return translate(f"meeting_deck.{key}", lang, **values)


def _cell(value: Any) -> str:
    """Show a query value as text: dates as YYYY-MM-DD, missing values empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _status(code: str, lang: str) -> str:
    """Name an indicator or pillar status in words."""
    return translate(f"pillars.status.{code}", lang)


def _status_change(before: str, now: str, lang: str, compared: bool) -> str:
    """Say how a status moved, e.g. 有风险 → 按计划, or that it stayed."""
    if not compared:
        return "—"
    if before == now:
        return _t("unchanged", lang)
    return f"{_status(before, lang)} → {_status(now, lang)}"


def _change(value: float | None, lang: str, decimals: int = 1) -> str:
    """Show a change with ▲/▼ and its size, or no change."""
    if value is None:
        return "—"
    if abs(value) < FLAT:
        return _t("flat", lang)
    return f"{'▲' if value > 0 else '▼'} {abs(value):,.{decimals}f}"


def _score(value: float | None, decimals: int = 0) -> str:
    """Show a 0–100 score as the overview's cards do: a whole number (100, not 100.0)."""
    return "—" if value is None else format_number(value, decimals)


def _percent(value: float | None) -> str:
    """Show a share (0–1) as a whole percent."""
    return "—" if value is None else f"{100 * value:.0f}%"


def _value(unit: str, value: float | None, lang: str) -> str:
    """Format an indicator's value in its unit, whole numbers without decimals."""
    if value is None:
        return "—"
    precision = 1.0 if float(value).is_integer() else 0.1
    return format_figure(value, unit, lang, precision=precision)


def _compared(facts: MeetingFacts, lang: str) -> str:
    """Say which edition the changes are against, or that this is the first one."""
    if facts.previous is None:
        return _t("first_edition", lang)
    return _t("compared_with", lang, name=facts.previous.name, day=facts.previous.as_of.isoformat())


def scorecard(facts: MeetingFacts, lang: str) -> TableSlide:
    """The three pillars: score, status in words, change since the last edition, status change."""
    compared = facts.previous is not None
    rows = []
    for change in facts.pillars:
        withheld = change.pillar in facts.failed
        rows.append((translate(f"pillar.{change.pillar}", lang),
                     "—" if withheld else _score(change.score_now),
                     "—" if withheld else _status(change.status_now, lang),
                     "—" if withheld or not compared else _change(change.score_change, lang),
                     "—" if withheld else _status_change(change.status_before, change.status_now, lang, compared)))
    withheld_notes = [translate("briefing.deck.score_withheld", lang, pillar=translate(f"pillar.{p}", lang),
                                files=", ".join(files)) for p, files in facts.failed.items()]
    note = " ".join([_compared(facts, lang), _t("scorecard.note", lang), *withheld_notes])
    tones = [None if c.pillar in facts.failed else _pace_fill(c.status_now) for c in facts.pillars]
    return TableSlide(_t("scorecard.title", lang), note, _columns("scorecard", lang, 5), (3, 1.4, 1.4, 1.4, 2.4),
                      tuple(rows), ("queries/indicators/",), _fills(rows, 2, tones))


def _columns(table: str, lang: str, count: int) -> tuple[str, ...]:
    """Return a table's column labels, keyed col1 … colN in the locale file."""
    return tuple(_t(f"{table}.col{i}", lang) for i in range(1, count + 1))


def _town(name: str, evaluation: Evaluation, lang: str) -> str:
    """Show one lagging township with its progress."""
    return _t("lagging.township", lang, name=name, progress=_percent(evaluation.progress))


def lagging(facts: MeetingFacts, lang: str) -> TableSlide:
    """The off-track and at-risk indicators, each with its most lagging townships."""
    rows = []
    for item in facts.lagging:
        evaluation = item.assessment.evaluation
        towns = _t("separator", lang).join(_town(n, e, lang) for n, e in item.townships) or "—"
        rows.append((translate(f"pillar.{item.pillar}", lang), item.assessment.spec.label(lang),
                     _status(evaluation.status, lang), _value(item.assessment.indicator.unit, evaluation.current, lang),
                     _t("lagging.progress", lang, progress=_percent(evaluation.progress),
                        expected=_percent(evaluation.expected_progress)), towns))
    tones = [_pace_fill(item.assessment.evaluation.status) for item in facts.lagging]
    return TableSlide(_t("lagging.title", lang), _t("lagging.note", lang, n=LAGGING_TOWNSHIPS),
                      _columns("lagging", lang, 6), (1.3, 2.4, 1.0, 1.1, 1.5, 3.9), tuple(rows),
                      tuple(f"queries/{i.assessment.spec.query_id}.sql" for i in facts.lagging),
                      _fills(rows, 2, tones))


def status_moves(facts: MeetingFacts, registry: Registry, lang: str) -> TableSlide:
    """The indicators whose status changed since the last edition, with their values then and now."""
    rows, tones = [], []
    for change in facts.indicators:
        if not change.status_changed or facts.previous is None:
            continue
        tones.append(_pace_fill(change.status_now))
        spec = registry.get(change.query_id)
        unit = spec.indicator.unit if spec.indicator else ""
        rows.append((translate(f"pillar.{change.pillar}", lang), spec.label(lang),
                     _value(unit, change.value_before, lang), _value(unit, change.value_now, lang),
                     _status_change(change.status_before, change.status_now, lang, True)))
    return TableSlide(_t("moves.title", lang), _compared(facts, lang), _columns("moves", lang, 5),
                      (1.3, 3.0, 1.2, 1.2, 2.4), tuple(rows), ("queries/indicators/",), _fills(rows, 4, tones))


def townships(facts: MeetingFacts, lang: str) -> TableSlide:
    """The townships whose mean indicator score moved most since the last edition."""
    # One decimal, as the meeting page's township table shows them: a township's mean moves in small steps.
    rows = [(name, _score(before, 1), _score(now, 1), _change(move, lang)) for name, before, now, move
            in facts.townships_moved]
    return TableSlide(_t("townships.title", lang), " ".join([_compared(facts, lang), _t("townships.note", lang)]),
                      _columns("townships", lang, 4), (3, 1.5, 1.5, 1.5), tuple(rows), ("queries/indicators/",))


def _query_table(registry: Registry, query_id: str, frame: pd.DataFrame, columns: Sequence[str], lang: str,
                 ) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Return a query result's chosen columns, labelled as the query file labels them, codes in words."""
    labels = registry.get(query_id).chart.column_labels(lang)
    rows = tuple(tuple(code_label(c, record[c], lang) if c in ("status", "category") else _cell(record[c])
                       for c in columns) for record in frame.to_dict("records"))
    return tuple(labels.get(c, c) for c in columns), rows


def works(facts: MeetingFacts, registry: Registry, lang: str) -> TableSlide:
    """The works started or completed between the two editions' days."""
    columns = ("work", "township", "category", "change", "happened_on")
    labels, rows = _query_table(registry, "meeting/works_since", facts.works, columns, lang)
    note = (_t("works.note", lang, since=facts.previous.as_of.isoformat(), until=facts.edition.as_of.isoformat())
            if facts.previous else _compared(facts, lang))
    return TableSlide(_t("works.title", lang), note, labels, (3, 1.6, 1.6, 0.9, 1.3), rows,
                      ("queries/meeting/works_since.sql",))


def project_state(record: dict[str, Any], day: dt.date) -> str:
    """Return a key project's state on a day: overdue when not completed by its planned end, else its status."""
    overdue = record["status"] != "completed" and pd.Timestamp(record["planned_end"]) < pd.Timestamp(day)
    return "overdue" if overdue else str(record["status"])


def state_fill(state: str) -> str:
    """Return a key project state's colour: overdue as off track, others as the work statuses are drawn."""
    return status_color("off_track") if state == "overdue" else PROGRESS_COLORS.get(state, status_color("no_data"))


def key_projects(facts: MeetingFacts, registry: Registry, lang: str) -> TableSlide:
    """The key projects as the edition saw them, on one slide: most at risk first, and how many are left off."""
    columns = ("key_project", "status", "planned_start", "planned_end", "actual_start", "actual_end", "works")
    day = facts.edition.as_of
    records = facts.key_projects.to_dict("records")
    states = [project_state(r, day) for r in records]
    order = sorted(range(len(records)), key=lambda i: (PROJECT_ORDER.get(states[i], 9),
                                                       pd.Timestamp(records[i]["planned_end"])))
    shown = order[:KEY_PROJECTS_SHOWN]
    labels, rows = _query_table(registry, "renovation/key_project_timeline",
                                facts.key_projects.iloc[shown] if shown else facts.key_projects, columns, lang)
    rows = tuple((row[0], code_label("status", states[i], lang), *row[2:]) for i, row in zip(shown, rows, strict=True))
    note = _t("projects.note", lang, day=day.isoformat())
    if len(order) > len(shown):
        note += _t("projects.more", lang, n=len(order) - len(shown))
    return TableSlide(_t("projects.title", lang), note, labels, (3, 1.2, 1.45, 1.45, 1.45, 1.45, 0.9), rows,
                      ("queries/renovation/key_project_timeline.sql",),
                      _fills(rows, 1, [state_fill(states[i]) for i in shown]))


def follow_ups(facts: MeetingFacts, registry: Registry, lang: str) -> TableSlide:
    """The follow-ups overdue or open on the edition's day, with owner and due date."""
    columns = ("follow_up_id", "assigned_in", "subject_name", "task", "owner", "due_on", "status")
    named = facts.follow_ups.assign(subject_name=[
        registry.specs[i].label(lang) if s == "indicator" and i in registry.specs else n
        for s, i, n in zip(facts.follow_ups["subject"], facts.follow_ups["subject_id"],
                           facts.follow_ups["subject_name"], strict=True)])  # an indicator by its title
    labels, rows = _query_table(registry, "meeting/follow_ups", named, columns, lang)
    counts = facts.follow_ups["status"].value_counts()
    note = _t("follow_ups.note", lang, day=facts.edition.as_of.isoformat(), overdue=int(counts.get("overdue", 0)),
              open=int(counts.get("open", 0)), done=facts.follow_ups_done)
    tones = [follow_up_fill(code) for code in facts.follow_ups["status"]]
    return TableSlide(_t("follow_ups.title", lang), note, labels, (1.6, 1.6, 1.9, 3.1, 1.3, 1.5, 1.2), rows,
                      ("queries/meeting/follow_ups.sql",), _fills(rows, 6, tones))


def paginate(table: TableSlide, lang: str, per_slide: int = ROWS_PER_SLIDE) -> list[TableSlide]:
    """Cut a table into pages that fit a slide; an empty table keeps one page that says there is nothing."""
    if not table.rows:
        empty = (_t("none", lang), *([""] * (len(table.columns) - 1)))
        return [replace(table, rows=(empty,))]
    if len(table.rows) <= per_slide:
        return [table]
    count = math.ceil(len(table.rows) / per_slide)
    size = math.ceil(len(table.rows) / count)  # even pages: no last slide with a single row
    starts = range(0, len(table.rows), size)
    return [replace(table, rows=table.rows[i:i + size], fills=table.fills[i:i + size],
                    title=table.title + _t("continued", lang, page=n, pages=len(starts)))
            for n, i in enumerate(starts, start=1)]


def meeting_tables(facts: MeetingFacts, registry: Registry, lang: str) -> list[TableSlide]:
    """Return every table page of the meeting deck, in slide order."""
    tables = [scorecard(facts, lang), lagging(facts, lang), status_moves(facts, registry, lang), townships(facts, lang),
              works(facts, registry, lang), key_projects(facts, registry, lang), follow_ups(facts, registry, lang)]
    return [page for table in tables for page in paginate(table, lang)]
