"""Discover and validate every `queries/**/*.sql`; a broken file is reported, never fatal to the rest."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from dashboard.base.settings import load_settings
from dashboard.query.folders import FOLDERS_FILE, FolderDefaults, load_folder_defaults
from dashboard.query.published_figures import FIGURES_FILE, load_published_figures
from dashboard.query.sqlfile import QueryFileError, QuerySpec, declared_ids, read_query_file


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


def load_registry(root: Path, seed_dir: Path | None = None) -> Registry:
    """Load every query file under root, re-parsing only when a file was added, changed or removed.

    Folder defaults come from root/folders.yaml; published targets from seed_dir (default: settings.seed_dir).
    """
    seed_dir = load_settings().seed_dir if seed_dir is None else seed_dir
    signature = tuple(_stamp(path) for path in sorted(root.rglob("*.sql")))
    inputs = (_stamp(root / FOLDERS_FILE), _stamp(seed_dir / FIGURES_FILE))
    return _load(root, seed_dir, signature, inputs)


def _stamp(path: Path) -> tuple[str, int, int]:
    """Return what tells one version of a file from another (zeros for a missing file)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return str(path), 0, 0
    return str(path), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _load(root: Path, seed_dir: Path, signature: tuple[tuple[str, int, int], ...],
          inputs: tuple[tuple[str, int, int], ...]) -> Registry:
    """Parse the files named in the signature; cached by that signature and the shared inputs' versions."""
    registry = Registry(root=root)
    try:
        folders = load_folder_defaults(root)
    except QueryFileError as exc:
        registry.errors[FOLDERS_FILE] = exc
        folders = FolderDefaults()
    figures = load_published_figures(seed_dir)
    given_by: dict[str, Path] = {}
    for path_text, _mtime, _size in signature:
        path = Path(path_text)
        try:
            specs = read_query_file(path, root, folders.for_query, figures)
        except QueryFileError as exc:
            for query_id in declared_ids(path, root):
                registry.errors[query_id] = exc
            continue
        for spec in specs:
            _add(registry, spec, given_by)
    _link_companions(registry)
    return registry


def _add(registry: Registry, spec: QuerySpec, given_by: dict[str, Path]) -> None:
    """Add one spec; an id two files give (a variant named like another file) is refused at the variant's line."""
    other = given_by.setdefault(spec.query_id, spec.path)
    if other == spec.path:
        registry.specs[spec.query_id] = spec
        return
    first = registry.specs.pop(spec.query_id, None)
    key = ("variants", spec.query_id.removeprefix(spec.section + "/"))
    variant = first if first is not None and key in first.lines and key not in spec.lines else spec
    elsewhere = other if variant is spec else spec.path
    registry.errors[spec.query_id] = QueryFileError(
        variant.path, f"query id '{spec.query_id}' is given twice, here and by {elsewhere.name}: rename one",
        variant.lines.get(key))


def _link_companions(registry: Registry) -> None:
    """Give each indicator its community breakdown: the one it names, else `<its id>__by_community` when there is one.

    A breakdown that states no `order` is listed right after its indicator (the indicator's order + 1). An
    indicator naming a query that does not exist is refused, at the line of its `communities` key.
    """
    known = set(registry.specs) | set(registry.errors)
    for query_id, spec in list(registry.specs.items()):
        indicator = spec.indicator
        if indicator is None:
            continue
        twin = f"{query_id}__by_community"
        if indicator.communities is None and twin in known:
            indicator = replace(indicator, communities=twin)
            registry.specs[query_id] = replace(spec, indicator=indicator)
        companion = registry.specs.get(indicator.communities or "")
        if companion is not None and ("order",) not in companion.lines:
            registry.specs[companion.query_id] = replace(companion, order=spec.order + 1)
        if indicator.communities is not None and indicator.communities not in known:
            registry.specs.pop(query_id)
            line = spec.lines.get(("indicator", "communities")) or spec.lines.get(("indicator",))
            registry.errors[query_id] = QueryFileError(
                spec.path, f"communities names '{indicator.communities}', which is no query under "
                           f"{registry.root.name}/ (left out, {twin} is taken when it exists)", line)
