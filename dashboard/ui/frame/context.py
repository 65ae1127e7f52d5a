"""The run context: the frame builds one frozen Run per page run (and its confined reader) and hands it down.

Page files get it as an argument from the navigation; script pages and fragments (which Streamlit reruns without
the frame) ask `current()` and `reader()` here, the only place that holds it between the frame and them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.access.reader import Run
from dashboard.access.roles import Access
from dashboard.base.settings import load_settings
from dashboard.ui import cache
from dashboard.ui.frame import edition_picker, filters
from dashboard.ui.frame.lang import current_lang
from dashboard.warehouse import snapshot
from dashboard.warehouse.editions import Edition

_HELD = "_frame.run"  # (Run, CachedReader) of this browser session's latest page run; only this module reads it


def begin(visitor: Access, live_only: bool) -> Run:
    """Build this page run's context: the live snapshot, the edition picked (not on live-only pages), the sidebar's
    selection capped to that edition, and the day the view is judged on (raises NoSnapshotError without data)."""
    live = snapshot.current_snapshot_id(load_settings())
    live_reader = cache.reader(live, visitor.townships)
    editions = edition_picker.known_editions(live_reader)
    edition = edition_picker.choose_edition(editions, live_only)
    shown = live_reader.on(edition.snapshot_id) if edition is not None else live_reader
    day = _as_of(shown, edition)
    selection = edition_picker.cap_scope(filters.scope_selector(shown, visitor.townships), edition, day)
    run = Run(lang=current_lang(), visitor=visitor, snapshot=shown.snapshot, live=live, edition=edition,
              compared_with=edition_picker.baseline(editions, edition), as_of=day, selection=selection)
    st.session_state[_HELD] = (run, shown)
    return run


def _as_of(shown: cache.CachedReader, edition: Edition | None) -> dt.date | None:
    """Return the day the shown snapshot's data runs to, no later than the edition's own day."""
    value = shown.frame("reference/snapshot").iloc[0]["as_of"]
    day = pd.Timestamp(value).date() if value is not None and not pd.isna(value) else None
    if edition is None or day is None:
        return day or (edition.as_of if edition else None)
    return min(day, edition.as_of)


def current() -> Run:
    """Return this page run's context; a page that did not go through the frame has none and reads nothing."""
    held = st.session_state.get(_HELD)
    if held is None:
        raise RuntimeError("no run context: pages are served through the app's frame")
    return held[0]


def reader() -> cache.CachedReader:
    """Return this page run's confined reader (its snapshot, its visitor's townships)."""
    held = st.session_state.get(_HELD)
    if held is None:
        raise RuntimeError("no run context: pages are served through the app's frame")
    return held[1]


def live_reader() -> cache.CachedReader:
    """Return this run's reader on the live snapshot, for what acts on live data whatever edition is shown."""
    run = current()
    return reader().on(run.live) if run.snapshot != run.live else reader()


def renew() -> Run:
    """Read the live snapshot as it is now for the rest of this run (after a write, or each scene of the screen);
    an edition shown stays on its frozen snapshot."""
    run, shown = st.session_state[_HELD]
    live = snapshot.current_snapshot_id(load_settings())
    fresh = shown if run.edition is not None else cache.reader(live, run.townships)
    run = replace(run, live=live, snapshot=fresh.snapshot, as_of=_as_of(fresh, run.edition))
    st.session_state[_HELD] = (run, fresh)
    return run
