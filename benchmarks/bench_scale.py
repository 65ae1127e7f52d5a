"""Benchmark: page times in Chromium on a scaled warehouse, beside a trivial Streamlit app and bare DuckDB.

Run: `.venv/bin/python -m benchmarks.bench_scale [--questionnaires 10000000] [--visits 5000000] [--viewers 0]
[--replicas 1] [--minutes 3] [--think 5] [--after 180] [--keep DIR]`. Prints figures only, asserts nothing about time.
Everything happens in a private var folder (temporary, or --keep DIR to reuse a scaled one); the live one is
not touched. Each app page is timed on a freshly started server, so "cold" is the first visit after start.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from playwright.async_api import Browser, Page, async_playwright
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from benchmarks import sessions
from dashboard.base.settings import REPO_ROOT, Settings, load_settings
from dashboard.engine.runner import QueryError, Runner
from dashboard.metrics.warmup import warm
from dashboard.query.registry import load_registry
from dashboard.warehouse import snapshot
from dashboard.warehouse.result_store import ResultStore
from tests.e2e.test_replicas import ROUTE_COOKIE, run_nginx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
APP = REPO_ROOT / "dashboard" / "app.py"
TRIVIAL_APP = REPO_ROOT / "benchmarks" / "trivial_app.py"
EXCEPTION = '[data-testid="stException"]'
SCALED_SUFFIX = "-scaled"
TIMEOUT_S = 300
WARM_VISITS = 5
HOLD_MS = 800  # the page must stay ready this long, so a rerun right after the first run is not missed
VIEWPORT = {"width": 1400, "height": 900}
# Page name -> URL path (the overview is the default page, served at the root) and the query folders it runs.
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "overview": ("", ("indicators", "published")),
    "voice": ("voice", ("voice",)),
    "renovation": ("renovation", ("renovation",)),
    "services": ("services", ("services",)),
}
TARGETS = "targets: warm ≤ 2× trivial warm, cold ≤ trivial cold + 5 s"

# Returns the epoch ms at which the page became ready, once it has stayed so for `hold` ms; false until then.
# Ready: the script run has ended (READY), no element still shows its loading skeleton (Streamlit mounts each
# element's component lazily and can report notRunning before the charts exist), and every Plotly chart drew.
READY_JS = """(hold) => {
    const app = document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]');
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    const loading = document.querySelector('[data-testid="stSkeleton"]');
    if (!app || loading || !charts.every(c => c.querySelector('.main-svg'))) {
        window.__benchReadySince = null;
        return false;
    }
    const now = performance.timeOrigin + performance.now();
    window.__benchReadySince = window.__benchReadySince || now;
    return now - window.__benchReadySince >= hold ? window.__benchReadySince : false;
}"""

# Independent benchmark SQL, not part of the product: grow the two biggest tables with deterministic rows over
# the communities, concerns and dates they already hold (2017-09-01 .. 2018-10-25 is 420 days).
GROW_QUESTIONNAIRES = """
insert into questionnaires
select
    'SQ' || r.i,
    e.communities[1 + (hash(r.i, 'community') % len(e.communities))::bigint],
    date '2017-09-01' + (hash(r.i, 'day') % 420)::integer,
    ['18-34', '35-59', '60+'][1 + (hash(r.i, 'age') % 3)::bigint],
    (1 + hash(r.i, 'satisfaction') % 5)::tinyint,
    (1 + hash(r.i, 'gain') % 5)::tinyint,
    hash(r.i, 'recognises') % 10 < 7,
    e.concerns[1 + (hash(r.i, 'concern') % len(e.concerns))::bigint]
from range($rows) as r (i)
cross join (
    select
        list(distinct community_id order by community_id) as communities,
        list(distinct top_concern order by top_concern) filter (where top_concern is not null) as concerns
    from questionnaires
) as e
"""
GROW_VISITS = """
insert into household_visits
select
    'SV' || r.i,
    e.communities[1 + (hash(r.i, 'community') % len(e.communities))::bigint],
    date '2017-09-01' + (hash(r.i, 'day') % 420)::integer,
    (hash(r.i, 'issues') % 5)::tinyint
