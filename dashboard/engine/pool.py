"""A few long-lived SQL worker processes, so one ad-hoc statement cannot take the server past its limits.

Each worker is a fresh interpreter started with subprocess (never a fork of the threaded server; multiprocessing's
spawn would also re-import the server's main module, Streamlit and Plotly, in every worker). A worker that dies,
overruns the time limit or retires after a memory-hungry statement is replaced at once, before the next statement.
"""

from __future__ import annotations

import atexit
import os
import pickle
import re
import signal
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection, Pipe

import pandas as pd

from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.sandbox import QueryError
from dashboard.engine.worker import Job, Reply

# Beyond DuckDB's own max_execution_time: connecting, and turning the capped rows into a frame, take time too.
GRACE_SECONDS = 3
# A fresh interpreter imports DuckDB and pandas in about a second; far longer on a machine busy with other work.
START_SECONDS = 60
_ENTRY = "from dashboard.engine.worker import main; main()"
# DuckDB hands rows to pandas through Arrow, whose own allocator maps far more than it touches (1.4 GB for a
# 100 MB result): under the worker's limit on mapped memory that refused results a tenth of its size.
_WORKER_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system"}
_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
_SIZE_RE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]I?B|B)?\s*", re.IGNORECASE)


def size_bytes(text: str) -> int:
    """Read a size written as DuckDB writes memory_limit ("1GB" is 10^9 bytes, "1GiB" 2^30)."""
    match = _SIZE_RE.fullmatch(text)
    if not match:
        raise ValueError(f"not a size: {text!r} (write e.g. 1GB or 1536MB)")
    return int(float(match.group(1)) * _UNITS[(match.group(2) or "").upper()])


class WorkerStopped(Exception):
    """The worker process ended or was ended before it answered."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class Worker:
    """One SQL worker process and the server's end of its socket."""

    def __init__(self, limit: int) -> None:
        ours, theirs = Pipe(duplex=True)
        path = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _ENTRY, str(theirs.fileno()), str(limit)], pass_fds=(theirs.fileno(),),
                env={**os.environ, "PYTHONPATH": path, **_WORKER_ENV}, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        self.conn: Connection = ours
        self.ready = False

    def ask(self, job: Job, seconds: float) -> tuple[Reply, bytes | None]:
        """Send one job and wait at most `seconds` for its reply (after the worker has started)."""
        if not self.ready:
            self._receive(START_SECONDS, "the SQL worker did not start")
            self.ready = True
        try:
            self.conn.send(job)
        except OSError as exc:
            raise self._ended() from exc
        reply = self._receive(seconds, f"stopped after {seconds:.0f} s", kind="timeout")
        return reply, (self._payload(job.result_bytes) if reply.ok else None)

    def _receive(self, seconds: float, overdue: str, kind: str = "worker_stopped") -> Reply:
        """Wait for the next reply; a late one means the worker is ended, a missing one that it died."""
        try:
            if not self.conn.poll(seconds):
                self.stop()
                raise WorkerStopped(overdue, kind)
            return self.conn.recv()
        except (EOFError, OSError) as exc:
            raise self._ended() from exc

    def _payload(self, limit: int) -> bytes:
        """Receive the pickled rows that follow a good reply."""
        try:
            return self.conn.recv_bytes(limit + 1)
        except (EOFError, OSError) as exc:
            raise self._ended() from exc

    def _ended(self) -> WorkerStopped:
        """Describe how the worker process ended (it has closed its socket)."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.stop()
            code = self.process.returncode
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
        return WorkerStopped(f"the SQL worker process stopped ({how})", "worker_stopped")

    def stop(self) -> None:
        """End the process now and close the socket."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.conn.close()


class WorkerPool:
    """Up to `size` workers, started when first needed; a statement waits for a free one."""

    def __init__(self, size: int, limit: int) -> None:
        self.size = max(1, size)
        self.limit = limit
        self._changed = threading.Condition()
        self._idle: list[Worker] = []
        self._count = 0

    def run(self, job: Job, seconds: float) -> tuple[pd.DataFrame, bool]:
        """Run a job on a free worker within `seconds`; return the rows and whether the row cap cut them."""
        worker = self._take(seconds)
        keep = False
        try:
            reply, payload = worker.ask(job, seconds)
            keep = not reply.retire
        except WorkerStopped as exc:
            raise QueryError(str(exc), exc.kind) from None
        finally:
            self._give_back(worker, keep)
        if not reply.ok:
            raise QueryError(reply.message, reply.kind, **reply.details)
        assert payload is not None
        return pickle.loads(payload), reply.truncated  # our own worker pickled a frame of values

    def warm(self) -> None:
        """Start one worker ahead of the first statement, so its start-up does not count against the reader."""
        with self._changed:
            if self._count:
                return
            self._count += 1
        self._give_back(None, False)

    def close(self) -> None:
        """Stop every idle worker (a busy one stops when its server end is garbage-collected or the server exits)."""
        with self._changed:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
        for worker in idle:
            worker.stop()

    def _take(self, seconds: float) -> Worker:
        """Return an idle worker, start one when fewer than `size` exist, or wait for one to come back."""
        deadline = time.monotonic() + seconds
        with self._changed:
            while not self._idle and self._count >= self.size:
                if not self._changed.wait(max(0.0, deadline - time.monotonic())):
                    raise QueryError(f"all {self.size} SQL workers are busy", "busy", workers=self.size)
            if self._idle:
                return self._idle.pop()
            self._count += 1
        return self._start()

    def _give_back(self, worker: Worker | None, keep: bool) -> None:
        """Make a worker idle again, or stop it and start its replacement straight away."""
        if worker is not None and not keep:
            worker.stop()
        if worker is None or not keep:
            worker = self._start()
        with self._changed:
            self._idle.append(worker)
            self._changed.notify()

    def _start(self) -> Worker:
        """Start a worker process, giving its place back if that fails."""
        try:
            return Worker(self.limit)
        except OSError:
            with self._changed:
                self._count -= 1
                self._changed.notify()
            raise


_POOLS: dict[tuple[int, int], WorkerPool] = {}
_POOLS_LOCK = threading.Lock()


def pool_for(settings: Settings) -> WorkerPool:
    """Return this process's pool for the settings' worker count and memory limit."""
    key = (settings.sql_workers, size_bytes(settings.sql_worker_memory))
    with _POOLS_LOCK:
        if key not in _POOLS:
            _POOLS[key] = WorkerPool(*key)
        return _POOLS[key]


@atexit.register
def _close_pools() -> None:
    """Stop the idle workers when the server or the CLI exits."""
    for pool in list(_POOLS.values()):
        pool.close()
