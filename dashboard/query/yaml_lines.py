"""The one YAML reader of query headers and page files: plain values, plus the exact file line of every key path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

MERGE_TAG = "tag:yaml.org,2002:merge"

# A key path: mapping keys and list positions from the document's root, e.g. ("params", "since", "type").
KeyPath = tuple[Any, ...]


class YamlProblem(ValueError):
    """YAML that does not parse, or a key given twice; `line` is the file line (1-based) where it is."""

    def __init__(self, problem: str, line: int | None) -> None:
        self.problem = problem
        self.line = line
        super().__init__(problem)


@dataclass(frozen=True)
class YamlDoc:
    """One composed YAML document: its node tree, its plain values, and the file line of each key path."""

    root: yaml.Node | None
    data: Any
    offset: int = 0
    lines: dict[KeyPath, int] = field(default_factory=dict, hash=False, compare=False)

    def line(self, *path: Any) -> int | None:
        """Return the file line of the key (or list item) at exactly this path, or None when there is none."""
        return self.lines.get(path)

    def line_near(self, *path: Any) -> int | None:
        """Return the line of the deepest key along a path that exists (the path itself when it does)."""
        for depth in range(len(path), 0, -1):
            if path[:depth] in self.lines:
                return self.lines[path[:depth]]
        return None

    def node_line(self, node: yaml.Node) -> int:
        """Return the file line a node starts on."""
        return self.offset + node.start_mark.line + 1

    @staticmethod
    def value(node: yaml.Node) -> Any:
        """Return the plain Python value of a node (a fresh constructor, so nodes can be read in any order)."""
        return SafeConstructor().construct_object(node, deep=True)


def read_yaml(text: str, first_line: int = 1) -> YamlDoc:
    """Compose text that starts on `first_line` of its file; raise YamlProblem naming the line of bad YAML."""
    offset = first_line - 1
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlProblem(problem, offset + mark.line + 1 if mark else first_line) from exc
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    if root is not None:
        for path, node in _walk(root, (), set()):
            if path in lines:
                raise YamlProblem(f"key '{path[-1]}' is given twice", offset + node.start_mark.line + 1)
            lines[path] = offset + node.start_mark.line + 1
    return YamlDoc(root, data, offset, lines)


def _walk(node: yaml.Node, path: KeyPath, seen: set[int]) -> Iterator[tuple[KeyPath, yaml.Node]]:
    """Yield (key path, key node or list item) for every mapping key and list item under a node.

    A node reached again through an alias is not walked twice, so aliases cannot make the walk loop or explode;
    a key under an alias takes the line of the alias (line_near).
    """
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue
            key = YamlDoc.value(key_node)
            yield (*path, key), key_node
            yield from _walk(value_node, (*path, key), seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield (*path, index), item
            yield from _walk(item, (*path, index), seen)
