"""`queries/folders.yaml`: header defaults per folder, as dbt's folder config, so a file states only what differs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.base.i18n import LANGS
from dashboard.query.header_merge import deep_merged
from dashboard.query.indicator_spec import IndicatorError, check_defaults
from dashboard.query.sqlfile import PILLARS, SOURCES, ParamSpec, QueryFileError, parse_params
from dashboard.query.yaml_lines import YamlDoc, YamlProblem, read_yaml

FOLDERS_FILE = "folders.yaml"
# The entry for queries/ itself: defaults every folder takes, under its own entries.
ROOT = "."
# Header keys a folder may give a default for. Scalars (source, pillar) take one of the listed values; params,
# labels and indicator are merged key by key with the file's own (the file's win), params apply only where the SQL
# uses them, and indicator only to a file that has an indicator block.
DEFAULT_KEYS: dict[str, tuple[str, ...] | None] = {"source": tuple(sorted(SOURCES)), "pillar": PILLARS,
                                                   "params": None, "labels": None, "indicator": None}


@dataclass(frozen=True)
class FolderDefaults:
    """Header defaults by folder path under queries/; a sub-folder inherits its parent's unless it says otherwise."""

    path: Path | None = None
    folders: dict[str, dict[str, Any]] = field(default_factory=dict)

    def for_query(self, query_id: str) -> dict[str, Any]:
        """Return the defaults that apply to one query id, the deepest folder's winning key by key.

        Params, labels and indicator keys merge name by name, the deeper folder's first, so a folder also sets
        their order.
        """
        parts = query_id.split("/")[:-1]
        merged: dict[str, Any] = {}
        for folder in [ROOT, *("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))]:
            merged = deep_merged(merged, self.folders.get(folder, {}))
        return merged


def load_folder_defaults(root: Path) -> FolderDefaults:
    """Read root/folders.yaml (none: no defaults); raise QueryFileError naming the file and line of a bad entry."""
    path = root / FOLDERS_FILE
    if not path.exists():
        return FolderDefaults(path=path)
    try:
        doc = read_yaml(path.read_text(encoding="utf-8"))
    except YamlProblem as exc:
        raise QueryFileError(path, f"not valid YAML: {exc.problem}", exc.line) from exc
    if doc.data is None:
        return FolderDefaults(path=path)
    if not isinstance(doc.data, dict):
        raise QueryFileError(path, "must map folders to their defaults, e.g. voice: {source: demo}", 1)
    folders = {str(folder): _check_folder(root, path, doc, folder) for folder in doc.data}
    return FolderDefaults(path=path, folders=folders)


def _check_folder(root: Path, path: Path, doc: YamlDoc, folder: Any) -> dict[str, Any]:
    """Require an existing folder under root and known keys with allowed values."""
    name, defaults, line = str(folder), doc.data[folder], doc.line(folder)
    if name.startswith("/") or name.endswith("/") or ".." in name.split("/") or not (root / name).is_dir():
        raise QueryFileError(path, f"'{name}' is not a folder under {root.name}/", line)
    if not isinstance(defaults, dict):
        raise QueryFileError(path, f"'{name}' must map header keys to defaults, e.g. {{source: demo}}", line)
    unknown = sorted(set(defaults) - set(DEFAULT_KEYS))
    if unknown:
        raise QueryFileError(path, f"'{name}' has unknown key(s) {unknown}; a folder gives defaults for "
                                   f"{sorted(DEFAULT_KEYS)}", doc.line(folder, unknown[0]))
    checked = dict(defaults)
    for key, value in defaults.items():
        allowed, where = DEFAULT_KEYS[key], doc.line(folder, key)
        if allowed is not None and value not in allowed:
            raise QueryFileError(path, f"'{name}' {key} must be one of {list(allowed)}, got {value!r}", where)
        if key == "params":
            checked[key] = _check_params(path, doc, folder, value)
        if key == "labels":
            checked[key] = _check_labels(path, doc, folder, value)
        if key == "indicator":
            checked[key] = _check_indicator(path, doc, folder, value)
    return checked


def _check_indicator(path: Path, doc: YamlDoc, folder: Any, value: Any) -> dict[str, Any]:
    """Check a folder's indicator defaults as a file's indicator keys would be, naming the folders.yaml line."""
    try:
        return check_defaults(value)
    except IndicatorError as exc:
        key = () if exc.key == "indicator" else (exc.key,)
        raise QueryFileError(path, f"'{folder}' {exc}", doc.line_near(folder, "indicator", *key)) from exc


def _check_params(path: Path, doc: YamlDoc, folder: Any, value: Any) -> dict[str, ParamSpec]:
    """Parse a folder's usual parameters as a file's own would be, naming the folders.yaml line of a bad one."""
    if not isinstance(value, dict):
        raise QueryFileError(path, f"'{folder}' params must map each name to {{type: ..., default: ...}}",
                             doc.line(folder, "params"))
    try:
        return parse_params(value, path, YamlDoc(None, {"params": value}, lines=_under(doc, folder)))
    except QueryFileError as exc:
        raise QueryFileError(path, f"'{folder}' {exc.detail}", exc.line or doc.line(folder, "params")) from exc


def _check_labels(path: Path, doc: YamlDoc, folder: Any, value: Any) -> dict[str, dict[str, str]]:
    """Require every column label to name the column in both languages, as a chart's labels do."""
    for column, names in (value.items() if isinstance(value, dict) else [(None, value)]):
        if not isinstance(names, dict) or sorted(names) != sorted(LANGS) or not all(
                isinstance(text, str) for text in names.values()):
            where = doc.line(folder, "labels", column) if column is not None else doc.line(folder, "labels")
            raise QueryFileError(path, f"'{folder}' label of column '{column}' needs both languages: "
                                       "{zh: ..., en: ...}", where)
    return dict(value)


def _under(doc: YamlDoc, folder: Any) -> dict[tuple[Any, ...], int]:
    """Return the key lines under one folder's entry, as paths from that entry (so a file's checks can name them)."""
    return {path[1:]: line for path, line in doc.lines.items() if path[:1] == (folder,) and len(path) > 1}
