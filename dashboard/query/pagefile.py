"""Parse a page file (`queries/<folder>/page.yaml`: title, intro and blocks naming query files) into a PageSpec."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dashboard.base.vocabulary import ROLES
from dashboard.query.block_kinds import (
    BLOCK_KINDS,
    ESTIMATE_KINDS,
    BlockKind,
    Cards,
    Chart,
    Columns,
    Estimates,
    Kpis,
    Pick,
    Search,
    Section,
    Tab,
    Tabs,
    Timeline,
    Trace,
    kind_of,
    unpaired,
)
from dashboard.query.page_reader import NodeReader, PageFileError, Text
from dashboard.query.pillar_blocks import (
    Attention,
    Changes,
    FiguresCheck,
    FollowUps,
    IndicatorDetail,
    IndicatorTables,
    PillarCards,
    Selection,
)
from dashboard.query.registry import Registry

__all__ = ["BLOCK_KINDS", "ESTIMATE_KINDS", "Attention", "BlockKind", "Cards", "Changes", "Chart", "Columns",
           "Estimates", "FiguresCheck", "FollowUps", "IndicatorDetail", "IndicatorTables", "Kpis", "PageFileError",
           "Pick", "PillarCards", "Search", "Section", "Selection", "Tab", "Tabs", "Text", "Timeline", "Trace",
           "kind_of", "unpaired"]

PAGE_FILE = "page.yaml"
PAGE_KEYS = {"title", "intro", "menu", "icon", "order", "role", "blocks"}
DEFAULT_ICON = ":material/article:"

Block = (Kpis | Chart | Estimates | Timeline | Cards | Section | Search | Trace | Columns | Tabs | Selection
         | PillarCards | IndicatorTables | IndicatorDetail | Changes | FollowUps | Attention | FiguresCheck)


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
        elif isinstance(getattr(block, "query", None), str):
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
    reader = NodeReader(path, text, {name: kind.parse for name, kind in BLOCK_KINDS.items()})
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
