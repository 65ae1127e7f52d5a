"""Two stateless replicas behind nginx (deploy/nginx.conf) over one warehouse: sticky, and a load reaches both.

The replicas share one private copy of the demo warehouse. nginx runs in the foreground with the shipped config,
only its ports and log path swapped, and every file it writes kept in tmp_path.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard.base.settings import REPO_ROOT
from tests.e2e.conftest import _free_port, _wait_healthy, open_township_list, serve
from tests.e2e.test_load_page import TOWNSHIPS, choose_table, press, upload
from tests.e2e.test_pages import READY, load

pytestmark = pytest.mark.e2e
NGINX = "/usr/sbin/nginx"
CONF = REPO_ROOT / "deploy" / "nginx.conf"
# A loopback address Streamlit does not trust by name (it does 127.0.0.1 and localhost): the WebSocket is then
# accepted only as same-origin, which proves nginx forwards the Host header with its port.
HOST = "127.0.0.2"
NEW_TOWNSHIP = "测试新街道"
ROUTE_COOKIE = "dashboard_route"
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


@dataclass(frozen=True)
class Cluster:
    front: str  # nginx
    replicas: tuple[str, str]
    access_log: Path


def nginx_config(listen: int, replica_ports: tuple[int, int], prefix: Path) -> str:
    """Return a whole nginx.conf: deploy/nginx.conf inside http {}, with every path nginx writes under prefix."""
    site = CONF.read_text(encoding="utf-8")
    swaps = [(r"listen 80;", f"listen {HOST}:{listen};"),
             (r"server 127\.0\.0\.1:8501 ", f"server 127.0.0.1:{replica_ports[0]} "),
             (r"server 127\.0\.0\.1:8502 ", f"server 127.0.0.1:{replica_ports[1]} "),
             (r"access_log /var/log/nginx/dashboard\.access\.log ", f"access_log {prefix / 'access.log'} ")]
    for pattern, replacement in swaps:
        site, count = re.subn(pattern, replacement, site)
        assert count == 1, f"deploy/nginx.conf changed: expected one `{pattern}`"
    assert "/var/" not in site and "/run/" not in site, "deploy/nginx.conf writes a new system path; swap it here"
    # As root, workers would run as nobody and could not reach pytest's 0700 tmp folder for temp files.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "".join(f"    {name}_temp_path {prefix / name};\n" for name in TEMP_PATHS)
    return (f"{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} info;\n"
            f"events {{\n    worker_connections 256;\n}}\nhttp {{\n{temp}{site}}}\n")


@contextmanager
def run_nginx(listen: int, replica_ports: tuple[int, int], prefix: Path) -> Iterator[str]:
    """Run nginx in the foreground over the generated config until the block ends; yield its URL."""
    prefix.mkdir(parents=True)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(listen, replica_ports, prefix), encoding="utf-8")
    command = [NGINX, "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log"), "-g", "daemon off;"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://{HOST}:{listen}"
    try:
        try:
            _wait_healthy(url, process, seconds=20)
        except (RuntimeError, TimeoutError) as exc:
            log = (prefix / "error.log").read_text(errors="replace") if (prefix / "error.log").exists() else ""
            raise RuntimeError(f"nginx did not come up: {exc}\n{log}") from exc
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def cluster(demo_var: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Serve one private copy of the demo warehouse from two replicas, with nginx in front of both."""
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: run `make system-deps` (Debian: apt-get install nginx)")
    tmp_path = tmp_path_factory.mktemp("replicas")
    var = tmp_path / "var"
    shutil.copytree(demo_var, var)
    with ExitStack() as stack:
        replicas = (stack.enter_context(serve(var)), stack.enter_context(serve(var)))
        ports = (int(replicas[0].rsplit(":", 1)[1]), int(replicas[1].rsplit(":", 1)[1]))
        front = stack.enter_context(run_nginx(_free_port(), ports, tmp_path / "nginx"))
        yield Cluster(front, replicas, tmp_path / "nginx" / "access.log")


def township_options(page: Page) -> list[str]:
    """Open the sidebar township selectbox, read its options, and close it again."""
    open_township_list(page)
    options = page.get_by_role("option")
    names = options.all_inner_texts()
    page.keyboard.press("Escape")
    return names


