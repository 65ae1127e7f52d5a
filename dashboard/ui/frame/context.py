"""The run context: the frame builds one frozen Context per page run (the Run and its confined reader) and hands it
down as an argument: the navigation calls the page with it, the page passes it to every block and fragment it draws.

Nothing here is kept in the session: `st.session_state` holds widget values only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.access.reader import Run
from dashboard.access.roles import Access
from dashboard.base.settings import load_settings
from dashboard.query.scope import Scope
from dashboard.ui import cache
from dashboard.ui.frame import edition_picker, filters
from dashboard.ui.frame.lang import current_lang
from dashboard.warehouse import snapshot
from dashboard.warehouse.editions import Edition


@dataclass(frozen=True)
class Context:
    """One page run as pages and blocks receive it: what it reads (the Run) and the reader confined to that."""

    run: Run
    reader: cache.CachedReader  # the run's snapshot, its visitor's townships

    @property
    def selection(self) -> Scope:
        """Return the sidebar's selection, capped to the shown edition's months."""
        return self.run.selection

    def live_reader(self) -> cache.CachedReader:
        """Return the reader on the live snapshot, for what acts on live data whatever edition is shown."""
        return self.reader.on(self.run.live) if self.run.snapshot != self.run.live else self.reader


def begin(visitor: Access, live_only: bool) -> Context:
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
    return Context(run, shown)


def _as_of(shown: cache.CachedReader, edition: Edition | None) -> dt.date | None:
    """Return the day the shown snapshot's data runs to, no later than the edition's own day."""
    value = shown.frame("reference/snapshot").iloc[0]["as_of"]
    day = pd.Timestamp(value).date() if value is not None and not pd.isna(value) else None
    if edition is None or day is None:
        return day or (edition.as_of if edition else None)
    return min(day, edition.as_of)


def renew(ctx: Context) -> Context:
    """Return the context reading the live snapshot as it is now (after a write, or each scene of the screen); an
    edition shown stays on its frozen snapshot. The caller draws the rest of its run with the value returned."""
    run = ctx.run
    live = snapshot.current_snapshot_id(load_settings())
    fresh = ctx.reader if run.edition is not None else cache.reader(live, run.townships)
    return Context(replace(run, live=live, snapshot=fresh.snapshot, as_of=_as_of(fresh, run.edition)), fresh)
