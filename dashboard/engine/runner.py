"""The one locked-down, read-only connection to the live snapshot, and query execution through it."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import duckdb

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine import pool
from dashboard.engine.sandbox import (
    QueryError,
    QueryResult,
    clean_error,
    error_kind,
    fetch_capped,
    hide_paths,
    read_statement,
)
from dashboard.engine.worker import Job
from dashboard.query.sqlfile import QuerySpec
from dashboard.warehouse import snapshot
from dashboard.warehouse.result_store import ResultStore

_OPEN_SNAPSHOTS = 2
_SNAPSHOT_ID_RE = re.compile(r"[\w\-]+")
# Names other modules import from here; they live in engine/sandbox.py, which the SQL workers share.
__all__ = ["QueryError", "QueryResult", "Runner", "clean_error", "error_kind", "hide_paths", "locked_config",
           "read_statement"]


def locked_config(settings: Settings) -> dict[str, Any]:
    """Return the sandbox config every reader of a snapshot file shares (see snapshot.reader_config)."""
    return snapshot.reader_config(settings)


class Runner:
    """Runs query specs and ad-hoc SQL on the live snapshot, reconnecting when a new one is published.

    A runner pinned to a kept snapshot id reads that snapshot instead (to regenerate an old briefing);
    it opens the file with the same locked config, so both can share DuckDB's one instance per file.
    """

    def __init__(self, settings: Settings, snapshot_id: str | None = None, store: ResultStore | None = None) -> None:
        self.settings = settings
        self.pinned = snapshot_id
        # With a store, query files read results kept for the snapshot and keep what they compute (ad-hoc SQL
        # never does: any text would fill the disk).
        self.store = store
        self._lock = threading.Lock()
        # Open snapshots, newest last: the live one and the one a page run that began before a swap still reads.
        self._cons: dict[str, duckdb.DuckDBPyConnection] = {}

    def target_snapshot_id(self) -> str:
        """Return the snapshot to read: the pinned one while it is kept, else the live one."""
        if self.pinned is None:
            return snapshot.current_snapshot_id(self.settings)
        return self._kept(self.pinned)

    def _kept(self, snapshot_id: str) -> str:
        """Return a snapshot id after checking that it names a kept file."""
        if not _SNAPSHOT_ID_RE.fullmatch(snapshot_id) or not snapshot.snapshot_path(
                self.settings, snapshot_id).exists():
            raise snapshot.NoSnapshotError(f"snapshot {snapshot_id} is not kept (any more) under var/snapshots")
        return snapshot_id

    def connection(self, snapshot_id: str | None = None) -> tuple[duckdb.DuckDBPyConnection, str]:
        """Return a fresh cursor on a snapshot (default: the target one) and its id, opening it when needed."""
        wanted = self._kept(snapshot_id) if snapshot_id else self.target_snapshot_id()
        with self._lock:
            if wanted not in self._cons:
                path: Path = snapshot.snapshot_path(self.settings, wanted)
                self._cons[wanted] = duckdb.connect(str(path), read_only=True, config=locked_config(self.settings))
                for old in list(self._cons)[:-_OPEN_SNAPSHOTS]:
                    self._cons.pop(old).close()
            return self._cons[wanted].cursor(), wanted

    def close(self) -> None:
        """Close every open snapshot."""
        with self._lock:
            for con in self._cons.values():
                con.close()
            self._cons.clear()

    def run(self, spec: QuerySpec, params: dict[str, Any] | None = None,
            snapshot_id: str | None = None) -> QueryResult:
        """Run a query file with its declared parameters (given values, else defaults), on one snapshot.

        A variant's fixed values are bound too; they are not among its params, so no caller can change them.
        """
        values = {**spec.fixed, **{name: p.default for name, p in spec.params.items()}}
        values.update({k: v for k, v in (params or {}).items() if k in spec.params})
        if self.store is None:
            return self._execute(spec.sql, values, snapshot_id)
        target = self._kept(snapshot_id) if snapshot_id else self.target_snapshot_id()
        stored = self.store.get(target, spec.sql, values)
        if stored is not None:
            return QueryResult(frame=stored.frame, truncated=stored.truncated, snapshot_id=target, params=values)
        result = self._execute(spec.sql, values, target)
        self.store.put(target, spec.query_id, spec.sql, values, result.frame, result.truncated)
        return result

    def run_sql(self, sql: str, snapshot_id: str | None = None) -> QueryResult:
        """Run one ad-hoc reading statement in a SQL worker process, under its memory and time limits.

        The statement is checked here too, so a refusal costs no worker; the worker checks it again and runs
        exactly what DuckDB parsed, on the same locked read-only config as every other reader.
        """
        read_statement(sql)
        target = self._kept(snapshot_id) if snapshot_id else self.target_snapshot_id()
        settings = self.settings
        job = Job(sql=sql, path=str(snapshot.snapshot_path(settings, target)), config=locked_config(settings),
                  row_cap=settings.row_cap, result_bytes=settings.sql_result_mb * 10**6,
                  roots=[str(settings.var_dir), str(REPO_ROOT), str(Path.home())])
        frame, truncated = pool.pool_for(settings).run(job, settings.max_seconds + pool.GRACE_SECONDS)
        return QueryResult(frame=frame, truncated=truncated, snapshot_id=target)

    def _execute(self, sql: str, params: dict[str, Any], snapshot_id: str | None = None) -> QueryResult:
        """Execute a query file's SQL and fetch at most row_cap rows, flagging whether more existed."""
        cursor, snapshot_id = self.connection(snapshot_id)
        try:
            frame, truncated = fetch_capped(cursor, sql, params, self.settings.row_cap)
        finally:
            cursor.close()
        return QueryResult(frame=frame, truncated=truncated, snapshot_id=snapshot_id, params=params)
