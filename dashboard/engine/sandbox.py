"""The ad-hoc SQL sandbox's rules, shared by the server and its SQL workers: which statements run, how errors read.

The checks run in the server (a refusal costs no worker) and again in the worker that executes the statement,
so what runs is exactly what was checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dashboard.query.sqlfile import first_line

_VECTOR = 2048
# Paths with glob characters too, since a reader may type /etc/* themselves.
_PATH_RE = re.compile(r"(?:[A-Za-z]:)?(?:/[\w.\-~*?\[\]{}]+){2,}/?")
# Ad-hoc SQL may only read; everything else is also refused by the connection itself (see snapshot.reader_config).
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
# DuckDB's words when the operating system refused memory (the worker's limit), not its own memory_limit.
_OS_REFUSED = ("bad allocation", "Allocation failure")


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


def clean_error(exc: BaseException) -> str:
    """Reduce a DuckDB error to its first line with any filesystem path removed."""
    return _PATH_RE.sub("<path>", first_line(exc))


def error_kind(exc: BaseException) -> str:
    """Name the sort of a failure; read-only and locked settings share one DuckDB exception class.

    Memory the operating system refused (a worker's limit) is `worker_memory`; DuckDB's own memory_limit is `memory`.
    """
    text = str(exc)
    if "read-only mode" in text:
        return "read_only"
    if "configuration has been locked" in text:
        return "locked"
    if isinstance(exc, MemoryError) or (isinstance(exc, duckdb.OutOfMemoryException)
                                        and any(words in text for words in _OS_REFUSED)):
        return "worker_memory"
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


def fetch_capped(cursor: duckdb.DuckDBPyConnection, sql: str | duckdb.Statement, params: dict[str, Any],
                 cap: int) -> tuple[pd.DataFrame, bool]:
    """Execute and fetch at most cap rows, saying whether more existed; DuckDB errors become QueryError."""
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
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    truncated = len(frame) > cap
    return (frame.head(cap) if truncated else frame), truncated


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
