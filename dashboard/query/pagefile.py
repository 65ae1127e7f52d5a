"""Parse a page file (`queries/<folder>/page.yaml`: title, intro and blocks naming query files) into a PageSpec."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dashboard.base.i18n import LANGS
from dashboard.base.vocabulary import ROLES
from dashboard.query.registry import Registry
from dashboard.query.sqlfile import QueryFileError

PAGE_FILE = "page.yaml"
PAGE_KEYS = {"title", "intro", "menu", "icon", "order", "role", "blocks"}
ESTIMATE_KINDS = ("bar", "line", "table")
DEFAULT_ICON = ":material/article:"


class PageFileError(QueryFileError):
    """A page file is malformed; the message names the file and, where known, the line."""


@dataclass(frozen=True)
class Text:
    """A string in both UI languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text in one language (Chinese for any other)."""
        return self.en if lang == "en" else self.zh


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

    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class Tab:
    """One tab: a label and the blocks under it (rerun on their own)."""

    label: Text
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class Tabs:
    """Tabs, each holding blocks."""

    tabs: tuple[Tab, ...]
    line: int


Block = Kpis | Chart | Estimates | Timeline | Cards | Section | Search | Trace | Columns | Tabs


@dataclass(frozen=True)
class PageSpec:
    """One page file: its id (the folder), texts, place in the menu, the role it needs, and its blocks."""

    page_id: str
    path: Path
    title: Text
    blocks: tuple[Block, ...]
    intro: Text | None = None
    menu: Text | None = None
    listed: bool = True
    icon: str = DEFAULT_ICON
    order: int = 100
    role: str = "viewer"

    def menu_title(self, lang: str) -> str:
        """Return the page's name in the navigation."""
        return (self.menu or self.title).get(lang)

    def queries(self) -> Iterator[tuple[str, int]]:
        """Yield every query id the page draws, with the line that names it."""
        yield from _queries(self.blocks)


@dataclass(frozen=True)
class PageFiles:
    """Every page file under one folder: the valid pages in menu order and the errors of the broken ones."""

    pages: tuple[PageSpec, ...] = ()
    errors: dict[str, PageFileError] = field(default_factory=dict, hash=False, compare=False)

    def get(self, page_id: str) -> PageSpec:
        """Return one page, or raise its file's error."""
        if page_id in self.errors:
            raise self.errors[page_id]
        for page in self.pages:
            if page.page_id == page_id:
                return page
        raise KeyError(f"no page file {page_id}/{PAGE_FILE}")


def _queries(blocks: tuple[Block, ...]) -> Iterator[tuple[str, int]]:
    """Yield the query ids named by blocks, nested ones included."""
    for block in blocks:
        if isinstance(block, Columns):
            yield from _queries(block.blocks)
        elif isinstance(block, Tabs):
            for tab in block.tabs:
                yield from _queries(tab.blocks)
        elif isinstance(block, Trace):
            yield from ((pick.query, pick.line) for pick in block.picks)
            yield block.then, block.line
        elif not isinstance(block, Section):
            yield block.query, block.line


def load_pages(root: Path) -> PageFiles:
    """Load every `*/page.yaml` under root, re-parsing only when a file was added, changed or removed."""
    signature = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(root.glob(f"*/{PAGE_FILE}")))
    return _load(root, signature)


@lru_cache(maxsize=8)
def _load(root: Path, signature: tuple[tuple[str, int, int], ...]) -> PageFiles:
    """Parse the files named in the signature; cached by that signature."""
    pages, errors = [], {}
    for path_text, _mtime, _size in signature:
        path = Path(path_text)
        try:
            pages.append(parse_page_file(path))
        except PageFileError as exc:
            errors[path.parent.name] = exc
    return PageFiles(tuple(sorted(pages, key=lambda p: (p.order, p.page_id))), errors)


def page_problems(pages: PageFiles, registry: Registry) -> list[PageFileError]:
    """Return every problem of every page file: parse errors, then query ids with no query file behind them."""
    problems = list(pages.errors.values())
    for page in pages.pages:
        for query_id, line in page.queries():
            if query_id not in registry.specs and query_id not in registry.errors:
                problems.append(PageFileError(page.path, f"no query file {query_id}.sql", line))
        problems.extend(PageFileError(page.path, message, line) for message, line in _unbound(page, registry))
    return problems


def _unbound(page: PageSpec, registry: Registry) -> Iterator[tuple[str, int]]:
    """Yield the values a search or trace would bind to a parameter its query does not declare."""
    for block in _flatten(page.blocks):
        spec = registry.specs.get(getattr(block, "query", ""))
        if isinstance(block, Search) and spec and block.param not in spec.params:
            yield f"{block.query}.sql declares no parameter '{block.param}'", block.line
        if isinstance(block, Trace) and block.then in registry.specs:
            declared = registry.specs[block.then].params
            for pick in block.picks:
                if pick.param not in declared:
                    yield f"{block.then}.sql declares no parameter '{pick.param}'", pick.line


