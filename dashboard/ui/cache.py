"""The one place Streamlit caching is used: the runner, the registry and query results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from plotly.graph_objects import Figure

from dashboard.access.roles import RolesFile, load_roles
from dashboard.access.scoped import bind_scope
from dashboard.base.settings import load_settings
from dashboard.engine.runner import QueryResult, Runner
from dashboard.metrics.warmup import warm_before_publish
from dashboard.query.registry import Registry, load_registry
from dashboard.query.sqlfile import QuerySpec
from dashboard.warehouse import snapshot
from dashboard.warehouse.editions import Edition
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


def registry() -> Registry:
    """Return the query registry, scanned once per page run: it re-reads only files that changed, so new files
    show on the next run, but even the scan (a stat of every file) was a tenth of a warm run when each block
    asked for it."""
    return _memo(("registry",), lambda: load_registry(load_settings().queries_dir))


def _memo(key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """Return what make() gives, computed once per page run (a fragment's rerun shares its page run's values)."""
    memo = st.session_state.setdefault(_RUN_MEMO, {})
    if key not in memo:
        memo[key] = make()
    return memo[key]


_RUN_SNAPSHOT = "_run.snapshot"
_RUN_MEMO = "_run.memo"
_RUN_TOWNSHIPS = "_run.townships"
_RUN_LIVE = "_run.live"
_RUN_EDITION = "_run.edition"


def fix_townships(townships: tuple[str, ...] | None) -> None:
    """Fix the townships this page run may read (None: the whole city); the app frame calls it every run."""
    st.session_state[_RUN_TOWNSHIPS] = townships


def begin_run() -> str:
    """Fix the snapshot this page run reads: the live one as the run begins (raises NoSnapshotError if none).

    Every query of one run then reads that snapshot, so a publish mid-run never mixes two on one page.
    """
    live = snapshot.current_snapshot_id(load_settings())
    st.session_state[_RUN_SNAPSHOT] = st.session_state[_RUN_LIVE] = live
    st.session_state[_RUN_EDITION] = None
    st.session_state[_RUN_MEMO] = {}
    return live


def show_edition(edition: Edition) -> None:
    """Make the rest of this page run read an edition's frozen snapshot instead of the live one (read-only)."""
    st.session_state[_RUN_SNAPSHOT] = edition.snapshot_id
    st.session_state[_RUN_EDITION] = edition
    st.session_state[_RUN_MEMO] = {}


def shown_edition() -> Edition | None:
    """Return the edition this page run shows, or None for live data."""
    return st.session_state.get(_RUN_EDITION)


def newest_snapshot_id() -> str:
    """Return the live snapshot as this run began, even while the run shows an edition's older one."""
    return st.session_state.get(_RUN_LIVE) or begin_run()


def session_townships() -> tuple[str, ...] | None:
    """Return the townships this visitor may read (None: the whole city), as the app frame fixed them this run.

    A run that never went through the frame has no scope recorded and reads nothing: failing closed.
    """
    if _RUN_TOWNSHIPS not in st.session_state:
        raise RuntimeError("no access fixed for this run")
    return st.session_state[_RUN_TOWNSHIPS]


def live_snapshot_id() -> str:
    """Return the snapshot of this page run, fixed when it began."""
    return st.session_state.get(_RUN_SNAPSHOT) or begin_run()


@st.cache_data(max_entries=1024, ttl=6 * 3600, show_spinner=False)
def _run_cached(query_id: str, sql: str, params: tuple[tuple[str, Any], ...], snapshot_id: str) -> QueryResult:
    """Run a query; the SQL text and snapshot id are in the key so edits and swaps miss the cache."""
    spec = registry().get(query_id)
    return runner().run(spec, dict(params), snapshot_id=snapshot_id)


def run_query(spec: QuerySpec, params: dict[str, Any]) -> QueryResult:
    """Run a spec with the declared subset of params, cached per snapshot, inside the visitor's townships."""
    declared = tuple(sorted((k, v) for k, v in bind_scope(spec, params, session_townships()).items()
                            if k in spec.params))
    return _run_cached(spec.query_id, spec.sql, declared, live_snapshot_id())


def run_query_on(spec: QuerySpec, params: dict[str, Any], snapshot_id: str) -> QueryResult:
    """Run a spec as run_query does, inside the visitor's townships, on a named snapshot (another edition's)."""
    declared = tuple(sorted((k, v) for k, v in bind_scope(spec, params, session_townships()).items()
                            if k in spec.params))
    return _run_cached(spec.query_id, spec.sql, declared, snapshot_id)


@st.cache_resource(max_entries=512, ttl=6 * 3600, show_spinner=False)
def _panel(query_id: str, spec_text: str, params: tuple[tuple[str, Any], ...], snapshot_id: str, lang: str,
          variant: str, _spec: QuerySpec, _make: Callable[[QueryResult], tuple[pd.DataFrame, Figure | None]]) -> tuple[
        QueryResult, pd.DataFrame, Figure | None]:
    """Run a query and shape it for display (rows by name, plot), once per snapshot, values and language.

    Building a Plotly plot costs more than the query on a warm rerun, so the plot is kept with the rows.
    A resource cache hands out the same objects without a pickle round trip (unpickling a Figure validates it
    all over again); readers only read them. `variant` names a page's custom shaping (estimates, timeline),
    since functions cannot be part of a key.
    """
    result = _run_cached(query_id, _spec.sql, params, snapshot_id)
    shown, plot = _make(result)
    return result, shown, plot


def panel(spec: QuerySpec, params: dict[str, Any], lang: str, variant: str,
         make: Callable[[QueryResult], tuple[pd.DataFrame, Figure | None]]) -> tuple[QueryResult, pd.DataFrame,
                                                                                     Figure | None]:
    """Return a query's result, its rows as shown and its plot, built by make only on a cache miss."""
    declared = tuple(sorted((k, v) for k, v in bind_scope(spec, params, session_townships()).items()
                            if k in spec.params))
    # repr(spec) is the whole file, header too: a changed title or chart in it must redraw the figure.
    return _panel(spec.query_id, repr(spec), declared, live_snapshot_id(), lang, variant, spec, make)


@st.cache_resource(max_entries=1024, ttl=6 * 3600, show_spinner=False)
def _kept(key: str, snapshot_id: str, _make: Callable[[], Any]) -> Any:
    """Hold what _make computes from one snapshot's results, under a key that names everything else it reads."""
    return _make()


def keep(key: str, make: Callable[[], Any]) -> Any:
    """Return make(), computed once per key and snapshot for every session; what it drew is drawn again on a hit.

    For work done on query results each run (the overview's pillar assessments); callers only read the result.
    """
    return _kept(key, live_snapshot_id(), make)


def keep_between(key: str, now_snapshot: str, before_snapshot: str, make: Callable[[], Any]) -> Any:
    """Return make(), computed once per key and pair of snapshots: a comparison of two editions."""
    return _kept(key, f"{now_snapshot}|{before_snapshot}", make)


def frame(query_id: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Return the rows of a query by id, read from the cache once per page run (callers must not change them).

    Reference rows (the snapshot's facts, townships, months) are asked for by every block; each cache hit
    unpickles a copy, so one copy per run is kept.
    """
    values = tuple(sorted((params or {}).items()))
    return _memo(("frame", query_id, values), lambda: run_query(registry().get(query_id), params or {}).frame)


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
