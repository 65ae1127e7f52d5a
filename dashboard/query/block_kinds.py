"""Block kinds of a page file: each kind's name, the value it parses to and its parser, in one registry
(`BLOCK_KINDS`); the UI registers one renderer per kind name, and `unpaired` names any side missing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from dashboard.base.i18n import LANGS
from dashboard.query import pillar_blocks
from dashboard.query.page_reader import NodeReader, Parser, Text

ESTIMATE_KINDS = ("bar", "line", "table")


@dataclass(frozen=True)
class BlockKind:
    """One kind of block: the name a page file writes, the dataclass it parses to, and its parser."""

    name: str
    block: type
    parse: Parser


@dataclass(frozen=True)
class Kpis:
    """A row of published-figure cards from a KPI query."""

    query: str
    line: int
    columns: int = 4


@dataclass(frozen=True)
class Chart:
    """One query drawn as its file declares (a chart, or a table for `chart: {type: table}`)."""

    query: str
    line: int


@dataclass(frozen=True)
class Estimates:
    """A survey-aggregate query as means or shares with 95% intervals: bars, a line or a table."""

    query: str
    line: int
    kind: str = "bar"


@dataclass(frozen=True)
class Timeline:
    """A schedule query drawn as planned windows under actual progress."""

    query: str
    line: int


@dataclass(frozen=True)
class Cards:
    """Published figures (rows shaped like `published/figures`) as cards grouped by pillar."""

    query: str
    line: int


@dataclass(frozen=True)
class Section:
    """A heading, optionally with a note under it (`{min_n}` reads the minimum survey sample)."""

    heading: Text
    line: int
    note: Text | None = None


@dataclass(frozen=True)
class Search:
    """A text box whose words are bound to one parameter of a table query, rerun on its own."""

    query: str
    line: int
    param: str
    label: Text
    hint: Text | None = None


@dataclass(frozen=True)
class Pick:
    """A select box whose options are a query's first column; its value is bound as `param` further on."""

    query: str
    line: int
    param: str
    label: Text
    optional: bool = False
    all: Text | None = None
    key: str | None = None


@dataclass(frozen=True)
class Trace:
    """Pickers one after another, then a query given every picked value."""

    picks: tuple[Pick, ...]
    then: str
    line: int


@dataclass(frozen=True)
class Columns:
    """Blocks side by side."""

    blocks: tuple[object, ...]
    line: int


@dataclass(frozen=True)
class Tab:
    """One tab: a label and the blocks under it (rerun on their own)."""

    label: Text
    blocks: tuple[object, ...]
    line: int


@dataclass(frozen=True)
class Tabs:
    """Tabs, each holding blocks."""

    tabs: tuple[Tab, ...]
    line: int


def _kpis(reader: NodeReader, node: yaml.Node, line: int) -> Kpis:
    query, fields = reader.query_options(node, {"columns"}, "kpis")
    return Kpis(query, line, reader.integer(fields["columns"]) if "columns" in fields else 4)


def _chart(reader: NodeReader, node: yaml.Node, line: int) -> Chart:
    return Chart(reader.query_options(node, set(), "chart")[0], line)


def _estimates(reader: NodeReader, node: yaml.Node, line: int) -> Estimates:
    query, fields = reader.query_options(node, {"kind"}, "estimates")
    return Estimates(query, line, reader.choice(fields["kind"], ESTIMATE_KINDS) if "kind" in fields else "bar")


def _timeline(reader: NodeReader, node: yaml.Node, line: int) -> Timeline:
    return Timeline(reader.query_options(node, set(), "timeline")[0], line)


def _cards(reader: NodeReader, node: yaml.Node, line: int) -> Cards:
    return Cards(reader.query_options(node, set(), "cards")[0], line)


def _section(reader: NodeReader, node: yaml.Node, line: int) -> Section:
    keys = {key.value for key, _ in node.value} if isinstance(node, yaml.MappingNode) else set()
    if keys <= set(LANGS):  # the short form: `section: {zh: ..., en: ...}`
        return Section(reader.text(node), line)
    fields = reader.mapping(node, {"heading", "note"}, "the section block", required=("heading",))
    return Section(reader.text(fields["heading"]), line, reader.text(fields["note"]) if "note" in fields else None)


def _search(reader: NodeReader, node: yaml.Node, line: int) -> Search:
    _query, fields = reader.query_options(node, {"param", "label", "hint"}, "search")
    if "param" not in fields or "label" not in fields:
        raise reader.fail(node, "the search block needs query, param and label")
    return Search(_query, line, reader.string(fields["param"], "param"), reader.text(fields["label"]),
                  reader.text(fields["hint"]) if "hint" in fields else None)


def _pick(reader: NodeReader, node: yaml.Node) -> Pick:
    fields = reader.mapping(node, {"query", "param", "label", "optional", "all", "key"}, "a pick",
                            required=("query", "param", "label"))
    return Pick(reader.string(fields["query"], "query"), reader.doc.node_line(node),
                reader.string(fields["param"], "param"), reader.text(fields["label"]),
                reader.flag(fields["optional"]) if "optional" in fields else False,
                reader.text(fields["all"]) if "all" in fields else None,
                reader.string(fields["key"], "key") if "key" in fields else None)


def _trace(reader: NodeReader, node: yaml.Node, line: int) -> Trace:
    fields = reader.mapping(node, {"pick", "then"}, "the trace block", required=("pick", "then"))
    picks = fields["pick"]
    if not isinstance(picks, yaml.SequenceNode) or not picks.value:
        raise reader.fail(picks, "pick must be a list of {query, param, label}")
    return Trace(tuple(_pick(reader, item) for item in picks.value), reader.string(fields["then"], "then"), line)


def _columns(reader: NodeReader, node: yaml.Node, line: int) -> Columns:
    return Columns(reader.blocks(node), line)


def _tabs(reader: NodeReader, node: yaml.Node, line: int) -> Tabs:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise reader.fail(node, "tabs must be a list of {label, blocks}")
    tabs = []
    for item in node.value:
        fields = reader.mapping(item, {"label", "blocks"}, "a tab", required=("label", "blocks"))
        tabs.append(Tab(reader.text(fields["label"]), reader.blocks(fields["blocks"]), reader.doc.node_line(item)))
    return Tabs(tuple(tabs), line)


BLOCK_KINDS: dict[str, BlockKind] = {kind.name: kind for kind in (
    BlockKind("kpis", Kpis, _kpis), BlockKind("chart", Chart, _chart), BlockKind("estimates", Estimates, _estimates),
    BlockKind("timeline", Timeline, _timeline), BlockKind("cards", Cards, _cards),
    BlockKind("section", Section, _section), BlockKind("search", Search, _search),
    BlockKind("trace", Trace, _trace), BlockKind("columns", Columns, _columns), BlockKind("tabs", Tabs, _tabs),
    *(BlockKind(name, block, parse) for name, block, parse in pillar_blocks.KINDS),
)}


_NAMES = {kind.block: kind.name for kind in BLOCK_KINDS.values()}


def kind_of(block: object) -> str:
    """Return the name of a parsed block's kind."""
    return _NAMES[type(block)]


def unpaired(rendered: Iterable[str]) -> tuple[list[str], list[str]]:
    """Return the kinds no renderer draws, and the rendered kind names no parser reads."""
    names = set(rendered)
    return sorted(set(BLOCK_KINDS) - names), sorted(names - set(BLOCK_KINDS))
