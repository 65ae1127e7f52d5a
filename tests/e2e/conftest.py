"""A real `streamlit run` on 127.0.0.1 over the demo warehouse, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from dashboard.base.settings import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "test-artifacts" / "screens"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    """Ask the OS for a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Poll Streamlit's health endpoint until it answers, or fail with the server's output."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {process.stdout.read() if process.stdout else ''}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("streamlit did not become healthy in time")


@contextmanager
def serve(var_dir: Path, env: dict[str, str] | None = None, cwd: Path = REPO_ROOT,
          port: int | None = None) -> Iterator[str]:
    """Run the app over one var folder (extra environment, working folder and port optional) until the block ends.

    Streamlit reads `.streamlit/` (config, secrets) from the working folder.
    """
    port = port or _free_port()
    env = {**os.environ, "DASHBOARD_VAR_DIR": str(var_dir), "PYTHONPATH": str(REPO_ROOT), **(env or {})}
    # As the README and deploy/README.md start it; Streamlit's options pass straight through.
    command = [sys.executable, "-m", "dashboard", "run", "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def server(demo_var: Path) -> Iterator[str]:
    """Serve the app over the demo warehouse for the whole session."""
    with serve(demo_var) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium headless through Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def open_township_list(page: Page) -> None:
    """Open the sidebar's township select until its options show (a rerun ending just after a click closes it)."""
    select = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="街镇").first
    options = page.get_by_role("option")
    for _attempt in range(3):
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
        select.scroll_into_view_if_needed()
        select.click()
        try:
            expect(options.first).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            page.keyboard.press("Escape")
    expect(options.first).to_be_visible()
