"""Who may do what: three roles, granted by email or group in a roles file, read and checked once at start.

`roles.toml` (path: DASHBOARD_ROLES_FILE) lists users and groups:

    [[user]]
    email = "li@city.example"
    role = "admin"

    [[group]]
    name = "analysts"        # a value of the provider's `groups` claim
    role = "analyst"

A user's role is the highest one any of their entries grants; a signed-in user with none has no access.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.settings import REPO_ROOT

ROLES = ("viewer", "analyst", "admin")  # each may do everything the ones before it may
ENTRY_KEYS = {"user": ("email", "role"), "group": ("name", "role")}


class RolesFileError(ValueError):
    """The roles file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Access:
    """What one visitor may do: their role (None: nothing), who they are, and whether login is off."""

    role: str | None
    who: str = ""
    local: bool = False

    def allows(self, needed: str) -> bool:
        """Say whether this role includes `needed`."""
        return self.role is not None and ROLES.index(self.role) >= ROLES.index(needed)


@dataclass(frozen=True)
class RolesFile:
    """Roles granted by email and by group."""

    users: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)

    def access(self, email: str | None, groups: Iterable[str]) -> Access:
        """Return the highest role the email or any group is granted."""
        granted = [self.users.get((email or "").strip().lower())] + [self.groups.get(g) for g in groups]
        found = [ROLES.index(r) for r in granted if r]
        return Access(role=ROLES[max(found)] if found else None, who=email or "")


def roles_path() -> Path:
    """Return the roles file: DASHBOARD_ROLES_FILE, else roles.toml at the repo root."""
    value = os.environ.get("DASHBOARD_ROLES_FILE")
    return Path(value) if value else REPO_ROOT / "roles.toml"


def _line_of(text: str, needle: str, start: int = 0) -> int:
    """Return the 1-based line at which needle first occurs at or after offset start."""
    at = text.find(needle, start)
    return text.count("\n", 0, at if at >= 0 else start) + 1


def load_roles(path: Path) -> RolesFile:
    """Read and check a roles file, raising RolesFileError naming the line of the first problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RolesFileError(f"{path}: no roles file; list who may sign in there (README, \"Login and roles\")") \
            from None
    except UnicodeDecodeError as exc:
        raise RolesFileError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RolesFileError(f"{path}: {exc}") from exc
    for key in data:
        if key not in ENTRY_KEYS:
            raise RolesFileError(f"{path}, line {_line_of(text, key)}: unknown section '{key}' "
                                 f"(expected [[user]] or [[group]])")
    found: dict[str, dict[str, str]] = {"user": {}, "group": {}}
    for kind, (name_key, _role) in ENTRY_KEYS.items():
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise RolesFileError(f"{path}, line {_line_of(text, kind)}: write each {kind} as [[{kind}]]")
        offset = 0
        for entry in entries:
            offset = text.find(f"[[{kind}]]", offset) + 1
            line = _line_of(text, f"[[{kind}]]", offset - 1)
            name, role = _check_entry(entry, kind, name_key, f"{path}, line {line}")
            if name in found[kind]:
                raise RolesFileError(f"{path}, line {line}: {kind} '{name}' is listed twice")
            found[kind][name] = role
    return RolesFile(users=found["user"], groups=found["group"])


def _check_entry(entry: dict[str, Any], kind: str, name_key: str, where: str) -> tuple[str, str]:
    """Return an entry's name (emails lower-cased) and role, or raise naming what is wrong."""
    unknown = sorted(set(entry) - {name_key, "role"})
    if "townships" in unknown:
        raise RolesFileError(f"{where}: township scopes are not available yet; give this {kind} no 'townships'")
    if unknown:
        raise RolesFileError(f"{where}: unknown key '{unknown[0]}' (a {kind} has {name_key} and role)")
    name, role = entry.get(name_key), entry.get("role")
    if not isinstance(name, str) or not name.strip():
        raise RolesFileError(f"{where}: the {kind} needs a {name_key}")
    if kind == "user" and not re.fullmatch(r"[^@\s]+@[^@\s]+", name.strip()):
        raise RolesFileError(f"{where}: '{name}' is not an email address")
    if role not in ROLES:
        raise RolesFileError(f"{where}: role '{role}' is not one of {', '.join(ROLES)}")
    return (name.strip().lower() if kind == "user" else name.strip()), role