def rerun_by_choosing_a_township(page: Page, name: str) -> None:
    """Start the session's next script run the way a viewer does: pick a township in the sidebar."""
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="街镇").first.click()
    page.get_by_role("option", name=name, exact=True).click()
    page.wait_for_timeout(500)
    page.wait_for_selector(READY, timeout=60_000)


def log_lines(access_log: Path, route: str, done: Callable[[list[str]], bool]) -> list[str]:
    """Return the access log's lines of one route key once done says they are all there (a WebSocket logs on close)."""
    deadline = time.monotonic() + 15
    while True:
        lines = [line for line in access_log.read_text(encoding="utf-8").splitlines() if f" route={route} " in line]
        if done(lines) or time.monotonic() > deadline:
            return lines
        time.sleep(0.2)


def upstream(line: str) -> str:
    """Return the replica (host:port) that served one access-log line."""
    match = re.search(r" upstream=(\S+)", line)
    assert match, line
    return match.group(1)


def test_replicas_behind_nginx_share_one_warehouse_and_see_a_load(browser: Browser, cluster: Cluster) -> None:
    front = load(browser, cluster.front)
    assert front.locator('[data-testid="stException"]').count() == 0
    expect(front.locator("h1").first).to_be_visible()
    title = front.locator("h1").first.inner_text()
    front.close()

    # Each replica on its own serves the same data; these sessions, on live data (views open on the latest edition,
    # which a load does not change), stay open across the load.
    direct = [load(browser, f"{url}/?edition=live") for url in cluster.replicas]
    for page in direct:
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator("h1").first.inner_text() == title
    before = [township_options(page) for page in direct]
    assert before[0] == before[1] and len(before[0]) > 2
    assert NEW_TOWNSHIP not in before[0]

    # A load through nginx: the upload must reach the replica that holds this session's WebSocket.
    loader = load(browser, f"{cluster.front}/load")
    choose_table(loader, "街镇 · townships")
    upload(loader, "new.csv", (TOWNSHIPS + f"T99,{NEW_TOWNSHIP},Test Subdistrict,街道,城市\n").encode("gbk"))
    press(loader, "检查文件")
    expect(loader.get_by_text("检查通过：1 行", exact=False)).to_be_visible()
    press(loader, "确认加载")
    expect(loader.get_by_text("已加载", exact=False).first).to_be_visible()
    assert loader.locator('[data-testid="stException"]').count() == 0
    route = {c["name"]: c["value"] for c in loader.context.cookies()}[ROUTE_COOKIE]
    loader.close()

    # Sticky: the page's WebSocket and its upload went to one replica, chosen by the cookie nginx handed out.
    lines = log_lines(cluster.access_log, route, lambda lines: any("GET /_stcore/stream" in line for line in lines))
    stream = [line for line in lines if "GET /_stcore/stream" in line]
    uploads = [line for line in lines if re.search(r'"(PUT|POST) /_stcore/upload_file/', line)]
    assert stream and uploads, "\n".join(lines)
    assert {upstream(line) for line in stream + uploads} == {upstream(stream[0])}, "\n".join(lines)

    # The sessions opened before the load pick up the new snapshot on their next rerun, whichever replica.
    for page in direct:
        rerun_by_choosing_a_township(page, before[0][1])
        assert NEW_TOWNSHIP in township_options(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.close()


def test_nginx_spreads_viewers_over_the_replicas_by_cookie(cluster: Cluster) -> None:
    with urllib.request.urlopen(f"{cluster.front}/_stcore/health", timeout=5) as first:
        assert first.read() == b"ok"
        assert any(c.startswith(f"{ROUTE_COOKIE}=") for c in first.headers.get_all("Set-Cookie", [])), \
            "a first visit gets the route cookie"
    for key in range(24):
        request = urllib.request.Request(f"{cluster.front}/_stcore/health",
                                         headers={"Cookie": f"{ROUTE_COOKIE}=viewer{key}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.read() == b"ok"
            cookies = response.headers.get_all("Set-Cookie", [])
            assert not any(c.startswith(f"{ROUTE_COOKIE}=") for c in cookies), "a viewer with the cookie keeps it"
    lines = [line for key in range(24) for line in log_lines(cluster.access_log, f"viewer{key}", bool)]
    assert len(lines) == 24, "\n".join(lines)
    ports = {upstream(line).rsplit(":", 1)[1] for line in lines}
    assert ports == {url.rsplit(":", 1)[1] for url in cluster.replicas}, "\n".join(lines)