from range($rows) as r (i)
cross join (select list(distinct community_id order by community_id) as communities from household_visits) as e
"""
# The scaled copy records itself as one more demo event, so `dashboard build` may still replace it.
RECORD_EVENT = """
insert into snapshot_info
select $id, now()::timestamp, as_of, 'demo', $description, schema_hash, snapshot_id, $added, 0, 0
from snapshot_info order by built_at desc limit 1
"""


class ServerError(RuntimeError):
    """Raised when a Streamlit server does not come up."""


@dataclass
class Visit:
    """One page visit: seconds from goto until ready, and what went wrong (None when nothing)."""

    seconds: float
    error: str | None = None


@dataclass
class PageTiming:
    """Single-user figures for one page."""

    cold: Visit
    warm: list[Visit]
    beside: list[Visit] = field(default_factory=list)  # trivial-page visits made between the warm ones
    peak_rss_mb: float = 0.0
    bare_first: float = 0.0
    bare_second: float = 0.0
    bare_queries: int = 0
    bare_errors: int = 0

    @property
    def warm_median(self) -> float:
        """Median of the warm visits."""
        return statistics.median(v.seconds for v in self.warm)

    @property
    def beside_median(self) -> float | None:
        """Median of the trivial-page visits made between this page's warm ones, if any."""
        return statistics.median(v.seconds for v in self.beside) if self.beside else None

    @property
    def errors(self) -> int:
        """Visits that timed out or showed an exception."""
        return sum(v.error is not None for v in [self.cold, *self.warm])


@dataclass
class Server:
    """A running `streamlit run` and where it listens."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class Servers:
    """Every server started, so all are stopped at the end whatever happened."""

    log_dir: Path
    var_dir: Path
    running: list[Server] = field(default_factory=list)

    @contextmanager
    def serve(self, script: Path, name: str) -> Iterator[Server]:
        """Run `streamlit run script` on a free loopback port until the block ends."""
        server = self.start(script, name)
        try:
            yield server
        finally:
            self.stop(server)

    def start(self, script: Path, name: str) -> Server:
        """Start one server and wait until it answers its health check, or raise ServerError."""
        port = free_port()
        env = {**os.environ, "DASHBOARD_VAR_DIR": str(self.var_dir), "PYTHONPATH": str(REPO_ROOT),
               "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
        options = ["--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
                   "--browser.gatherUsageStats", "false"]
        # The app is started as the README starts it; the trivial page has no such command.
        launcher = ["dashboard", "run"] if script == APP else ["streamlit", "run", str(script)]
        command = [sys.executable, "-m", *launcher, *options]
        log = self.log_dir / f"{name}-{port}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)
        server = Server(f"http://127.0.0.1:{port}", process, log)
        self.running.append(server)
        try:
            wait_healthy(server)
        except ServerError:
            self.stop(server)
            raise
        return server

    def stop(self, server: Server) -> None:
        """Stop one server, killing it if it does not exit in time."""
        if server in self.running:
            self.running.remove(server)
        if server.process.poll() is None:
            server.process.terminate()
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()

    def stop_all(self) -> None:
        """Stop every server still running."""
        for server in list(self.running):
            self.stop(server)


def free_port() -> int:
    """Ask the OS for a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(server: Server, seconds: float = 120) -> None:
    """Poll Streamlit's health endpoint until it answers, or raise ServerError with the end of its log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(f"streamlit exited ({server.process.returncode}):\n{log_tail(server.log)}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise ServerError(f"streamlit did not answer at {server.url} in {seconds:.0f} s:\n{log_tail(server.log)}")


def log_tail(log: Path, lines: int = 20) -> str:
    """Return the last lines of a server log."""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def proc_mb(pid: int, key: str) -> float:
    """Return one memory figure (VmRSS, VmHWM) of a process from /proc, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load_note() -> str:
    """Describe the machine's load average, since other work on the same cores skews every time."""
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def child_env(var_dir: Path) -> dict[str, str]:
    """Return the environment pointing the dashboard CLI at the private var folder."""
    env = dict(os.environ, DASHBOARD_VAR_DIR=str(var_dir))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def scaled_counts(settings: Settings) -> tuple[str, int, int] | None:
    """Return the live snapshot id and its two row counts when it is a scaled one, else None."""
    try:
        live = snapshot.current_snapshot_id(settings)
    except snapshot.NoSnapshotError:
        return None
    if not live.endswith(SCALED_SUFFIX):
        return None
    with duckdb.connect(str(snapshot.snapshot_path(settings, live)), read_only=True) as con:
        questionnaires = con.execute("select count(*) from questionnaires").fetchone()[0]
        visits = con.execute("select count(*) from household_visits").fetchone()[0]
    return live, questionnaires, visits


