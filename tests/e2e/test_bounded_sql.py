"""The ad-hoc SQL page in a real browser: a statement that would take gigabytes stops with one line, under 2 GB."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import serve
from tests.e2e.test_pages import READY, load

pytestmark = pytest.mark.e2e
GB = 10**9
# The first took the server from 381 MB to 7.2 GB before ad-hoc SQL ran in a worker; the second grows step by step.
HOGS = ["select len(range(0, 400000000))", "select list(i) from range(100000000) as r(i)"]


def server_pid(port: int) -> int:
    """Find the Streamlit process serving a port (`python -m dashboard run` execs into it, keeping its pid)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"dashboard.ui.serve" in args and str(port).encode() in args:
            return int(cmdline.parent.name)
    raise LookupError(f"no server on port {port}")


def tree(pid: int) -> list[int]:
    """Return a process and all its descendants."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue += [int(child) for child in task.read_text().split()]
            except OSError:
                continue
    return found


def peak_kb(pid: int) -> int:
    """Return a process's peak resident size (VmHWM) in kB, or 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


class PeakWatch:
    """Sample the peak resident size of every process in a server's tree until stopped."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._record()

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self._record()

    def _record(self) -> None:
        for pid in tree(self.root):
            self.peaks[pid] = max(self.peaks.get(pid, 0), peak_kb(pid))

    def total_bytes(self) -> int:
        """Sum of each process's own peak: at least the tree's peak at any one moment."""
        return sum(self.peaks.values()) * 1024


def test_statement_that_would_take_gigabytes_is_stopped_with_the_server_under_2gb(browser: Browser,
                                                                                  demo_var: Path) -> None:
    with serve(demo_var) as url:
        pid = server_pid(int(url.rsplit(":", 1)[1]))
        page = load(browser, f"{url}/sql?lang=zh")
        with PeakWatch(pid) as watch:
            for statement in HOGS:
                page.locator("textarea").first.fill(statement)
                page.get_by_role("button", name="运行").click()
                page.wait_for_timeout(300)
                page.wait_for_selector(READY, timeout=60_000)
                alert = page.locator('[data-testid="stAlert"]').filter(has_text="内存上限")
                expect(alert).to_have_count(1)
                text = alert.locator('[data-testid="stMarkdownContainer"]').inner_text().strip()
                assert "\n" not in text and text.startswith("这条语句"), text
                assert page.locator('[data-testid="stException"]').count() == 0
            time.sleep(0.5)
        assert len(watch.peaks) >= 2, "the statement ran in the server itself, not in a worker"
        assert watch.total_bytes() < 2 * GB, {p: f"{kb / 1e6:.2f} GB" for p, kb in watch.peaks.items()}
        page.locator("textarea").first.fill("select 42 as 答案")  # the next statement answers as usual
        page.get_by_role("button", name="运行").click()
        page.wait_for_timeout(300)
        page.wait_for_selector(READY, timeout=60_000)
        expect(page.get_by_text("1 行 · 用时", exact=False)).to_have_count(1)
        assert page.locator('[data-testid="stAlert"]').filter(has_text="内存上限").count() == 0
        page.close()
