"""Discover and validate every `queries/**/*.sql`; a broken file is reported, never fatal to the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dashboard.query.sqlfile import QueryFileError, QuerySpec, parse_query_file


@dataclass(frozen=True)
class Registry:
    """All query files under one folder: the valid specs and the errors of the broken ones."""

    root: Path
    specs: dict[str, QuerySpec] = field(default_factory=dict)
    errors: dict[str, QueryFileError] = field(default_factory=dict)

    def get(self, query_id: str) -> QuerySpec:
        """Return one spec, or raise the file's own error if it is broken."""
        if query_id in self.errors:
            raise self.errors[query_id]
        if query_id not in self.specs:
            raise KeyError(f"no query file {query_id}.sql under {self.root.name}/")
        return self.specs[query_id]

    def sections(self) -> dict[str, list[QuerySpec]]:
        """Group valid specs by folder, each group in declared then alphabetical order."""
        groups: dict[str, list[QuerySpec]] = {}
        for spec in sorted(self.specs.values(), key=lambda s: (s.section, s.order, s.query_id)):
            groups.setdefault(spec.section, []).append(spec)
        return groups

    def in_section(self, section: str) -> list[QuerySpec]:
        """Return the valid specs of one folder (and its sub-folders) in display order."""
        prefix = section.rstrip("/") + "/"
        found = [s for s in self.specs.values() if s.query_id.startswith(prefix)]
        return sorted(found, key=lambda s: (s.order, s.query_id))


def load_registry(root: Path) -> Registry:
    """Load every query file under root, re-parsing only when a file was added, changed or removed."""
    stats = [(path, path.stat()) for path in sorted(root.rglob("*.sql"))]
    signature = tuple((str(path), stat.st_mtime_ns, stat.st_size) for path, stat in stats)
    return _load(root, signature)


@lru_cache(maxsize=8)
def _load(root: Path, signature: tuple[tuple[str, int, int], ...]) -> Registry:
    """Parse the files named in the signature; cached by that signature."""
    registry = Registry(root=root)
    for path_text, _mtime, _size in signature:
        path = Path(path_text)
        query_id = path.relative_to(root).with_suffix("").as_posix()
        try:
            registry.specs[query_id] = parse_query_file(path, root)
        except QueryFileError as exc:
            registry.errors[query_id] = exc
    return registry
