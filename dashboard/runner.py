"""The one locked-down, read-only connection to the live snapshot, and query execution through it."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dashboard.settings import Settings
from dashboard.sqlfile import QuerySpec, first_line
from dashboard.warehouse import snapshot

# DuckDB keeps one database instance per file and process; every connection to it must share this config.
_VECTOR = 2048
_SNAPSHOT_ID_RE = re.compile(r"[\w\-]+")
_PATH_RE = re.compile(r"(?:[A-Za-z]:)?(?:/[\w.\-~]+){2,}/?")


class QueryError(RuntimeError):
    """A query failed; the message is one line, safe to show (no stack trace, no server paths)."""


@dataclass(frozen=True)
class QueryResult:
    """Rows of one run, whether the row cap cut them, and which snapshot answered."""

    frame: pd.DataFrame
    truncated: bool
    snapshot_id: str
    params: dict[str, Any] = field(default_factory=dict)


def locked_config(settings: Settings) -> dict[str, Any]:
    """Return the sandbox config; lock_configuration comes last so nothing can undo the rest."""
    return {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "allow_persistent_secrets": False,
        "max_execution_time": settings.max_seconds * 1000,
        "memory_limit": settings.memory_limit,
        "threads": settings.threads,
        "lock_configuration": True,
    }


def clean_error(exc: BaseException) -> str:
    """Reduce a DuckDB error to its first line with any filesystem path removed."""
    return _PATH_RE.sub("<path>", first_line(exc))


class Runner:
    """Runs query specs and ad-hoc SQL on the live snapshot, reconnecting when a new one is published.

    A runner pinned to a kept snapshot id reads that snapshot instead (to regenerate an old briefing);
    it opens the file with the same locked config, so both can share DuckDB's one instance per file.
    """

    def __init__(self, settings: Settings, snapshot_id: str | None = None) -> None:
        self.settings = settings
        self.pinned = snapshot_id
        self._lock = threading.Lock()
        self._snapshot_id: str | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    def target_snapshot_id(self) -> str:
        """Return the snapshot to read: the pinned one while it is kept, else the live one."""
        if self.pinned is None:
            return snapshot.current_snapshot_id(self.settings)
        if not _SNAPSHOT_ID_RE.fullmatch(self.pinned) or not snapshot.snapshot_path(
                self.settings, self.pinned).exists():
            raise snapshot.NoSnapshotError(f"snapshot {self.pinned} is not kept (any more) under var/snapshots")
        return self.pinned

    def connection(self) -> tuple[duckdb.DuckDBPyConnection, str]:
        """Return a fresh cursor on the target snapshot and its id, opening a new one after a swap."""
        live = self.target_snapshot_id()
        with self._lock:
            if live != self._snapshot_id or self._con is None:
                old = self._con
                path: Path = snapshot.snapshot_path(self.settings, live)
                self._con = duckdb.connect(str(path), read_only=True, config=locked_config(self.settings))
                self._snapshot_id = live
                if old is not None:
                    old.close()
            return self._con.cursor(), live

    def run(self, spec: QuerySpec, params: dict[str, Any] | None = None) -> QueryResult:
        """Run a query file with its declared parameters: given values, else defaults."""
        values = {name: p.default for name, p in spec.params.items()}
        values.update({k: v for k, v in (params or {}).items() if k in spec.params})
        return self._execute(spec.sql, values)

    def run_sql(self, sql: str) -> QueryResult:
        """Run one ad-hoc statement with no parameters; more than one statement is refused."""
        try:
            statements = duckdb.extract_statements(sql)
        except duckdb.Error as exc:
            raise QueryError(clean_error(exc)) from exc
        if len(statements) != 1:
            raise QueryError(f"one statement per run, found {len(statements)}")
        return self._execute(sql, {})

    def _execute(self, sql: str, params: dict[str, Any]) -> QueryResult:
        """Execute and fetch at most row_cap rows, flagging whether more existed."""
        cursor, snapshot_id = self.connection()
        cap = self.settings.row_cap
        try:
            cursor.execute(sql, params) if params else cursor.execute(sql)
            chunks: list[pd.DataFrame] = []
            fetched = 0
            while fetched <= cap:
                chunk = cursor.fetch_df_chunk(max(1, (cap + 1 - fetched) // _VECTOR + 1))
                if chunk.empty:
                    if not chunks:
                        chunks.append(chunk)
                    break
                chunks.append(chunk)
                fetched += len(chunk)
        except duckdb.Error as exc:
            raise QueryError(clean_error(exc)) from exc
        finally:
            cursor.close()
        frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
        truncated = len(frame) > cap
        return QueryResult(frame=frame.head(cap) if truncated else frame, truncated=truncated,
                           snapshot_id=snapshot_id, params=params)
