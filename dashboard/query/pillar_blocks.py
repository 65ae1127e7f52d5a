"""The overview's block kinds: the selection line, pillar cards, indicator tables and detail, and the meeting-mode
sections (本期变化, 督办事项). They read every indicator file of the registry, so they name no query."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from dashboard.query.page_reader import NodeReader, Parser
from dashboard.query.sqlfile import PILLARS


@dataclass(frozen=True)
class Selection:
    """One line saying what the sidebar selects: period, township, urban or rural."""

    line: int


@dataclass(frozen=True)
class PillarCards:
    """The pillars side by side: score, status, counts and trend, and the change since the compared edition."""

    line: int


@dataclass(frozen=True)
class IndicatorTables:
    """Per pillar, its indicators against their targets (progress, expected progress, status, change)."""

    line: int
    pillars: tuple[str, ...] = PILLARS


@dataclass(frozen=True)
class IndicatorDetail:
    """One indicator picked (kept in the URL): its series against the target path, who lags, communities behind."""

    line: int


@dataclass(frozen=True)
class Changes:
    """本期变化: indicators whose status moved, townships that moved most, works since the compared edition."""

    line: int


@dataclass(frozen=True)
class FollowUps:
    """督办事项: follow-ups assigned by the view's day, done, overdue or open."""

    line: int


@dataclass(frozen=True)
class Attention:
    """需关注: lagging indicators with their townships, overdue follow-ups, what moved since the compared edition."""

    line: int


@dataclass(frozen=True)
class FiguresCheck:
    """The published figures folded into one line (how many, how many match the report), their cards on demand."""

    query: str
    line: int


def _figures_check(reader: NodeReader, node: yaml.Node, line: int) -> FiguresCheck:
    return FiguresCheck(reader.query_options(node, set(), "figures_check")[0], line)


def _bare(block: type, what: str) -> Parser:
    """Return the parser of a kind that takes no options."""
    def parse(reader: NodeReader, node: yaml.Node, line: int) -> object:
        reader.no_options(node, what)
        return block(line)

    return parse


def _indicator_tables(reader: NodeReader, node: yaml.Node, line: int) -> IndicatorTables:
    if isinstance(node, yaml.ScalarNode) and reader.value(node) is None:
        return IndicatorTables(line)
    fields = reader.mapping(node, {"pillars"}, "the indicator_tables block")
    if "pillars" not in fields:
        return IndicatorTables(line)
    listed = fields["pillars"]
    if not isinstance(listed, yaml.SequenceNode) or not listed.value:
        raise reader.fail(listed, f"pillars must be a non-empty list of {list(PILLARS)}")
    return IndicatorTables(line, tuple(reader.choice(item, PILLARS) for item in listed.value))


KINDS: tuple[tuple[str, type, Parser], ...] = (
    ("selection", Selection, _bare(Selection, "selection")),
    ("attention", Attention, _bare(Attention, "attention")),
    ("figures_check", FiguresCheck, _figures_check),
    ("pillar_cards", PillarCards, _bare(PillarCards, "pillar_cards")),
    ("indicator_tables", IndicatorTables, _indicator_tables),
    ("indicator_detail", IndicatorDetail, _bare(IndicatorDetail, "indicator_detail")),
    ("changes", Changes, _bare(Changes, "changes")),
    ("follow_ups", FollowUps, _bare(FollowUps, "follow_ups")),
)
