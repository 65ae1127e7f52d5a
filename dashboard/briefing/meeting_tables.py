"""The meeting deck's tables in one language: scorecard, lagging indicators, changes, key projects, follow-ups.

Each table becomes a native PPTX table and the same rows a Plotly table page in the PDF, so both say the same.
A long table is cut into pages of ROWS_PER_SLIDE rows, each titled as a continuation.
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
from dashboard.present.codes import code_label
from dashboard.present.formatting import format_figure
from dashboard.query.registry import Registry

ROWS_PER_SLIDE = 10
FLAT = 0.05  # a score change below this shows as no change


@dataclass(frozen=True)
class TableSlide:
    """One table page: title, a note under it, column labels and relative widths, rows of text, its sources."""

    title: str
    note: str
    columns: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    sources: tuple[str, ...]


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


def _score(value: float | None) -> str:
    """Show a 0–100 score with one decimal."""
    return "—" if value is None else f"{value:.1f}"


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
    return TableSlide(_t("scorecard.title", lang), note, _columns("scorecard", lang, 5), (3, 1.4, 1.4, 1.4, 2.4),
                      tuple(rows), ("queries/indicators/",))


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
    return TableSlide(_t("lagging.title", lang), _t("lagging.note", lang, n=LAGGING_TOWNSHIPS),
                      _columns("lagging", lang, 6), (1.3, 2.4, 0.9, 1.1, 1.5, 4.0), tuple(rows),
                      tuple(f"queries/{i.assessment.spec.query_id}.sql" for i in facts.lagging))


def status_moves(facts: MeetingFacts, registry: Registry, lang: str) -> TableSlide:
    """The indicators whose status changed since the last edition, with their values then and now."""
    rows = []
    for change in facts.indicators:
        if not change.status_changed or facts.previous is None:
            continue
        spec = registry.get(change.query_id)
        unit = spec.indicator.unit if spec.indicator else ""
        rows.append((translate(f"pillar.{change.pillar}", lang), spec.label(lang),
                     _value(unit, change.value_before, lang), _value(unit, change.value_now, lang),
                     _status_change(change.status_before, change.status_now, lang, True)))
    return TableSlide(_t("moves.title", lang), _compared(facts, lang), _columns("moves", lang, 5),
                      (1.3, 3.0, 1.2, 1.2, 2.4), tuple(rows), ("queries/indicators/",))


def townships(facts: MeetingFacts, lang: str) -> TableSlide:
    """The townships whose mean indicator score moved most since the last edition."""
    rows = [(name, _score(before), _score(now), _change(move, lang)) for name, before, now, move
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


def key_projects(facts: MeetingFacts, registry: Registry, lang: str) -> TableSlide:
    """The key projects' status and schedule as the edition saw them."""
    columns = ("key_project", "status", "planned_start", "planned_end", "actual_start", "actual_end", "works")
    labels, rows = _query_table(registry, "renovation/key_project_timeline", facts.key_projects, columns, lang)
    return TableSlide(_t("projects.title", lang), _t("projects.note", lang, day=facts.edition.as_of.isoformat()),
                      labels, (3, 1.1, 1.3, 1.3, 1.3, 1.3, 0.9), rows, ("queries/renovation/key_project_timeline.sql",))


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
    return TableSlide(_t("follow_ups.title", lang), note, labels, (1.3, 1.5, 1.8, 3.2, 1.3, 1.2, 1.0), rows,
                      ("queries/meeting/follow_ups.sql",))


def paginate(table: TableSlide, lang: str, per_slide: int = ROWS_PER_SLIDE) -> list[TableSlide]:
    """Cut a table into pages that fit a slide; an empty table keeps one page that says there is nothing."""
    if not table.rows:
        empty = (_t("none", lang), *([""] * (len(table.columns) - 1)))
        return [replace(table, rows=(empty,))]
    if len(table.rows) <= per_slide:
        return [table]
    count = math.ceil(len(table.rows) / per_slide)
    size = math.ceil(len(table.rows) / count)  # even pages: no last slide with a single row
    pages = [table.rows[i:i + size] for i in range(0, len(table.rows), size)]
    return [replace(table, rows=rows, title=table.title + _t("continued", lang, page=n, pages=len(pages)))
            for n, rows in enumerate(pages, start=1)]


def meeting_tables(facts: MeetingFacts, registry: Registry, lang: str) -> list[TableSlide]:
    """Return every table page of the meeting deck, in slide order."""
    tables = [scorecard(facts, lang), lagging(facts, lang), status_moves(facts, registry, lang), townships(facts, lang),
              works(facts, registry, lang), key_projects(facts, registry, lang), follow_ups(facts, registry, lang)]
    return [page for table in tables for page in paginate(table, lang)]
