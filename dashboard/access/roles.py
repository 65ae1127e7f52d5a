"""Who may do what: three roles, granted by email or group in a roles file, read and checked once at start.

`roles.toml` (path: DASHBOARD_ROLES_FILE) lists users and groups:

    [[user]]
    email = "li@city.example"
    role = "admin"

    [[group]]
    name = "analysts"        # a value of the provider's `groups` claim
    role = "analyst"

    [[user]]
    email = "wang@city.example"
    role = "viewer"
    townships = ["T01"]      # optional: this account sees these townships only

A user's role is the highest one any of their entries grants; a signed-in user with none has no access.
The scope is that of the entries granting the highest role: their townships together, or the whole city when
any of them names none. Lower grants never widen it, so a city-wide viewing grant cannot lift a township
analyst's scope.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.base.settings import load_settings
from dashboard.base.vocabulary import ROLES

__all__ = ["ROLES"]  # each may do everything the ones before it may

ENTRY_KEYS = {"user": ("email", "role"), "group": ("name", "role")}
OPTIONAL_KEYS = {"townships"}


class RolesFileError(ValueError):
    """The roles file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Access:
    """What one visitor may do: their role (None: nothing), who they are, and whether login is off."""

    role: str | None
    who: str = ""
    local: bool = False
    townships: tuple[str, ...] | None = None  # None: the whole city

    def allows(self, needed: str) -> bool:
        """Say whether this role includes `needed`."""
        return self.role is not None and ROLES.index(self.role) >= ROLES.index(needed)

    @property
    def scoped(self) -> bool:
        """Say whether this visitor is confined to some townships."""
        return self.townships is not None


@dataclass(frozen=True)
class Grant:
    """One entry of the roles file: a role, and the townships it is confined to (None: the whole city)."""

    role: str
    townships: tuple[str, ...] | None = None


@dataclass(frozen=True)
class RolesFile:
    """Roles granted by email and by group."""

    users: dict[str, Grant] = field(default_factory=dict)
    groups: dict[str, Grant] = field(default_factory=dict)

    def access(self, email: str | None, groups: Iterable[str]) -> Access:
        """Return the highest role the email or any group grants, with the scope of the entries granting it."""
        granted = [self.users.get((email or "").strip().lower())] + [self.groups.get(g) for g in groups]
        found = [g for g in granted if g]
        if not found:
            return Access(role=None, who=email or "")
        role = max((g.role for g in found), key=ROLES.index)
        top = [g for g in found if g.role == role]
        if any(g.townships is None for g in top):
            return Access(role=role, who=email or "")
        towns = tuple(sorted({t for g in top for t in g.townships or ()}))
        return Access(role=role, who=email or "", townships=towns)


def roles_path() -> Path:
    """Return the roles file: DASHBOARD_ROLES_FILE, else roles.toml at the repo root."""
    return load_settings().roles_file


def _line_of(text: str, needle: str, start: int = 0) -> int:
    """Return the 1-based line at which needle first occurs at or after offset start."""
    at = text.find(needle, start)
    return text.count("\n", 0, at if at >= 0 else start) + 1


def load_roles(path: Path) -> RolesFile:
    """Read and check a roles file, raising RolesFileError naming the line of the first problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RolesFileError(f"{path}: no roles file; list who may sign in there "
                             "(docs/operators.md, \"Login and roles\")") from None
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
    found: dict[str, dict[str, Grant]] = {"user": {}, "group": {}}
    for kind, (name_key, _role) in ENTRY_KEYS.items():
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise RolesFileError(f"{path}, line {_line_of(text, kind)}: write each {kind} as [[{kind}]]")
        offset = 0
        for entry in entries:
            offset = text.find(f"[[{kind}]]", offset) + 1
            line = _line_of(text, f"[[{kind}]]", offset - 1)
            name, grant = _check_entry(entry, kind, name_key, f"{path}, line {line}")
            if name in found[kind]:
                raise RolesFileError(f"{path}, line {line}: {kind} '{name}' is listed twice")
            found[kind][name] = grant
    return RolesFile(users=found["user"], groups=found["group"])


def _check_entry(entry: dict[str, Any], kind: str, name_key: str, where: str) -> tuple[str, Grant]:
    """Return an entry's name (emails lower-cased) and grant, or raise naming what is wrong."""
    unknown = sorted(set(entry) - {name_key, "role", *OPTIONAL_KEYS})
    if unknown:
        raise RolesFileError(f"{where}: unknown key '{unknown[0]}' (a {kind} has {name_key}, role "
                             f"and optionally townships)")
    name, role = entry.get(name_key), entry.get("role")
    if not isinstance(name, str) or not name.strip():
        raise RolesFileError(f"{where}: the {kind} needs a {name_key}")
    if kind == "user" and not re.fullmatch(r"[^@\s]+@[^@\s]+", name.strip()):
        raise RolesFileError(f"{where}: '{name}' is not an email address")
    if role not in ROLES:
        raise RolesFileError(f"{where}: role '{role}' is not one of {', '.join(ROLES)}")
    key = name.strip().lower() if kind == "user" else name.strip()
    return key, Grant(role=role, townships=_check_townships(entry, role, where))


def _check_townships(entry: dict[str, Any], role: str, where: str) -> tuple[str, ...] | None:
    """Return an entry's townships (None when it names none), or raise naming what is wrong."""
    if "townships" not in entry:
        return None
    towns = entry["townships"]
    if not isinstance(towns, list) or not towns or not all(isinstance(t, str) and t.strip() for t in towns):
        raise RolesFileError(f"{where}: townships must be a list of township ids, such as [\"T01\"]")
    if role == "admin":
        # An admin rolls back and publishes the whole warehouse, which no township scope can bound.
        raise RolesFileError(f"{where}: an admin works on the whole city; give this entry no townships")
    return tuple(sorted({t.strip() for t in towns}))


def grants_table(roles: RolesFile, township_names: dict[str, str]) -> pd.DataFrame:
    """Return one row per roles-file entry: kind, name, role and its townships by name ('' for the whole city).

    A township id the warehouse does not hold is shown as the id followed by '?', so an admin spots a typo.
    """
    rows = [{"kind": kind, "name": name, "role": grant.role,
             "townships": ", ".join(township_names.get(t, f"{t}?") for t in grant.townships or ())}
            for kind, entries in (("user", roles.users), ("group", roles.groups)) for name, grant in entries.items()]
    return pd.DataFrame(rows, columns=["kind", "name", "role", "townships"])
