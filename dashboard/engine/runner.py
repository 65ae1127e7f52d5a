"""The one locked-down, read-only connection to the live snapshot, and query execution through it."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.query.sqlfile import QuerySpec, first_line
from dashboard.warehouse import snapshot
from dashboard.warehouse.result_store import ResultStore

# DuckDB keeps one database instance per file and process; every connection to it must share this config.
_VECTOR = 2048
_OPEN_SNAPSHOTS = 2
_SNAPSHOT_ID_RE = re.compile(r"[\w\-]+")
# Paths with glob characters too, since a reader may type /etc/* themselves.
_PATH_RE = re.compile(r"(?:[A-Za-z]:)?(?:/[\w.\-~*?\[\]{}]+){2,}/?")
# Ad-hoc SQL may only read; everything else is also refused by the connection itself (see locked_config).
READ_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
# DuckDB cannot stop sleep_ms (or the pg_sleep macro over it) at the time limit, and query() and
# json_execute_serialized_sql() run SQL assembled at run time, which could hide such a call from this check.
DENIED_FUNCTIONS = frozenset({"sleep_ms", "pg_sleep", "query", "json_execute_serialized_sql"})
_NAME_TOKENS = (duckdb.token_type.identifier, duckdb.token_type.keyword)
_ERROR_KINDS: tuple[tuple[type[duckdb.Error], str], ...] = (
    (duckdb.InterruptException, "timeout"),
    (duckdb.OutOfMemoryException, "memory"),
    (duckdb.PermissionException, "permission"),
    (duckdb.ParserException, "syntax"),
    (duckdb.CatalogException, "catalog"),
    (duckdb.BinderException, "binder"),
)


class QueryError(RuntimeError):
    """A query failed; the message is one line, safe to show (no stack trace, no server paths).

    `kind` names the sort of failure (read_only, permission, timeout, syntax, ...) so the UI can explain it.
    """

    def __init__(self, message: str, kind: str = "other", **details: Any) -> None:
        super().__init__(message)
        self.kind = kind
        self.details = details


@dataclass(frozen=True)
class QueryResult:
    """Rows of one run, whether the row cap cut them, and which snapshot answered."""

    frame: pd.DataFrame
    truncated: bool
    snapshot_id: str
    params: dict[str, Any] = field(default_factory=dict)


def locked_config(settings: Settings) -> dict[str, Any]:
    """Return the sandbox config every reader of a snapshot file shares (see snapshot.reader_config)."""
    return snapshot.reader_config(settings)


def clean_error(exc: BaseException) -> str:
    """Reduce a DuckDB error to its first line with any filesystem path removed."""
    return _PATH_RE.sub("<path>", first_line(exc))


def error_kind(exc: BaseException) -> str:
    """Name the sort of a DuckDB failure; read-only and locked settings share one exception class."""
    text = str(exc)
    if "read-only mode" in text:
        return "read_only"
    if "configuration has been locked" in text:
        return "locked"
    return next((kind for cls, kind in _ERROR_KINDS if isinstance(exc, cls)), "other")


def read_statement(sql: str) -> duckdb.Statement:
    """Parse ad-hoc SQL with DuckDB's own parser and accept exactly one statement that reads."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(clean_error(exc), error_kind(exc)) from exc
    if len(statements) != 1:
        kind = "many_statements" if statements else "no_statement"
        raise QueryError(f"one statement per run, found {len(statements)}", kind, count=len(statements))
    statement = statements[0]
    try:
        kind = statement.type
    except ValueError:  # a statement type the Python enum does not know yet, e.g. UPDATE EXTENSIONS
        kind = None
    if kind not in READ_STATEMENTS:
        name = kind.name if kind else " ".join(str(statement.query).split()[:2]).upper()
        raise QueryError(f"only statements that read run here, not {name}", "not_read", statement=name)
    denied = denied_calls(sql)
    if denied:
        raise QueryError(f"{denied[0]}() cannot be called here", "denied_function", function=denied[0])
    return statement


def denied_calls(sql: str) -> list[str]:
    """Return the denied functions the SQL calls, found with DuckDB's own tokenizer (so not in strings or comments)."""
    data = sql.encode("utf-8")  # token positions are byte offsets
    tokens = [(start, kind) for start, kind in duckdb.tokenize(sql) if kind != duckdb.token_type.comment]
    ends = [start for start, _ in tokens[1:]] + [len(data)]
    texts = [data[start:end].decode("utf-8", "replace").strip() for (start, _), end in zip(tokens, ends, strict=True)]
    found = []
    for i, (_, kind) in enumerate(tokens[:-1]):
        name = texts[i].strip('"').lower()
        if kind in _NAME_TOKENS and name in DENIED_FUNCTIONS and texts[i + 1].startswith("("):
            found.append(name)
    return found


def hide_paths(frame: pd.DataFrame, roots: list[str]) -> pd.DataFrame:
    """Replace server folders inside text cells, where DuckDB's catalog functions would show them."""
    roots = sorted((r for r in roots if len(r) > 1), key=len, reverse=True)

    def hide(value: Any) -> Any:
        if isinstance(value, str):
            for root in roots:
                value = value.replace(root, "<path>")
            return value
        if isinstance(value, list | tuple | np.ndarray):
            return [hide(v) for v in value]
        return value

    text_columns = [i for i, dtype in enumerate(frame.dtypes)
                    if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)]
    if not text_columns or frame.empty:
        return frame
    frame = frame.copy()
    for i in text_columns:
        frame.isetitem(i, frame.iloc[:, i].map(hide))
    return frame


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
        """Run a query file with its declared parameters (given values, else defaults), on one snapshot."""
        values = {name: p.default for name, p in spec.params.items()}
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
        """Run one ad-hoc reading statement with no parameters, exactly as DuckDB parsed and counted it."""
        result = self._execute(read_statement(sql), {}, snapshot_id)
        roots = [str(self.settings.var_dir), str(REPO_ROOT), str(Path.home())]
        return replace(result, frame=hide_paths(result.frame, roots))

    def _execute(self, sql: str | duckdb.Statement, params: dict[str, Any],
                 snapshot_id: str | None = None) -> QueryResult:
        """Execute and fetch at most row_cap rows, flagging whether more existed."""
        cursor, snapshot_id = self.connection(snapshot_id)
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
            raise QueryError(clean_error(exc), error_kind(exc)) from exc
        finally:
            cursor.close()
        frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
        truncated = len(frame) > cap
        return QueryResult(frame=frame.head(cap) if truncated else frame, truncated=truncated,
                           snapshot_id=snapshot_id, params=params)
