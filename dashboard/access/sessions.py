"""The sign-in ledger: each login seen once, ended on the server by logout or by age, agreed by every replica.

Streamlit keeps a login in a signed cookie for 30 days and logout only deletes the browser's copy, so a copy taken
before logout would sign in again. The cookie carries the provider's ID-token claims, which differ per login
(`iat`, `nonce`), so a hash of them names one login. Each replica checks that name against one append-only file
of JSON lines in the var folder, under an exclusive lock on a lock file beside it: a login first seen there is
opened (and its sign-in recorded once), a logout ends it, and one whose `iat` is older than the session length is
refused. Because age comes from the signed `iat`, entries older than that can be dropped without a replayed cookie
ever reading as new.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.base.settings import Settings

LEDGER_FILE = "sessions.jsonl"
LOCK_FILE = "sessions.lock"
# Claims that together name one login: the same person signing in twice gets a new iat and nonce.
KEY_CLAIMS = ("iss", "sub", "aud", "iat", "nonce", "sid", "email")
COMPACT_LINES = 2000  # past this many lines, the next write drops entries nothing can use any more
VERDICTS = ("new", "open", "ended", "expired")


@dataclass(frozen=True)
class Login:
    """One login as the cookie names it: a key made from its claims, who, and when the provider issued it."""

    key: str
    user: str
    issued: float  # seconds since the epoch (the ID token's iat)


@dataclass(frozen=True)
class Check:
    """What the ledger says of a login: new, open, ended (logged out) or expired, and whether this is the first
    time it said so (the moment to record it)."""

    verdict: str
    first: bool

    @property
    def refused(self) -> bool:
        """Say whether the login may no longer be used."""
        return self.verdict in ("ended", "expired")


@dataclass
class _Entry:
    """A login's state folded from its ledger lines."""

    issued: float
    ended: bool = False
    refused: set[str] = field(default_factory=set)


def login_of(claims: Mapping[str, Any]) -> Login | None:
    """Return the login an identity's claims name, or None when they carry no issue time (no provider login)."""
    issued = claims.get("iat")
    if isinstance(issued, bool) or not isinstance(issued, int | float):
        return None
    picked = {name: claims.get(name) for name in KEY_CLAIMS}
    key = hashlib.sha256(json.dumps(picked, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return Login(key=key, user=str(claims.get("email") or claims.get("sub") or ""), issued=float(issued))


def session_seconds(settings: Settings) -> float:
    """Return how long a login lasts after the provider issued it."""
    return settings.session_hours * 3600


def check(settings: Settings, login: Login, now: float | None = None) -> Check:
    """Judge a login and note it: opened when first seen, else open, ended by logout, or older than the session."""
    now = time.time() if now is None else now
    with _locked(settings):
        raw = _raw(settings)
        entry = _entry(raw, login)
        if entry is not None and entry.ended:
            verdict = "ended"
        elif now - login.issued > session_seconds(settings):
            verdict = "expired"
        else:
            verdict = "open" if entry is not None else "new"
        first = verdict == "new" or (verdict in ("ended", "expired") and (entry is None or
                                                                          verdict not in entry.refused))
        if first:
            event = {"event": "start"} if verdict == "new" else {"event": "refused", "reason": verdict}
            _note(settings, raw, login, event, now)
    return Check(verdict=verdict, first=first)


def end(settings: Settings, login: Login, now: float | None = None) -> bool:
    """End a login on the server (logout); return whether it was in use until now."""
    now = time.time() if now is None else now
    with _locked(settings):
        raw = _raw(settings)
        entry = _entry(raw, login)
        if entry is not None and entry.ended:
            return False
        _note(settings, raw, login, {"event": "end"}, now)
    return now - login.issued <= session_seconds(settings)


def _entry(raw: bytes, login: Login) -> _Entry | None:
    """Return what the ledger's lines say of one login, or None when it has never been seen."""
    return _fold(_parsed(raw, login.key)).get(login.key)


def _note(settings: Settings, raw: bytes, login: Login, event: dict[str, str], now: float) -> None:
    """Append one event of a login to the ledger, with who it is and when it was issued."""
    _append(settings, raw, {"key": login.key, **event, "user": login.user, "issued": login.issued, "at": now}, now)


def _ledger(settings: Settings) -> Path:
    """Return the ledger file, beside the snapshots folder."""
    return settings.var_dir / LEDGER_FILE


class _locked:
    """Hold the ledger's exclusive lock, shared by every process and replica using this var folder."""

    def __init__(self, settings: Settings) -> None:
        self._path = settings.var_dir / LOCK_FILE
        self._fd = -1

    def __enter__(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o640)
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def __exit__(self, *_exc: object) -> None:
        os.close(self._fd)  # closing releases the lock


def _fold(lines: list[dict[str, Any]]) -> dict[str, _Entry]:
    """Fold the ledger's lines into each login's state, skipping any line that is not a whole record."""
    entries: dict[str, _Entry] = {}
    for line in lines:
        key, event = line.get("key"), line.get("event")
        issued = line.get("issued")
        if not isinstance(key, str) or not isinstance(issued, int | float):
            continue
        entry = entries.setdefault(key, _Entry(issued=float(issued)))
        if event == "end":
            entry.ended = True
        elif event == "refused":
            entry.refused.add(str(line.get("reason")))
    return entries


def _raw(settings: Settings) -> bytes:
    """Return the ledger's bytes (empty before the first login)."""
    try:
        return _ledger(settings).read_bytes()
    except FileNotFoundError:
        return b""


def _parsed(raw: bytes, key: str | None = None) -> list[dict[str, Any]]:
    """Return the ledger's records in order (only those of one login when `key` is given); a torn or foreign line
    is left out."""
    needle = key.encode() if key is not None else b""
    found = []
    for text in raw.split(b"\n"):
        if needle not in text:  # a page run looks up one login: skip parsing the others
            continue
        try:
            value = json.loads(text)
        except (UnicodeDecodeError, ValueError):
            continue
        if isinstance(value, dict) and (key is None or value.get("key") == key):
            found.append(value)
    return found


def _append(settings: Settings, raw: bytes, record: dict[str, Any], now: float) -> None:
    """Append one record (the caller holds the lock); a long ledger is first rewritten without dead logins."""
    path = _ledger(settings)
    data = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    if raw.count(b"\n") >= COMPACT_LINES and _compact(settings, raw, data, now):
        return
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o640)
    try:
        end_at = os.fstat(fd).st_size
        if end_at and os.pread(fd, 1, end_at - 1) != b"\n":  # a torn last line: start this record on its own
            data = b"\n" + data
        os.write(fd, data)
    finally:
        os.close(fd)


def _compact(settings: Settings, raw: bytes, data: bytes, now: float) -> bool:
    """Rewrite the ledger without logins too old to use, followed by `data`, when that at least halves it."""
    # Twice the session length: a login that old is refused by its iat whatever the ledger says, and keeping it a
    # while longer records a replayed old cookie once rather than on every look.
    horizon = now - 2 * session_seconds(settings)
    lines = _parsed(raw)
    entries = _fold(lines)
    kept = [line for line in lines if entries.get(str(line.get("key")), _Entry(0.0)).issued >= horizon]
    if len(kept) > len(lines) // 2:
        return False
    body = b"".join((json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode() for line in kept)
    staging = _ledger(settings).with_suffix(".tmp")
    staging.write_bytes(body + data)
    os.replace(staging, _ledger(settings))  # every reader holds the same lock, so none sees a half-written file
    return True