def build_scaled(settings: Settings, questionnaires: int, visits: int) -> None:
    """Build the demo warehouse, copy its snapshot, grow the copy to the row counts and publish it; print figures."""
    found = scaled_counts(settings)
    if found and found[1:] == (questionnaires, visits):
        size = snapshot.snapshot_path(settings, found[0]).stat().st_size / 1024 / 1024
        print(f"reusing scaled snapshot {found[0]} in {settings.var_dir}: "
              f"{found[1]:,} questionnaires, {found[2]:,} household visits, {size:,.0f} MB")
        # Results earlier runs' pages stored would make "cold" warmer than a fresh publish leaves it.
        shutil.rmtree(ResultStore(settings).folder(found[0]), ignore_errors=True)
        print_warm(settings, found[0], None)
        return
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "dashboard", "build"], env=child_env(settings.var_dir),
                          cwd=REPO_ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"`python -m dashboard build` failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    demo_seconds = time.perf_counter() - start

    start = time.perf_counter()
    base = snapshot.current_snapshot_id(settings)
    new_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + SCALED_SUFFIX
    target = snapshot.snapshot_path(settings, new_id)
    shutil.copyfile(snapshot.snapshot_path(settings, base), target)
    added = {}
    with duckdb.connect(str(target)) as con:
        for table, rows, sql in (("questionnaires", questionnaires, GROW_QUESTIONNAIRES),
                                 ("household_visits", visits, GROW_VISITS)):
            have = con.execute(f"select count(*) from {table}").fetchone()[0]
            added[table] = max(0, rows - have)
            if added[table]:
                con.execute(sql, {"rows": added[table]})
        description = (f"bench_scale: questionnaires grown to {questionnaires:,}, "
                       f"household visits to {visits:,}")
        con.execute(RECORD_EVENT, {"id": new_id, "description": description, "added": sum(added.values())})
        con.execute("checkpoint")
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in added}
    grown_seconds = time.perf_counter() - start
    print_warm(settings, new_id, None)  # as a load does before it publishes
    snapshot.publish(settings, new_id)
    for old in settings.snapshots_dir.glob(f"*{SCALED_SUFFIX}.duckdb"):  # earlier scaled copies in a --keep folder
        if old.stem != new_id:
            old.unlink(missing_ok=True)
    size = target.stat().st_size / 1024 / 1024
    print(f"demo warehouse built in {demo_seconds:.1f} s; scaled to {counts['questionnaires']:,} questionnaires "
          f"(+{added['questionnaires']:,}) and {counts['household_visits']:,} household visits "
          f"(+{added['household_visits']:,}) in {grown_seconds:.1f} s; "
          f"snapshot {new_id}, {size:,.0f} MB")


def print_warm(settings: Settings, snapshot_id: str, base_id: str | None) -> None:
    """Warm a snapshot's stored results as a write does before publishing, and print the time and size."""
    report = warm(settings, snapshot_id, base_id)
    files = list(ResultStore(settings).folder(snapshot_id).glob("*"))
    size = sum(f.stat().st_size for f in files) / 1024 / 1024
    print(f"{report.line()}; {len(files)} stored results, {size:.1f} MB")


async def visit(page: Page, url: str) -> Visit:
    """Open url in page and return the seconds until the script run ended and every chart drew."""
    start = time.time()
    try:
        await page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        left_ms = max(1.0, (start + TIMEOUT_S - time.time()) * 1000)
        handle = await page.wait_for_function(READY_JS, arg=HOLD_MS, polling=100, timeout=left_ms)
        ready_at = float(await handle.json_value()) / 1000
        errors = await page.locator(EXCEPTION).count()
        return Visit(ready_at - start, "exception" if errors else None)
    except PlaywrightTimeout:
        return Visit(time.time() - start, "timeout")
    except PlaywrightError as exc:
        return Visit(time.time() - start, f"browser: {str(exc).splitlines()[0]}")


async def fresh_visit(browser: Browser, url: str) -> Visit:
    """Visit url in a new browser context (no cookies, no HTTP cache), then close it."""
    context = await browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    try:
        return await visit(await context.new_page(), url)
    finally:
        await context.close()


