"""Meeting mode in the frame: which edition a run shows (URL `?edition=`, sidebar picker), which one it is compared
with, and the banner naming it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.metrics.meeting import edition_scope, previous_edition
from dashboard.query.scope import Scope
from dashboard.ui.cache import CachedReader
from dashboard.ui.frame.lang import t
from dashboard.ui.frame.text import say
from dashboard.warehouse.editions import Edition

EDITION_KEY = "meeting.edition"
COMPARE_KEY = "meeting.compare"
LIVE = "live"  # the picker's option (and `?edition=live`) for live data; without it a view opens on the latest edition
AUTO = ""  # the compare picker's option for the default (previous or latest edition)
URL_EDITION, URL_COMPARE = "edition", "compare"
LIVE_PAGES = frozenset({"load", "snapshots", "meeting"})  # pages that act on live data, never on an edition
_SEEDED = "meeting._seeded"


def known_editions(live: CachedReader) -> list[Edition]:
    """Return every edition the live snapshot records, oldest first (read once per run)."""
    frame = live.frame("reference/editions")
    return [Edition(str(r.edition_id), str(r.name), pd.Timestamp(r.as_of).date(), str(r.snapshot_id))
            for r in frame.itertuples(index=False)]


def edition_label(edition: Edition) -> str:
    """Name an edition with its day, e.g. `2018年9月例会（2018-09-30）`."""
    return t("meeting.edition.label", name=edition.name, day=edition.as_of.isoformat())


def latest_edition(editions: list[Edition]) -> Edition | None:
    """Return the latest meeting's edition (by its day), the one a view opens on; None before the first meeting."""
    return max(editions, key=lambda e: (e.as_of, e.edition_id)) if editions else None


def choose_edition(editions: list[Edition], live_only: bool) -> Edition | None:
    """Draw the sidebar's edition picker (seeded from the URL) and return the edition the run shows (None: live).

    A view opens on the latest edition, so every page of a meeting reads one frozen set of figures judged on one
    day; live data is the picker's last option, one click away and labelled as not yet an edition. On a page that
    acts on live data (loads, rollback, meeting records) the choice is kept but not applied.
    """
    by_id = {e.edition_id: e for e in editions}
    latest = latest_edition(editions)
    default = latest.edition_id if latest else LIVE
    _seed_from_url(by_id)
    options = [*(e.edition_id for e in sorted(editions, key=lambda e: (e.as_of, e.edition_id), reverse=True)), LIVE]
    if st.session_state.get(EDITION_KEY, default) not in options:
        st.session_state[EDITION_KEY] = default
    labels = {e.edition_id: edition_label(e) for e in editions} | {LIVE: t("meeting.edition.live")}
    if latest is not None:
        labels[latest.edition_id] = t("meeting.edition.latest", edition=edition_label(latest))
    st.sidebar.subheader(t("meeting.sidebar.title"))
    chosen = st.sidebar.selectbox(t("meeting.edition.pick"), options, key=EDITION_KEY,
                                  format_func=labels.__getitem__, help=t("meeting.edition.help"))
    _write_url(URL_EDITION, "" if chosen == default else chosen)
    edition = by_id.get(chosen)
    _compare_picker(editions, edition)
    return edition if not live_only else None


def _seed_from_url(by_id: dict[str, Edition]) -> None:
    """On a session's first run copy `?edition=` and `?compare=` into the pickers; an unknown id says so once."""
    if st.session_state.get(_SEEDED):
        return
    st.session_state[_SEEDED] = True
    for url_key, key in ((URL_EDITION, EDITION_KEY), (URL_COMPARE, COMPARE_KEY)):
        wanted = st.query_params.get(url_key)
        if not wanted:
            continue
        if wanted in by_id or (key == EDITION_KEY and wanted == LIVE):
            st.session_state[key] = wanted
        else:
            st.error(say("meeting.edition.unknown", id=wanted), icon=":material/event_busy:")
            st.query_params.pop(url_key, None)


def _compare_picker(editions: list[Edition], shown: Edition | None) -> None:
    """Draw the "compare with" picker: the default (previous edition, or the latest for live data) or any other."""
    others = [e for e in reversed(editions) if shown is None or e.edition_id != shown.edition_id]
    default = default_baseline(editions, shown)
    options = [AUTO, *(e.edition_id for e in others)]
    if st.session_state.get(COMPARE_KEY, AUTO) not in options:
        st.session_state[COMPARE_KEY] = AUTO
    auto = t("meeting.compare.auto", edition=edition_label(default)) if default else t("meeting.compare.none")
    labels = {e.edition_id: edition_label(e) for e in others} | {AUTO: auto}
    chosen = st.sidebar.selectbox(t("meeting.compare.pick"), options, key=COMPARE_KEY,
                                  format_func=labels.__getitem__, disabled=not others)
    _write_url(URL_COMPARE, chosen)


def _write_url(key: str, value: str) -> None:
    """Put a picker's value in the URL, or take it out when it is the default."""
    if not value:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def default_baseline(editions: list[Edition], shown: Edition | None) -> Edition | None:
    """Return the edition a view is compared with by default: the previous one, or the latest for live data."""
    if shown is not None:
        return previous_edition(editions, shown)
    return max(editions, key=lambda e: (e.as_of, e.edition_id)) if editions else None


def baseline(editions: list[Edition], shown: Edition | None) -> Edition | None:
    """Return the edition the run's view is compared with (the picker's choice, else the default)."""
    chosen = st.session_state.get(COMPARE_KEY) or AUTO
    picked = next((e for e in editions if e.edition_id == chosen), None)
    return picked or default_baseline(editions, shown)


def cap_scope(scope: Scope, edition: Edition | None, snapshot_day: dt.date | None) -> Scope:
    """Return the selection the shown edition saw (no month after its own day); live data: unchanged."""
    if edition is None or snapshot_day is None:
        return scope
    return edition_scope(scope, edition, snapshot_day)


def banner(edition: Edition | None, live_only: bool) -> None:
    """Under the demo marker: the edition shown (read-only), or that this page acts on live data whatever is picked."""
    chosen = st.session_state.get(EDITION_KEY) or LIVE
    if edition is not None:
        st.info(say("meeting.banner.edition", edition=edition_label(edition)), icon=":material/event:")
    elif live_only and chosen != LIVE:
        st.info(t("meeting.banner.live_only"), icon=":material/edit_note:")
    elif not live_only and chosen == LIVE:
        st.warning(t("meeting.banner.live"), icon=":material/update:")