def _flatten(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Yield every block, nested ones included."""
    for block in blocks:
        yield block
        if isinstance(block, Columns):
            yield from _flatten(block.blocks)
        elif isinstance(block, Tabs):
            for tab in block.tabs:
                yield from _flatten(tab.blocks)


def parse_page_file(path: Path) -> PageSpec:
    """Parse one page file; its folder name is the page id and its URL path."""
    return parse_page_text(path.read_text(encoding="utf-8"), path)


def parse_page_text(text: str, path: Path) -> PageSpec:
    """Parse the text of a page file, raising one PageFileError that names the file and line of the first problem."""
    reader = _Reader(path, text)
    root = reader.root()
    fields = reader.mapping(root, PAGE_KEYS, "the page", required=("title", "blocks"))
    menu = fields.get("menu")
    listed = not (menu is not None and reader.value(menu) is False)
    role = reader.choice(fields["role"], ROLES) if "role" in fields else "viewer"
    return PageSpec(
        page_id=path.parent.name, path=path, title=reader.text(fields["title"]),
        intro=reader.text(fields["intro"]) if "intro" in fields else None,
        menu=reader.text(menu) if menu is not None and listed else None, listed=listed,
        icon=reader.icon(fields["icon"]) if "icon" in fields else DEFAULT_ICON,
        order=reader.integer(fields["order"]) if "order" in fields else 100, role=role,
        blocks=reader.blocks(fields["blocks"]))


class _Reader:
    """Walks the YAML node tree of one page file, so every error can name the line of the node at fault."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.loader = yaml.SafeLoader(text)

    def fail(self, node: yaml.Node | None, message: str) -> PageFileError:
        """Return the error for a node (its 1-based line)."""
        return PageFileError(self.path, message, node.start_mark.line + 1 if node is not None else None)

    def root(self) -> yaml.MappingNode:
        """Compose the document, reporting a YAML syntax error at its line."""
        try:
            node = self.loader.get_single_node()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise PageFileError(self.path, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from exc
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, "a page file is a mapping with title, intro and blocks")
        return node

    def value(self, node: yaml.Node) -> Any:
        """Return the plain Python value of a node."""
        return self.loader.construct_object(node, deep=True)

    def mapping(self, node: yaml.Node, keys: set[str], what: str,
                required: tuple[str, ...] = ()) -> dict[str, yaml.Node]:
        """Return a mapping node's values by key, refusing unknown and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of keys to values")
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node)
            if key not in keys:
                raise self.fail(key_node, f"unknown key '{key}' in {what}; allowed: {sorted(keys)}")
            found[key] = value_node
        missing = [k for k in required if k not in found]
        if missing:
            raise self.fail(node, f"{what} needs {missing}")
        return found

    def text(self, node: yaml.Node) -> Text:
        """Return a `{zh: ..., en: ...}` text."""
        parts = self.mapping(node, set(LANGS), "a text", required=LANGS)
        values = {lang: self.value(parts[lang]) for lang in LANGS}
        for lang, value in values.items():
            if not isinstance(value, str) or not value.strip():
                raise self.fail(parts[lang], f"the '{lang}' text must be a non-empty string")
        return Text(**values)

    def string(self, node: yaml.Node, what: str) -> str:
        """Return a non-empty string, such as a query id."""
        value = self.value(node)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, f"{what} must be a non-empty string")
        return value.strip()

    def integer(self, node: yaml.Node) -> int:
        """Return a whole number."""
        value = self.value(node)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(node, f"expected a whole number, got {value!r}")
        return value

    def flag(self, node: yaml.Node) -> bool:
        """Return true or false."""
        value = self.value(node)
        if not isinstance(value, bool):
            raise self.fail(node, f"expected true or false, got {value!r}")
        return value

    def choice(self, node: yaml.Node, allowed: tuple[str, ...]) -> str:
        """Return one of a few allowed words."""
        value = self.value(node)
        if value not in allowed:
            raise self.fail(node, f"expected one of {list(allowed)}, got {value!r}")
        return value

    def icon(self, node: yaml.Node) -> str:
        """Return a Material icon name; emoji render as boxes without an emoji font, so they are refused."""
        value = self.string(node, "icon")
        if not (value.startswith(":material/") and value.endswith(":")):
            raise self.fail(node, f"icon must be a Material name such as :material/insights:, got {value!r}")
        return value

    def blocks(self, node: yaml.Node) -> tuple[Block, ...]:
        """Return a list of blocks, each a one-key mapping `kind: options`."""
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise self.fail(node, "blocks must be a non-empty list such as [chart: voice/funnel]")
        return tuple(self.block(item) for item in node.value)

    def block(self, node: yaml.Node) -> Block:
        """Return one block, dispatching on its kind."""
        if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
            raise self.fail(node, f"a block is one `kind: options` pair; kinds: {sorted(BLOCK_KINDS)}")
        key_node, options = node.value[0]
        kind = self.value(key_node)
        if kind not in BLOCK_KINDS:
            raise self.fail(key_node, f"unknown block kind '{kind}'; kinds: {sorted(BLOCK_KINDS)}")
        return BLOCK_KINDS[kind](self, options, key_node.start_mark.line + 1)

    def query_options(self, node: yaml.Node, keys: set[str], what: str) -> tuple[str, dict[str, yaml.Node]]:
        """Return the query id and other options of a block written `kind: id` or `kind: {query: id, ...}`."""
        if isinstance(node, yaml.ScalarNode):
            return self.string(node, f"the {what} block's query"), {}
        fields = self.mapping(node, keys | {"query"}, f"the {what} block", required=("query",))
        return self.string(fields.pop("query"), "query"), fields


def _kpis(reader: _Reader, node: yaml.Node, line: int) -> Kpis:
    query, fields = reader.query_options(node, {"columns"}, "kpis")
    return Kpis(query, line, reader.integer(fields["columns"]) if "columns" in fields else 4)


def _chart(reader: _Reader, node: yaml.Node, line: int) -> Chart:
    return Chart(reader.query_options(node, set(), "chart")[0], line)


def _estimates(reader: _Reader, node: yaml.Node, line: int) -> Estimates:
    query, fields = reader.query_options(node, {"kind"}, "estimates")
    return Estimates(query, line, reader.choice(fields["kind"], ESTIMATE_KINDS) if "kind" in fields else "bar")


def _timeline(reader: _Reader, node: yaml.Node, line: int) -> Timeline:
    return Timeline(reader.query_options(node, set(), "timeline")[0], line)


def _cards(reader: _Reader, node: yaml.Node, line: int) -> Cards:
    return Cards(reader.query_options(node, set(), "cards")[0], line)


def _section(reader: _Reader, node: yaml.Node, line: int) -> Section:
    keys = {key.value for key, _ in node.value} if isinstance(node, yaml.MappingNode) else set()
    if keys <= set(LANGS):  # the short form: `section: {zh: ..., en: ...}`
        return Section(reader.text(node), line)
    fields = reader.mapping(node, {"heading", "note"}, "the section block", required=("heading",))
    return Section(reader.text(fields["heading"]), line, reader.text(fields["note"]) if "note" in fields else None)


def _search(reader: _Reader, node: yaml.Node, line: int) -> Search:
    _query, fields = reader.query_options(node, {"param", "label", "hint"}, "search")
    if "param" not in fields or "label" not in fields:
        raise reader.fail(node, "the search block needs query, param and label")
    return Search(_query, line, reader.string(fields["param"], "param"), reader.text(fields["label"]),
                  reader.text(fields["hint"]) if "hint" in fields else None)


def _pick(reader: _Reader, node: yaml.Node) -> Pick:
    fields = reader.mapping(node, {"query", "param", "label", "optional", "all", "key"}, "a pick",
                            required=("query", "param", "label"))
    return Pick(reader.string(fields["query"], "query"), node.start_mark.line + 1,
                reader.string(fields["param"], "param"), reader.text(fields["label"]),
                reader.flag(fields["optional"]) if "optional" in fields else False,
                reader.text(fields["all"]) if "all" in fields else None,
                reader.string(fields["key"], "key") if "key" in fields else None)


def _trace(reader: _Reader, node: yaml.Node, line: int) -> Trace:
    fields = reader.mapping(node, {"pick", "then"}, "the trace block", required=("pick", "then"))
    picks = fields["pick"]
    if not isinstance(picks, yaml.SequenceNode) or not picks.value:
        raise reader.fail(picks, "pick must be a list of {query, param, label}")
    return Trace(tuple(_pick(reader, item) for item in picks.value), reader.string(fields["then"], "then"), line)


def _columns(reader: _Reader, node: yaml.Node, line: int) -> Columns:
    return Columns(reader.blocks(node), line)


def _tabs(reader: _Reader, node: yaml.Node, line: int) -> Tabs:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise reader.fail(node, "tabs must be a list of {label, blocks}")
    tabs = []
    for item in node.value:
        fields = reader.mapping(item, {"label", "blocks"}, "a tab", required=("label", "blocks"))
        tabs.append(Tab(reader.text(fields["label"]), reader.blocks(fields["blocks"]), item.start_mark.line + 1))
    return Tabs(tuple(tabs), line)


BLOCK_KINDS: dict[str, Callable[[_Reader, yaml.Node, int], Block]] = {
    "kpis": _kpis, "chart": _chart, "estimates": _estimates, "timeline": _timeline, "cards": _cards,
    "section": _section, "search": _search, "trace": _trace, "columns": _columns, "tabs": _tabs,
}
