"""The audit log: who signed in or out, loaded, rolled back or ran ad-hoc SQL, when, and how it ended.

One JSON object per line in `audit.log` beside the snapshots. Each event is appended with a single `os.write` on a
file opened with O_APPEND, under an exclusive lock, so lines from several processes or replicas never interleave;
nothing rewrites the file.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import logging
import os
from collections.abc import Collection, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.base.i18n import translate
from dashboard.base.settings import Settings
from dashboard.engine.runner import QueryError, QueryResult
from dashboard.warehouse.load import LoadResult
from dashboard.warehouse.problems import LoadRefused

AUDIT_FILE = "audit.log"
ACTIONS = ("signin", "signout", "load", "rollback", "adhoc_sql", "denied", "meeting")
OUTCOMES = ("ok", "refused", "error")
MAX_SQL_CHARS = 4000  # a statement longer than this is kept cut, with a marker
MAX_MESSAGE_CHARS = 500
# Sandbox refusals (the statement was not allowed) as opposed to statements that were allowed and failed.
SQL_REFUSALS = frozenset({"read_only", "locked", "permission", "not_read", "denied_function", "many_statements",
                          "no_statement"})
_SHOWN_LAST = ("role", "seconds", "snapshot")  # in the table, what was done comes first and these at the end
_READ_BLOCK = 1 << 16
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditEvent:
    """One recorded action: when (ISO, UTC), who, what, how it ended, and its particulars."""

    time: str
    user: str
    action: str
    outcome: str
    details: dict[str, Any] = field(default_factory=dict)


def audit_path(settings: Settings) -> Path:
    """Return the audit log file, beside the snapshots folder."""
    return settings.var_dir / AUDIT_FILE


def cli_user() -> str:
    """Name the operating-system account running a command, as `cli:<name>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER
        return f"cli:uid{os.getuid()}"


def one_line(text: object, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Return the first non-empty line of a message, cut to `limit` characters."""
    line = next((part.strip() for part in str(text).splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def capped_sql(sql: str) -> str:
    """Return SQL text as recorded: at most MAX_SQL_CHARS characters, marked when cut."""
    return sql if len(sql) <= MAX_SQL_CHARS else sql[:MAX_SQL_CHARS] + f"… [{len(sql):,} characters]"


def record(settings: Settings, user: str, action: str, outcome: str, **details: Any) -> AuditEvent | None:
    """Append one event to the log; when the log cannot be written, warn and return None (the action stands)."""
    if action not in ACTIONS or outcome not in OUTCOMES:
        raise ValueError(f"unknown audit action or outcome: {action!r}, {outcome!r}")
    event = AuditEvent(time=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"), user=user or "?",
                       action=action, outcome=outcome, details={k: v for k, v in details.items() if v is not None})
    data = (json.dumps(asdict(event), ensure_ascii=False, default=str, separators=(",", ":")) + "\n").encode()
    path = audit_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o640)
        try:
            # Held across the look at the last byte and the write: without it, another writer's line still
            # landing reads as a torn one, and this event would leave an empty line before it.
            fcntl.flock(fd, fcntl.LOCK_EX)
            end = os.fstat(fd).st_size
            if end and os.pread(fd, 1, end - 1) != b"\n":  # a torn last line: start this event on its own line
                data = b"\n" + data
            os.write(fd, data)  # one write: O_APPEND places it whole at the end
        finally:
            os.close(fd)  # closing releases the lock
    except OSError as exc:
        _log.warning("audit log %s not written (%s): %s", path, exc, data.decode().strip())
        return None
    return event


def record_load(settings: Settings, user: str, file_name: str, table: str, mode: str,
                result: LoadResult | None = None, error: BaseException | None = None) -> AuditEvent | None:
    """Record a load: the rows it added, replaced and removed and its snapshot, or why nothing changed."""
    where = {"file": file_name, "table": table, "mode": mode}
    if error is None and result is not None:
        return record(settings, user, "load", "ok", **where, added=result.added, replaced=result.replaced,
                      removed=result.removed, snapshot=result.snapshot_id)
    if isinstance(error, LoadRefused):
        return record(settings, user, "load", "refused", **where, problems=error.total, message=one_line(error))
    return record(settings, user, "load", "error", **where, message=one_line(error))


def record_rollback(settings: Settings, user: str, target: str, new_id: str | None = None,
                    error: BaseException | None = None) -> AuditEvent | None:
    """Record a rollback to `target`: the new live snapshot, or the one-line reason it failed."""
    if error is None:
        return record(settings, user, "rollback", "ok", target=target, snapshot=new_id)
    return record(settings, user, "rollback", "error", target=target, message=one_line(error))


def record_meeting(settings: Settings, user: str, what: str, error: BaseException | None = None,
                   **details: Any) -> AuditEvent | None:
    """Record a meeting record written (an edition, a follow-up, a follow-up done), or why it was not."""
    if error is None:
        return record(settings, user, "meeting", "ok", what=what, **details)
    return record(settings, user, "meeting", "error", what=what, **details, message=one_line(error))


def record_sql(settings: Settings, user: str, sql: str, result: QueryResult | None = None,
               error: QueryError | None = None, seconds: float | None = None) -> AuditEvent | None:
    """Record one ad-hoc statement: rows returned, or refused by the sandbox, or failed, with the error line."""
    timing = None if seconds is None else round(seconds, 3)
    if error is None and result is not None:
        return record(settings, user, "adhoc_sql", "ok", sql=capped_sql(sql), rows=len(result.frame),
                      truncated=result.truncated or None, seconds=timing, snapshot=result.snapshot_id)
    outcome = "refused" if error is not None and error.kind in SQL_REFUSALS else "error"
    kind = error.kind if error is not None else None
    return record(settings, user, "adhoc_sql", outcome, sql=capped_sql(sql), kind=kind, message=one_line(error),
                  seconds=timing)


def read_events(settings: Settings, limit: int | None = None) -> list[AuditEvent]:
    """Return the recorded events newest first (at most `limit`), skipping any line that is not a whole event."""
    path = audit_path(settings)
    if not path.exists():
        return []
    events: list[AuditEvent] = []
    for raw in _lines_from_end(path):
        event = _parse(raw)
        if event is not None:
            events.append(event)
            if limit is not None and len(events) >= limit:
                break
    return events


def author_of(settings: Settings, snapshot_id: str) -> str | None:
    """Return who wrote a snapshot (a load, a rollback or a meeting record that made it), or None when unrecorded."""
    for event in read_events(settings):
        if event.outcome == "ok" and event.details.get("snapshot") == snapshot_id:
            return event.user
    return None


def filter_events(events: list[AuditEvent], actions: Collection[str] = (),
                  users: Collection[str] = ()) -> list[AuditEvent]:
    """Keep the events of the given actions and users; an empty choice keeps all."""
    return [e for e in events if (not actions or e.action in actions) and (not users or e.user in users)]


def events_frame(events: list[AuditEvent], lang: str) -> pd.DataFrame:
    """Lay events out as a table titled in `lang`: time, user, action, outcome, details."""
    columns = [translate(f"audit.column.{c}", lang) for c in ("time", "user", "action", "outcome", "details")]
    rows = [(e.time[:19].replace("T", " "), e.user, _word("action", e.action, lang), _word("outcome", e.outcome, lang),
             describe_details(e.details, lang)) for e in events]
    return pd.DataFrame(rows, columns=columns)


def describe_details(details: dict[str, Any], lang: str) -> str:
    """Write an event's particulars on one line, each named in `lang`, e.g. `文件 a.csv · 新增 3`."""
    parts = []
    for key, value in sorted(details.items(), key=lambda item: _SHOWN_LAST.index(item[0])
                             if item[0] in _SHOWN_LAST else -1):
        if value is True:
            parts.append(_word("detail", key, lang))
            continue
        text = " ".join(str(value).split()) if not isinstance(value, list) else ", ".join(map(str, value))
        parts.append(f"{_word('detail', key, lang)} {text}")
    return " · ".join(parts)


def _word(group: str, key: str, lang: str) -> str:
    """Translate one action, outcome or detail name, keeping a name the locale files do not know."""
    text = translate(f"audit.{group}.{key}", lang)
    return key if text.startswith("⟨") else text


def _lines_from_end(path: Path) -> Iterator[bytes]:
    """Yield a file's lines last first, reading it backwards in blocks."""
    with path.open("rb") as file:
        position = file.seek(0, os.SEEK_END)
        rest = b""
        while position > 0:
            step = min(_READ_BLOCK, position)
            position -= step
            file.seek(position)
            lines = (file.read(step) + rest).split(b"\n")
            rest = lines.pop(0)
            yield from reversed(lines)
        yield rest


def _parse(raw: bytes) -> AuditEvent | None:
    """Return the event a log line holds, or None for a blank, torn or foreign line."""
    if not raw.strip():
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in ("time", "user", "action",
                                                                                 "outcome")):
        return None
    details = data.get("details")
    return AuditEvent(time=data["time"], user=data["user"], action=data["action"], outcome=data["outcome"],
                      details=details if isinstance(details, dict) else {})