async def time_page(browser: Browser, url: str, name: str, beside: str | None = None) -> PageTiming:
    """Time the cold visit and the warm ones of one page, each warm one after a visit of `beside` (the trivial page).

    Pairing the visits means both see the same load on the machine, so their ratio holds when it drifts.
    """
    cold = await fresh_visit(browser, url)
    warm, paired = [], []
    for _ in range(WARM_VISITS):
        if beside:
            paired.append(await fresh_visit(browser, beside))
        warm.append(await fresh_visit(browser, url))
    marks = " ".join(f"{v.seconds:.2f}{'!' + v.error if v.error else ''}" for v in warm)
    print(f"  {name:12} cold {cold.seconds:7.2f} s{' !' + cold.error if cold.error else ''}   warm {marks}"
          + (f"   trivial between {' '.join(f'{v.seconds:.2f}' for v in paired)}" if paired else ""), flush=True)
    return PageTiming(cold, warm, paired)


def bare_times(settings: Settings, timings: dict[str, PageTiming]) -> None:
    """Run each page's query files twice on a fresh runner, storing the total seconds of each pass."""
    registry = load_registry(settings.queries_dir)
    for name, (_path, sections) in PAGES.items():
        specs = [spec for section in sections for spec in registry.in_section(section)]
        runner = Runner(settings)
        passes = []
        errors = 0
        for _ in range(2):
            start = time.perf_counter()
            for spec in specs:
                try:
                    runner.run(spec)
                except QueryError as exc:
                    errors += 1
                    print(f"  bare {spec.query_id}: {exc}")
            passes.append(time.perf_counter() - start)
        runner.close()
        timing = timings[name]
        timing.bare_first, timing.bare_second = passes
        timing.bare_queries, timing.bare_errors = len(specs), errors


