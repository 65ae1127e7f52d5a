"""Read the YAML of a page file node by node (through the shared reader), so every error names its exact line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dashboard.base.i18n import LANGS
from dashboard.query.sqlfile import QueryFileError
from dashboard.query.yaml_lines import YamlDoc, YamlProblem, read_yaml


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


# A block kind's parser: the reader, the node of its options, and the line of its `kind:` key.
Parser = Callable[["NodeReader", yaml.Node, int], Any]


class NodeReader:
    """Walks the YAML node tree of one page file, dispatching each block to its kind's parser."""

    def __init__(self, path: Path, text: str, kinds: Mapping[str, Parser]) -> None:
        self.path = path
        self.kinds = kinds
        try:
            self.doc: YamlDoc = read_yaml(text)
        except YamlProblem as exc:
            raise PageFileError(path, f"not valid YAML: {exc.problem}", exc.line) from exc

    def fail(self, node: yaml.Node | None, message: str) -> PageFileError:
        """Return the error for a node (its file line)."""
        return PageFileError(self.path, message, self.doc.node_line(node) if node is not None else None)

    def root(self) -> yaml.MappingNode:
        """Return the document's root, which must be a mapping."""
        node = self.doc.root
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, "a page file is a mapping with title, intro and blocks")
        return node

    def value(self, node: yaml.Node) -> Any:
        """Return the plain Python value of a node."""
        return self.doc.value(node)

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

    def blocks(self, node: yaml.Node) -> tuple[Any, ...]:
        """Return a list of blocks, each a one-key mapping `kind: options` (or a bare kind that takes none)."""
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise self.fail(node, "blocks must be a non-empty list such as [chart: voice/funnel]")
        return tuple(self.block(item) for item in node.value)

    def block(self, node: yaml.Node) -> Any:
        """Return one block, dispatching on its kind."""
        if isinstance(node, yaml.ScalarNode) and self.value(node) in self.kinds:
            # `- pillar_cards` is `- pillar_cards: {}`: a kind that needs options says which below.
            return self.kinds[self.value(node)](self, yaml.MappingNode("tag:yaml.org,2002:map", [], node.start_mark,
                                                                       node.end_mark), self.doc.node_line(node))
        if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
            raise self.fail(node, f"a block is one `kind: options` pair; kinds: {sorted(self.kinds)}")
        key_node, options = node.value[0]
        kind = self.value(key_node)
        if kind not in self.kinds:
            raise self.fail(key_node, f"unknown block kind '{kind}'; kinds: {sorted(self.kinds)}")
        return self.kinds[kind](self, options, self.doc.node_line(key_node))

    def query_options(self, node: yaml.Node, keys: set[str], what: str) -> tuple[str, dict[str, yaml.Node]]:
        """Return the query id and other options of a block written `kind: id` or `kind: {query: id, ...}`."""
        if isinstance(node, yaml.ScalarNode):
            return self.string(node, f"the {what} block's query"), {}
        fields = self.mapping(node, keys | {"query"}, f"the {what} block", required=("query",))
        return self.string(fields.pop("query"), "query"), fields

    def no_options(self, node: yaml.Node, what: str) -> None:
        """Accept a kind written bare, `kind: {}` or `kind: null`, refusing options it does not read."""
        if isinstance(node, yaml.ScalarNode) and self.value(node) is None:
            return
        self.mapping(node, set(), f"the {what} block")
