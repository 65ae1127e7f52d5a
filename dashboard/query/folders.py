"""`queries/folders.yaml`: header defaults per folder, as dbt's folder config, so a file states only what differs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dashboard.query.sqlfile import SOURCES, QueryFileError

FOLDERS_FILE = "folders.yaml"
# Header keys a folder may give a default for, with the values each accepts.
DEFAULT_KEYS: dict[str, set[str]] = {"source": SOURCES}


@dataclass(frozen=True)
class FolderDefaults:
    """Header defaults by folder path under queries/; a sub-folder inherits its parent's unless it says otherwise."""

    path: Path | None = None
    folders: dict[str, dict[str, Any]] = field(default_factory=dict)

    def for_query(self, query_id: str) -> dict[str, Any]:
        """Return the defaults that apply to one query id, the deepest folder's winning."""
        parts = query_id.split("/")[:-1]
        merged: dict[str, Any] = {}
        for depth in range(1, len(parts) + 1):
            merged.update(self.folders.get("/".join(parts[:depth]), {}))
        return merged


def load_folder_defaults(root: Path) -> FolderDefaults:
    """Read root/folders.yaml (none: no defaults); raise QueryFileError naming the file and line of a bad entry."""
    path = root / FOLDERS_FILE
    if not path.exists():
        return FolderDefaults(path=path)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise QueryFileError(path, f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
                             mark.line + 1 if mark else 1) from exc
    if data is None:
        return FolderDefaults(path=path)
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise QueryFileError(path, "must map folders to their defaults, e.g. voice: {source: demo}", 1)
    lines = {key.value: key.start_mark.line + 1 for key, _value in node.value}
    folders = {}
    for folder, defaults in data.items():
        folders[str(folder)] = _check_folder(root, path, str(folder), defaults, lines.get(str(folder)))
    return FolderDefaults(path=path, folders=folders)


def _check_folder(root: Path, path: Path, folder: str, defaults: Any, line: int | None) -> dict[str, Any]:
    """Require an existing folder under root and known keys with allowed values."""
    if folder.startswith("/") or folder.endswith("/") or ".." in folder.split("/") or not (root / folder).is_dir():
        raise QueryFileError(path, f"'{folder}' is not a folder under {root.name}/", line)
    if not isinstance(defaults, dict):
        raise QueryFileError(path, f"'{folder}' must map header keys to defaults, e.g. {{source: demo}}", line)
    unknown = sorted(set(defaults) - set(DEFAULT_KEYS))
    if unknown:
        raise QueryFileError(path, f"'{folder}' has unknown key(s) {unknown}; a folder gives defaults for "
                                   f"{sorted(DEFAULT_KEYS)}", line)
    for key, value in defaults.items():
        if value not in DEFAULT_KEYS[key]:
            raise QueryFileError(path, f"'{folder}' {key} must be one of {sorted(DEFAULT_KEYS[key])}, got {value!r}",
                                 line)
    return dict(defaults)
