"""One ad-hoc statement cannot take the machine's memory or the server's time, whatever its values are."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from dashboard.base.i18n import translate
from dashboard.base.settings import REPO_ROOT, Settings
from dashboard.engine.pool import WorkerPool, size_bytes
from dashboard.engine.runner import QueryError, Runner, locked_config
from dashboard.engine.sqlerrors import explain_error
from dashboard.engine.worker import Job
from dashboard.warehouse import snapshot

GB = 10**9
# Each of these took 3 to 15.6 GB in the server's own process before ad-hoc SQL ran in a worker.
HOGS = ["select len(range(0, 400000000))", "select list(i) from range(100000000) as r(i)"]
# Prints the largest resident size of any process the command started (the CLI and its SQL worker), in kB.
PEAK = ("import json, resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(json.dumps([done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.stdout, "
        "done.stderr]))")


def run_cli(statement: str, var_dir: Path, *options: str) -> tuple[int, int, str, str]:
    """Run `python -m dashboard sql` as a person would; return exit code, peak RSS in bytes, stdout and stderr.

    The command writes to the audit log, so it runs on a private copy of the warehouse folder.
    """
    private = Path(tempfile.mkdtemp(prefix="bounded-sql-")) / "var"
    shutil.copytree(var_dir, private)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "DASHBOARD_VAR_DIR": str(private)}
    command = [sys.executable, "-c", PEAK, sys.executable, "-m", "dashboard", "sql", statement, *options]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=True)
    code, peak, out, err = json.loads(done.stdout)
    return code, peak * 1024, out, err


@pytest.mark.parametrize("statement", ["select repeat('x', 1000000000)", HOGS[0]])
def test_cli_statement_that_would_take_gigabytes_stops_under_2gb_with_one_line(statement: str,
                                                                              fixture_var: Path) -> None:
    code, peak, out, err = run_cli(statement, fixture_var)
    assert code == 1 and out == ""
    assert peak < 2 * GB, f"peak resident size {peak / GB:.2f} GB"
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "内存上限" in lines[0], err
    assert "Traceback" not in err and str(fixture_var) not in err


def test_memory_hogs_are_refused_and_the_next_statement_answers(fixture_settings: Settings) -> None:
    runner = Runner(fixture_settings)
    for statement in HOGS:
        with pytest.raises(QueryError) as info:
            runner.run_sql(statement)
        assert info.value.kind == "worker_memory"
        line = explain_error(info.value, "zh", fixture_settings)
        assert line == translate("workbench.error.worker_memory", "zh", limit=fixture_settings.sql_worker_memory)
        assert runner.run_sql("select count(*) as n from townships").frame["n"].iloc[0] > 0


def test_worker_limit_follows_the_setting(fixture_settings: Settings) -> None:
    statement = "select len(range(0, 40000000)) as n"  # a list of 320 MB
    small = Settings(**{**fixture_settings.__dict__, "sql_worker_memory": "600MB"})
    with pytest.raises(QueryError) as info:
        Runner(small).run_sql(statement)
    assert info.value.kind == "worker_memory" and "600MB" in explain_error(info.value, "en", small)
    assert Runner(fixture_settings).run_sql(statement).frame["n"].iloc[0] == 40_000_000


def test_a_result_too_large_to_send_back_is_refused(fixture_settings: Settings) -> None:
    # A 1 MB cap and a 5 MB result: far below the worker's memory limit, so only the size check can refuse it.
    small = Settings(**{**fixture_settings.__dict__, "sql_result_mb": 1})
    with pytest.raises(QueryError) as info:
        Runner(small).run_sql("select repeat('x', 10000) as v from range(500)")
    assert info.value.kind == "too_large"
    assert "MB" in explain_error(info.value, "zh", small)


def job(settings: Settings, sql: str) -> Job:
    """Describe a statement on the live fixture snapshot as the runner does."""
    return Job(sql=sql, path=str(snapshot.current_snapshot_path(settings)), config=locked_config(settings),
               row_cap=settings.row_cap, result_bytes=64 * 10**6)


SLOW = "select count(*) from range(100000) as a, range(100000) as b, range(1000) as c"


def test_a_statement_over_the_wall_clock_is_ended_and_its_worker_replaced(fixture_settings: Settings) -> None:
    pool = WorkerPool(1, size_bytes("1GB"))
    try:
        pool.run(job(fixture_settings, "select 1"), 30)  # started, so the time below is the statement's own
        with pytest.raises(QueryError) as info:
            pool.run(job(fixture_settings, SLOW), 1)
        assert info.value.kind == "timeout"
        frame, truncated = pool.run(job(fixture_settings, "select 42 as n"), 30)
        assert frame["n"].tolist() == [42] and not truncated
    finally:
        pool.close()


def test_a_worker_that_dies_mid_statement_is_reported_and_replaced(fixture_settings: Settings) -> None:
    pool = WorkerPool(1, size_bytes("1GB"))
    try:
        pool.run(job(fixture_settings, "select 1"), 30)
        worker = pool._idle[0]
        threading.Timer(1.0, lambda: os.kill(worker.process.pid, 9)).start()
        start = time.monotonic()
        with pytest.raises(QueryError) as info:
            pool.run(job(fixture_settings, SLOW), 30)
        assert info.value.kind == "worker_stopped" and time.monotonic() - start < 20
        assert "SIGKILL" in str(info.value)
        line = explain_error(info.value, "zh", fixture_settings)
        assert "\n" not in line and "内存上限" in line
        frame, _ = pool.run(job(fixture_settings, "select 7 as n"), 30)
        assert frame["n"].tolist() == [7]
    finally:
        pool.close()


def test_statements_wait_for_a_free_worker_then_say_they_are_busy(fixture_settings: Settings) -> None:
    pool = WorkerPool(1, size_bytes("1GB"))
    try:
        pool.run(job(fixture_settings, "select 1"), 30)
        outcome: list[str] = []

        def run_slow() -> None:
            try:
                pool.run(job(fixture_settings, SLOW), 4)
            except QueryError as exc:
                outcome.append(exc.kind)

        slow = threading.Thread(target=run_slow)
        slow.start()
        time.sleep(0.5)
        with pytest.raises(QueryError) as info:
            pool.run(job(fixture_settings, "select 1"), 1)
        assert info.value.kind == "busy"
        slow.join()
        assert outcome == ["timeout"]
        assert pool.run(job(fixture_settings, "select 3 as n"), 30)[0]["n"].tolist() == [3]
    finally:
        pool.close()
