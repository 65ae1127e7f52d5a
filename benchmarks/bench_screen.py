"""The big screen left running: the server's memory while one Chromium tab cycles /screen, and its slope per hour.

    .venv/bin/python -m benchmarks.bench_screen --minutes 60 --every 30 --cycle 5

Serves the app over the var folder (default: the settings' one, read only), opens /screen?cycle=N at 1920×1080,
and samples the resident memory (RSS) of the server process and its children from /proc. The first minutes are
warm-up (caches fill, first scenes built); the slope is a least-squares fit over the samples after it, in MB per
hour, so a day can be extrapolated as the last sample plus 24 × slope.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard.base.settings import load_settings
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, serve

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PAGE_SIZE = 4096


def tree_rss_mb(pid: int) -> float:
    """Return the resident memory of a process and all its descendants, in MB, read from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE_SIZE
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1e6


def cpu_seconds(pid: int) -> float:
    """Return the user and system CPU seconds a process has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pid(port: int) -> int:
    """Return the pid of the process listening on a loopback port (the Streamlit server), from /proc."""
    wanted = f":{port:04X}"
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(wanted) and fields[3] == "0A":  # LISTEN
            inodes.add(fields[9])
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                link = str(fd.readlink())
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return int(proc.name)
        except (PermissionError, FileNotFoundError, ProcessLookupError):
            continue
    raise RuntimeError(f"no process listens on port {port}")


def slope_per_hour(samples: list[tuple[float, float]]) -> float:
    """Return the least-squares slope of (seconds, MB) samples, in MB per hour."""
    n = len(samples)
    if n < 2:
        return 0.0
    mean_t = sum(s for s, _ in samples) / n
    mean_m = sum(m for _, m in samples) / n
    num = sum((s - mean_t) * (m - mean_m) for s, m in samples)
    den = sum((s - mean_t) ** 2 for s, _ in samples) or 1.0
    return num / den * 3600


def main() -> None:
    """Serve, open the screen, sample memory, print the samples and the slope."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between samples")
    parser.add_argument("--cycle", type=int, default=5, help="the screen's seconds per scene")
    parser.add_argument("--warmup", type=float, default=3.0, help="minutes left out of the slope")
    parser.add_argument("--var", type=Path, default=None, help="var folder to serve (default: the settings')")
    args = parser.parse_args()
    var = args.var or load_settings().var_dir
    with serve(var) as url, sync_playwright() as playwright:
        pid = server_pid(int(url.rsplit(":", 1)[1]))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{url}/screen?cycle={args.cycle}", wait_until="domcontentloaded")
        page.wait_for_selector(READY, timeout=120_000)
        start, samples, titles, changes = time.monotonic(), [], None, 0
        cpu_start = cpu_seconds(pid)
        print(f"server pid {pid}; /screen?cycle={args.cycle}; sampling every {args.every:.0f} s "
              f"for {args.minutes:.0f} min", flush=True)
        print(f"{'min':>7} {'server MB':>10} {'scene':<12}", flush=True)
        while (elapsed := time.monotonic() - start) <= args.minutes * 60:
            rss = tree_rss_mb(pid)
            title = page.locator('[data-screen="scene-title"]').first.inner_text(timeout=30_000)
            changes += title != titles
            titles = title
            samples.append((elapsed, rss))
            print(f"{elapsed / 60:7.1f} {rss:10.1f} {title[:12]:<12}", flush=True)
            page.wait_for_timeout(args.every * 1000)
        cpu = cpu_seconds(pid) - cpu_start
        browser.close()
    steady = [s for s in samples if s[0] >= args.warmup * 60] or samples
    slope = slope_per_hour(steady)
    print(f"samples {len(samples)}, scene changes seen {changes}, fragment runs ≈ {elapsed / args.cycle:.0f}")
    print(f"server RSS: first {samples[0][1]:.1f} MB, after warm-up {steady[0][1]:.1f} MB, "
          f"last {samples[-1][1]:.1f} MB, max {max(m for _, m in samples):.1f} MB")
    print(f"server CPU while cycling: {cpu:.1f} s in {elapsed / 60:.0f} min ({cpu / elapsed * 3600:.0f} s per hour)")
    print(f"slope after {args.warmup:.0f} min warm-up: {slope:+.1f} MB/hour; "
          f"a day extrapolated: {samples[-1][1] + slope * 24:.0f} MB")


if __name__ == "__main__":
    main()
