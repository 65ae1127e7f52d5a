"""Inside a SQL worker process: run ad-hoc statements one at a time under an operating-system memory limit.

The server starts each worker as a fresh interpreter (see engine/pool.py) and talks to it over one socket.
The limit is RLIMIT_DATA, not RLIMIT_AS: glibc reserves 64 MB of address space per thread's malloc arena, so
a worker holds about 1.1 GB of address space before its first statement while using 200 MB; RLIMIT_DATA counts
the writable memory that can become resident, which is what the server's machine runs out of.
"""

from __future__ import annotations

import os
import pickle
import resource
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import duckdb

from dashboard.engine.sandbox import QueryError, clean_error, error_kind, fetch_capped, hide_paths, read_statement

# After a statement that left the worker's heap above this share of its limit, the worker retires: glibc keeps
# freed memory mapped, so the next statement would start near the limit.
RETIRE_SHARE = 0.5
MEMORY_KINDS = frozenset({"memory", "worker_memory"})


@dataclass(frozen=True)
class Job:
    """One statement for a worker: the snapshot file, its locked config, and how much may come back."""

    sql: str
    path: str
    config: dict[str, Any]
    row_cap: int
    result_bytes: int
    roots: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reply:
    """A worker's answer: rows (sent next, pickled) or an error, and whether the worker stops after it."""

    ok: bool
    truncated: bool = False
    message: str = ""
    kind: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    retire: bool = False


def heap_bytes() -> int:
    """Return this process's writable private memory (VmData), the figure RLIMIT_DATA limits."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def run_job(job: Job) -> tuple[Reply, bytes | None]:
    """Check and run one statement on a fresh read-only connection; return the reply and the pickled rows."""
    try:
        statement = read_statement(job.sql)
        with duckdb.connect(job.path, read_only=True, config=job.config) as con:
            frame, truncated = fetch_capped(con, statement, {}, job.row_cap)
        payload = pickle.dumps(hide_paths(frame, job.roots), protocol=pickle.HIGHEST_PROTOCOL)
        del frame
    except QueryError as exc:
        return Reply(ok=False, message=str(exc), kind=exc.kind, details=exc.details), None
    except (duckdb.Error, MemoryError) as exc:
        return Reply(ok=False, message=clean_error(exc), kind=error_kind(exc)), None
    if len(payload) > job.result_bytes:
        size = f"{len(payload) / 1e6:.0f} MB"
        return Reply(ok=False, message=f"the result takes {size}", kind="too_large", details={"size": size}), None
    return Reply(ok=True, truncated=truncated), payload


def serve(conn: Connection, limit: int) -> None:
    """Answer jobs until the server closes the socket, or until a statement leaves too little memory behind."""
    conn.send(Reply(ok=True, message="ready"))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            reply, payload = run_job(job)
        except Exception as exc:  # a bug here must reach the reader as one line
            reply, payload = Reply(ok=False, message=clean_error(exc), kind="other"), None
        retire = reply.kind in MEMORY_KINDS or heap_bytes() > RETIRE_SHARE * limit
        conn.send(Reply(**{**reply.__dict__, "retire": retire}))
        if payload is not None:
            conn.send_bytes(payload)
        if retire:
            return


def main(argv: list[str] | None = None) -> None:
    """Entry point: `main([socket fd, memory limit in bytes])`, as the pool starts it."""
    fd, limit = (int(v) for v in (argv or sys.argv[1:])[:2])
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = limit if hard == resource.RLIM_INFINITY else min(limit, hard)  # a container may already set a lower one
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    # A core dump of a worker that hit its limit would write its whole heap to disk.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    conn = Connection(fd)
    try:
        serve(conn, limit)
    finally:
        conn.close()
    os._exit(0)  # skip interpreter teardown: nothing is left to flush, and DuckDB's threads need no goodbye
