"""The one place Streamlit caching is used: the runner, the roles file, templates, and query results read
through the confined reader (dashboard.access.reader), whose snapshot and townships are part of every key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from plotly.graph_objects import Figure

from dashboard.access.reader import Reader
from dashboard.access.roles import RolesFile, load_roles
from dashboard.base.settings import Settings, load_settings
from dashboard.engine.runner import QueryResult, Runner
from dashboard.metrics.warmup import warm_before_publish
from dashboard.query.registry import Registry, load_registry
from dashboard.query.sqlfile import QuerySpec
from dashboard.warehouse.result_store import ResultStore
from dashboard.warehouse.template import template_bytes
from dashboard.warehouse.writer import before_publish, clean_if_idle


@st.cache_resource(show_spinner=False)
def runner() -> Runner:
    """Return the process-wide runner (it holds the single locked connection), clearing writers' leftovers once.

    It reads and keeps results on disk per snapshot, so a restart or another replica starts warm, and a load
    made from this process warms its new snapshot before publishing it.
    """
    settings = load_settings()
    clean_if_idle(settings)
    before_publish(warm_before_publish)
    return Runner(settings, store=ResultStore(settings))


def load_queries() -> Registry:
    """Return the query registry as the files are now (it re-reads only files that changed)."""
    return load_registry(load_settings().queries_dir)


@st.cache_data(max_entries=1024, ttl=6 * 3600, show_spinner=False)
def _run_cached(query_id: str, sql: str, params: tuple[tuple[str, Any], ...], snapshot_id: str,
                townships: tuple[str, ...] | None) -> QueryResult:
    """Run a query inside the townships; the SQL text, snapshot and townships are in the key, and the reader made
    from them binds the scope again here, so no entry can be filled or read without it."""
    spec = load_queries().get(query_id)
    return Reader(runner(), snapshot_id, townships).run(spec, dict(params))


@st.cache_resource(max_entries=512, ttl=6 * 3600, show_spinner=False)
def _panel(query_id: str, spec_text: str, params: tuple[tuple[str, Any], ...], snapshot_id: str,
           townships: tuple[str, ...] | None, lang: str, variant: str, _spec: QuerySpec,
           _make: Callable[[QueryResult], tuple[pd.DataFrame, Figure | None]]) -> tuple[
        QueryResult, pd.DataFrame, Figure | None]:
    """Run a query and shape it for display (rows by name, plot), once per snapshot, townships, values and language.

    Building a Plotly plot costs more than the query on a warm rerun, so the plot is kept with the rows.
    A resource cache hands out the same objects without a pickle round trip (unpickling a Figure validates it
    all over again); readers only read them. `variant` names a page's custom shaping (estimates, timeline),
    since functions cannot be part of a key.
    """
    result = _run_cached(query_id, _spec.sql, params, snapshot_id, townships)
    shown, plot = _make(result)
    return result, shown, plot


@st.cache_resource(max_entries=1024, ttl=6 * 3600, show_spinner=False)
def _kept(key: str, snapshots: str, townships: tuple[str, ...] | None, _make: Callable[[], Any]) -> Any:
    """Hold what _make computes from one reader's results, under a key that names everything else it reads."""
    return _make()


class CachedReader:
    """A page run's confined reader with Streamlit's caches: every cached call carries its snapshot and townships.

    Made once per page run by the frame (dashboard.ui.frame.run); it also keeps the registry and the reference
    rows every block asks for once per run, since each cache hit unpickles a copy.
    """

    def __init__(self, core: Reader) -> None:
        self.core = core
        self._memo: dict[tuple[Any, ...], Any] = {}

    @property
    def snapshot(self) -> str:
        """Return the snapshot this reader reads."""
        return str(self.core.snapshot)

    @property
    def townships(self) -> tuple[str, ...] | None:
        """Return the townships this reader is confined to (None: the whole city)."""
        return self.core.townships

    @property
    def settings(self) -> Settings:
        """Return the settings the runner reads."""
        return self.core.settings

    def _once(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """Return what make() gives, computed once for this reader (once per page run)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @property
    def registry(self) -> Registry:
        """Return the query registry, scanned once per page run (even the scan costs a tenth of a warm run)."""
        return self._once(("registry",), load_queries)

    def on(self, snapshot_id: str) -> CachedReader:
        """Return this reader on another snapshot (an edition compared with, or the live one)."""
        return CachedReader(self.core.on(snapshot_id))

    def may_run(self, spec: QuerySpec) -> bool:
        """Say whether this reader may run a file at all."""
        return self.core.may_run(spec)

    def run(self, spec: QuerySpec, params: dict[str, Any]) -> QueryResult:
        """Run a spec with its declared params inside the townships, cached per snapshot and townships."""
        bound = tuple(self.core.bound(spec, params).items())
        return _run_cached(spec.query_id, spec.sql, bound, self.snapshot, self.townships)

    def run_sql(self, sql: str) -> QueryResult:
        """Run free SQL on this reader's snapshot (refused for a confined reader)."""
        return self.core.run_sql(sql)

    def panel(self, spec: QuerySpec, params: dict[str, Any], lang: str, variant: str,
              make: Callable[[QueryResult], tuple[pd.DataFrame, Figure | None]]) -> tuple[
            QueryResult, pd.DataFrame, Figure | None]:
        """Return a query's result, its rows as shown and its plot, built by make only on a cache miss."""
        bound = tuple(self.core.bound(spec, params).items())
        # repr(spec) is the whole file, header too: a changed title or chart in it must redraw the figure.
        return _panel(spec.query_id, repr(spec), bound, self.snapshot, self.townships, lang, variant, spec, make)

    def frame(self, query_id: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Return the rows of a query by id, once per page run (callers must not change them)."""
        values = tuple(sorted((params or {}).items()))
        return self._once(("frame", query_id, values),
                          lambda: self.run(self.registry.get(query_id), params or {}).frame)

    def keep(self, key: str, make: Callable[[], Any]) -> Any:
        """Return make(), computed once per key, snapshot and townships for every session; callers only read it.

        For work done on this reader's results each run (the overview's pillar assessments).
        """
        return _kept(key, self.snapshot, self.townships, make)

    def keep_between(self, key: str, before: CachedReader, make: Callable[[], Any]) -> Any:
        """Return make(), computed once per key, pair of snapshots and townships: a comparison of two editions."""
        return _kept(key, f"{self.snapshot}|{before.snapshot}", self.townships, make)


def reader(snapshot_id: str, townships: tuple[str, ...] | None) -> CachedReader:
    """Return a cached reader on one snapshot inside some townships (the frame makes one per page run)."""
    return CachedReader(Reader(runner(), snapshot_id, townships))


@st.cache_resource(max_entries=4, show_spinner=False)
def roles_file(path: str, mtime: float) -> RolesFile:
    """Return the roles file at path, read once per modification time (a broken one raises every time)."""
    return load_roles(Path(path))


@st.cache_data(max_entries=64, show_spinner=False)
def template(table: str, lang: str) -> bytes:
    """Return a table's load template workbook in one language."""
    return template_bytes(table, lang, load_settings().seed_dir)


def clear() -> None:
    """Drop cached results, as tests do between runs."""
    _run_cached.clear()
    _panel.clear()
    _kept.clear()
    runner.clear()
