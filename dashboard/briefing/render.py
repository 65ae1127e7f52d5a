"""Plotly plots to PNG, SVG or PDF bytes through kaleido, on one headless Chromium per process.

kaleido's own sync server (`kaleido.start_sync_server`) blocks forever when its browser fails to start
or dies, and mixes up answers when two threads call it at once (Streamlit runs deferred downloads on
worker threads). This module runs the same thing — one `kaleido.Kaleido(mathjax=False)` on a
background event loop, started once per process — but hands each call its own future, with a timeout.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import kaleido
import plotly.graph_objects as go
from kaleido.errors import BrowserClosedError, BrowserFailedError, ChromeNotFoundError, JavascriptError, KaleidoError

from dashboard.briefing.fonts import require_cjk_font
from dashboard.present.maps import TOPOJSON_DIR

# One tab: on two cores a second tab renders no faster overall and doubles the start-up (each tab loads
# plotly.js); benchmarks/bench_briefing.py --tabs N measures it on other machines.
TABS = 1
START_SECONDS = 60.0
RENDER_SECONDS = 30.0
# Maps draw on Plotly's geo subplot, which fetches a world topology from the internet unless told where else:
# an empty local one, so slides with maps render offline.
TOPOJSON_URL = TOPOJSON_DIR.as_uri() + "/"


class RenderError(RuntimeError):
    """The browser could not be started or did not produce an image."""


class _Server:
    """One kaleido browser on its own event loop thread; calls from any thread are safe."""

    def __init__(self, tabs: int) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        try:
            self._kaleido: kaleido.Kaleido = self._wait(self._open(tabs), START_SECONDS)
        except BaseException:
            self._loop.call_soon_threadsafe(self._loop.stop)
            raise

    async def _open(self, tabs: int) -> kaleido.Kaleido:
        """Start the browser; MathJax off, or each render waits seconds for a CDN it cannot reach."""
        browser = kaleido.Kaleido(n=tabs, mathjax=False, timeout=RENDER_SECONDS)
        await browser.open()
        return browser

    def _wait(self, coroutine: Any, seconds: float) -> Any:
        """Run a coroutine on the server loop and wait for its result."""
        future: Future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=seconds)
        except FutureTimeout as exc:
            future.cancel()
            raise RenderError(f"the headless browser did not answer within {seconds:.0f} s") from exc

    def render_all(self, jobs: list[tuple[dict, dict]]) -> list[bytes]:
        """Render (plot dict, options) pairs concurrently and return their bytes in order."""
        async def gather() -> list[bytes]:
            return list(await asyncio.gather(*(self._kaleido.calc_fig(fig, opts=opts, topojson=TOPOJSON_URL)
                                               for fig, opts in jobs)))
        return self._wait(gather(), RENDER_SECONDS * max(1, len(jobs)))

    def close(self) -> None:
        """Close the browser and stop the loop."""
        try:
            self._wait(self._kaleido.close(), 20)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)


_server: _Server | None = None
_server_lock = threading.Lock()


def _get_server() -> _Server:
    """Return the process's browser, starting it on first use."""
    global _server
    with _server_lock:
        if _server is None:
            try:
                _server = _Server(TABS)
            except (ChromeNotFoundError, BrowserFailedError, OSError) as exc:
                raise RenderError(f"could not start the headless browser: {exc}") from exc
        return _server


def stop() -> None:
    """Close the process's browser if it runs; the next render starts a new one."""
    global _server
    with _server_lock:
        server, _server = _server, None
    if server is not None:
        # Closing a broken browser must not hide the error that made us close it.
        with contextlib.suppress(Exception):
            server.close()


atexit.register(stop)


def render_many(plots: list[go.Figure | dict], fmt: str = "png", scale: float = 1) -> list[bytes]:
    """Render plots (each sized by its layout) to one format, after checking Chinese text can be drawn."""
    require_cjk_font()
    jobs = [(fig.to_dict() if isinstance(fig, go.Figure) else fig, {"format": fmt, "scale": scale})
            for fig in plots]
    try:
        return _get_server().render_all(jobs)
    except (RenderError, BrowserClosedError, BrowserFailedError) as exc:
        stop()  # a dead or stuck browser is replaced on the next call
        raise RenderError(str(exc)) from exc
    except (KaleidoError, JavascriptError) as exc:
        raise RenderError(f"plotly.js could not draw the plot: {exc}") from exc


def render(fig: go.Figure | dict, fmt: str = "png", scale: float = 1) -> bytes:
    """Render one plot to one format."""
    return render_many([fig], fmt, scale)[0]