def print_table(trivial: PageTiming, timings: dict[str, PageTiming]) -> None:
    """Print the single-user table against the trivial app, with the bare DuckDB totals and peak RSS."""
    print(f"\n{'page':12} {'cold s':>8} {'warm s':>8} {'warm÷triv':>10} {'cold−triv':>10} {'bare 1st':>9} "
          f"{'bare 2nd':>9} {'queries':>8} {'peak MB':>8} {'errors':>7}")
    print(f"{'trivial':12} {trivial.cold.seconds:8.2f} {trivial.warm_median:8.2f} {1:10.2f} {0:10.2f} "
          f"{'':>9} {'':>9} {'':>8} {trivial.peak_rss_mb:8.0f} {trivial.errors:7d}")
    for name, t in timings.items():
        ratio = t.warm_median / (t.beside_median or trivial.warm_median)
        extra = t.cold.seconds - trivial.cold.seconds
        verdict = ("warm ok" if ratio <= 2 else "warm MISS") + ", " + ("cold ok" if extra <= 5 else "cold MISS")
        print(f"{name:12} {t.cold.seconds:8.2f} {t.warm_median:8.2f} {ratio:10.2f} {extra:10.2f} "
              f"{t.bare_first:9.2f} {t.bare_second:9.2f} {t.bare_queries:8d} {t.peak_rss_mb:8.0f} "
              f"{t.errors + t.bare_errors:7d}  {verdict}")
    print(TARGETS)
    print(f"warm = median of {WARM_VISITS} visits, each in a new browser context and each after a trivial-page "
          "visit; warm÷triv = that median over the median of those trivial visits; cold = the first visit after "
          "the server started, on a snapshot warmed as a write warms it before publishing; bare = the page's "
          "query folders run through Runner with default params and no stored results (1st pass on a fresh "
          "connection, 2nd right after)")
    peak = max(t.peak_rss_mb for t in timings.values())
    print(f"app peak RSS (VmHWM) after the page timings: {peak:,.0f} MB (largest of the per-page servers; "
          f"trivial app {trivial.peak_rss_mb:,.0f} MB)")


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of values (share in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


async def browser_viewer(browser: Browser, base: str, deadline: float, think: float,
                         log: list[tuple[str, Visit]]) -> None:
    """Cycle overview → voice → renovation → services in Chromium until the deadline, logging every visit.

    Each visit gets a new context, as the single-user warm visits do, so the two figures compare.
    """
    while time.monotonic() < deadline:
        for name, (path, _sections) in PAGES.items():
            if time.monotonic() >= deadline:
                break
            log.append((name, await fresh_visit(browser, f"{base}/{path}")))
            await asyncio.sleep(think)


async def session_viewer(base: str, deadline: float, think: float, offset: float, viewer_id: int,
                         log: list[tuple[str, Visit]]) -> None:
    """Cycle the main pages as a tab does (a new session per page) over the protocol until the deadline."""
    await asyncio.sleep(offset)  # viewers arrive spread over one reading pause, not all in the same instant
    cookie = f"{ROUTE_COOKIE}=viewer-{viewer_id}"  # each browser holds its own route cookie from nginx
    while time.monotonic() < deadline:
        for name, (path, _sections) in PAGES.items():
            if time.monotonic() >= deadline:
                break
            done = await sessions.visit(base, path, cookie=cookie)
            log.append((name, Visit(done.seconds, done.error)))
            await asyncio.sleep(think)


def spread(log: list[tuple[str, Visit]], reference: dict[str, float], label: str) -> None:
    """Print per-page visits, median, p95 and errors against 3× a single viewer's warm median."""
    print(f"\n{label}\n{'page':12} {'visits':>7} {'median s':>9} {'p95 s':>8} {'errors':>7} {'single s':>9} "
          f"{'p95÷single':>11}")
    for name in [*PAGES, "all"]:
        visits = [v for n, v in log if name in (n, "all")]
        good = [v.seconds for v in visits if v.error is None]
        single = reference[name]
        if not good:
            print(f"{name:12} {len(visits):7d} {'-':>9} {'-':>8} {len(visits):7d} {single:9.2f}")
            continue
        p95 = percentile(good, 0.95)
        print(f"{name:12} {len(visits):7d} {statistics.median(good):9.2f} {p95:8.2f} {len(visits) - len(good):7d} "
              f"{single:9.2f} {p95 / single:11.2f}")
    kinds = sorted({v.error for _n, v in log if v.error})
    if kinds:
        print("  errors: " + ", ".join(f"{k} ×{sum(v.error == k for _n, v in log)}" for k in kinds))


async def single_sessions(base: str) -> dict[str, float]:
    """Return each page's median over three protocol visits by one session alone (and their overall median)."""
    medians, every = {}, []
    for name, (path, _sections) in PAGES.items():
        times = [(await sessions.visit(base, path)).seconds for _ in range(3)]
        medians[name] = statistics.median(times)
        every += times
    medians["all"] = statistics.median(every)
    return medians


async def bench_viewers(browser: Browser, servers: Servers, args: argparse.Namespace,
                        timings: dict[str, PageTiming]) -> None:
    """Run N protocol sessions and one Chromium viewer on one warmed-up server; print page times and memory.

    Twenty Chromium renderers on the server's own two cores would measure the renderers (each needs seconds of
    CPU per page, on its reader's own device in real use). The sessions send and receive what a tab does, so the
    server does all its real work; the Chromium viewer beside them shows what a person waits for meanwhile.
    """
    front = "one app process" if args.replicas == 1 else f"{args.replicas} app processes behind nginx"
    print(f"\n{args.viewers} concurrent sessions over Streamlit's protocol, plus 1 Chromium viewer, on {front}, "
          f"for {args.minutes:g} min, {args.think:g} s between pages; {load_note()}", flush=True)
    with ExitStack() as stack:
        replicas = [stack.enter_context(servers.serve(APP, f"viewers-{i}")) for i in range(args.replicas)]
        base = replicas[0].url
        if args.replicas == 2:
            ports = (int(replicas[0].url.rsplit(":", 1)[1]), int(replicas[1].url.rsplit(":", 1)[1]))
            base = stack.enter_context(run_nginx(free_port(), ports, servers.log_dir / "nginx"))
        for i in range(args.replicas):  # fill each replica's caches, as earlier readers would
            for path, _sections in PAGES.values():
                await sessions.visit(base, path, cookie=f"{ROUTE_COOKIE}=viewer-{i}")
            await fresh_visit(browser, f"{base}/{PAGES['overview'][0]}")
        single = await single_sessions(base)
        print("  one session alone, warm (s): " + ", ".join(f"{n} {v:.2f}" for n, v in single.items()))
        pids = [r.process.pid for r in replicas]
        rss_start = sum(proc_mb(pid, "VmRSS") for pid in pids)
        session_log: list[tuple[str, Visit]] = []
        browser_log: list[tuple[str, Visit]] = []
        deadline = time.monotonic() + args.minutes * 60
        await asyncio.gather(
            browser_viewer(browser, base, deadline, args.think, browser_log),
            *(session_viewer(base, deadline, args.think, i * args.think / args.viewers, i, session_log)
              for i in range(args.viewers)))
        peak = sum(proc_mb(pid, "VmHWM") for pid in pids)
        rss_end = sum(proc_mb(pid, "VmRSS") for pid in pids)
        print(f"  sessions closed; waiting {args.after:g} s for memory to settle", flush=True)
        await asyncio.sleep(args.after)
        rss_after = sum(proc_mb(pid, "VmRSS") for pid in pids)

    spread(session_log, single, f"{args.viewers} protocol sessions (seconds from connect to the run's end)")
    chromium_single = {name: t.warm_median for name, t in timings.items()}
    chromium_single["all"] = statistics.median(v.seconds for t in timings.values() for v in t.warm)
    spread(browser_log, chromium_single, "the Chromium viewer meanwhile (seconds from goto to ready + charts drawn; "
                                         "single = its warm median alone)")
    errors = sum(v.error is not None for _n, v in [*session_log, *browser_log])
    seen = [v.seconds for _n, v in browser_log if v.error is None]
    if seen:
        p95, target = percentile(seen, 0.95), 3 * chromium_single["all"]
        print(f"target (page time as a reader waits for it, in Chromium): 0 errors and p95 ≤ 3× the warm median "
              f"alone ({target:.2f} s): {errors} errors, p95 {p95:.2f} s, "
              f"{'meets' if p95 <= target and not errors else 'MISSES'} it")
    served = [v.seconds for _n, v in session_log if v.error is None]
    if served:
        print(f"server alone: session p95 {percentile(served, 0.95):.2f} s = "
              f"{percentile(served, 0.95) / single['all']:.1f}× one session's warm median ({single['all']:.2f} s)")
    print(f"app RSS{' (all replicas)' if args.replicas > 1 else ''}: start {rss_start:,.0f} MB, peak (VmHWM) "
          f"{peak:,.0f} MB, at the end {rss_end:,.0f} MB, {args.after:g} s after the sessions closed "
          f"{rss_after:,.0f} MB", flush=True)


async def bench_pages(settings: Settings, servers: Servers, args: argparse.Namespace) -> None:
    """Time the trivial app and every page in Chromium, run the bare queries, and the viewers if asked."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            print(f"\nsingle user (each page on a freshly started server; seconds from goto to ready + charts drawn); "
                  f"{load_note()}")
            timings = {}
            with servers.serve(TRIVIAL_APP, "trivial") as beside:
                trivial = await time_page(browser, beside.url, "trivial")
                for name, (path, _sections) in PAGES.items():
                    with servers.serve(APP, name) as server:
                        timings[name] = await time_page(browser, f"{server.url}/{path}", name, beside=beside.url)
                        timings[name].peak_rss_mb = proc_mb(server.process.pid, "VmHWM")
                trivial.peak_rss_mb = proc_mb(beside.process.pid, "VmHWM")
            bare_times(settings, timings)
            print_table(trivial, timings)
            if args.viewers > 0:
                await bench_viewers(browser, servers, args, timings)
            print(f"\ndone; {load_note()}")
        finally:
            await browser.close()


def main() -> int:
    """Build or reuse the scaled warehouse, then print the page, bare-query, memory and viewer figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questionnaires", type=int, default=10_000_000, help="questionnaire rows to grow to")
    parser.add_argument("--visits", type=int, default=5_000_000, help="household visit rows to grow to")
    parser.add_argument("--viewers", type=int, default=0, help="concurrent protocol sessions (0: skip)")
    parser.add_argument("--minutes", type=float, default=3, help="how long the viewers keep cycling")
    parser.add_argument("--replicas", type=int, choices=(1, 2), default=1,
                        help="app processes for the viewers (2: behind nginx with deploy/nginx.conf)")
    parser.add_argument("--think", type=float, default=5, help="seconds a viewer waits between pages")
    parser.add_argument("--after", type=float, default=180, help="seconds to wait before the last RSS reading")
    parser.add_argument("--keep", type=Path, help="var folder to build in and reuse between runs")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: run `make system-deps`", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        var_dir = args.keep.resolve() if args.keep else Path(tmp) / "var"
        os.environ["DASHBOARD_VAR_DIR"] = str(var_dir)
        settings = load_settings()
        build_scaled(settings, args.questionnaires, args.visits)
        servers = Servers(log_dir=Path(tmp), var_dir=var_dir)
        try:
            asyncio.run(bench_pages(settings, servers, args))
        except ServerError as exc:
            print(f"a server failed to start: {exc}", file=sys.stderr)
            return 1
        finally:
            servers.stop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
