"""What the app records in the audit log: one sign-in per login, sign-outs, loads, rollbacks, ad-hoc SQL, refusals."""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

from dashboard.access import audit
from dashboard.access.roles import Access
from dashboard.base.settings import load_settings
from dashboard.engine.adhoc import Outcome
from dashboard.warehouse.load import LoadResult

SIGNED_IN = "audit._signed_in"  # the account this browser session has already recorded a sign-in for
REFUSED_URL = "audit._refused_url"  # the refused page this browser session has already recorded


def visitor_name(access: Access) -> str:
    """Name a visitor as the log does: their email, `local` in local mode, `anonymous` when not signed in."""
    return "local" if access.local else (access.who or "anonymous")


def _page() -> str | None:
    """Return the path of the page this run serves, when Streamlit knows it."""
    try:
        return urlparse(st.context.url or "").path or None
    except (AttributeError, RuntimeError, ValueError):
        return None


def record_signin(access: Access, verdict: str | None = None) -> None:
    """Record a sign-in: `verdict` is the session ledger's first word on a login (new, ended or expired); without
    one (an identity that names no provider login) the first time this browser session sees the account."""
    if access.local or not access.who:
        return
    if verdict is None:
        if st.session_state.get(SIGNED_IN) == access.who:
            return
        st.session_state[SIGNED_IN] = access.who
    refused = verdict in ("ended", "expired")
    townships = getattr(access, "townships", None)
    audit.record(load_settings(), access.who, "signin", "ok" if access.role and not refused else "refused",
                 role=access.role, townships=list(townships) if townships is not None else None,
                 logged_out=(verdict == "ended") or None, expired=(verdict == "expired") or None)


def record_signout(who: str, role: str | None) -> None:
    """Record a logout, which ends the login on the server."""
    audit.record(load_settings(), who or "anonymous", "signout", "ok", role=role)


def record_denied(access: Access, needed: str, page: str | None = None, **details: object) -> None:
    """Record an action a role check refused: who, their role, the role needed, the page and why."""
    audit.record(load_settings(), visitor_name(access), "denied", "refused", needed=needed, role=access.role,
                 page=page or _page(), **details)


def record_refused_page(access: Access, needed: str, page: str, city_wide: bool) -> None:
    """Record a page the URL asked for that this visitor is not served, once per browser session and page."""
    if st.session_state.get(REFUSED_URL) == page:
        return
    st.session_state[REFUSED_URL] = page
    record_denied(access, needed, page=page, by_url=True, city_wide=city_wide or None)


def record_load(visitor: Access, name: str, table: str, mode: str, dry_run: bool,
                result: LoadResult | None = None,
                error: BaseException | None = None) -> None:
    """Record a load from the page (a check changes nothing and is not recorded)."""
    if not dry_run:
        audit.record_load(load_settings(), visitor_name(visitor), name, table, mode, result=result, error=error)


def record_rollback(visitor: Access, target: str, new_id: str | None = None,
                    error: BaseException | None = None) -> None:
    """Record a rollback from the page."""
    audit.record_rollback(load_settings(), visitor_name(visitor), target, new_id, error)


def record_meeting(visitor: Access, what: str, error: BaseException | None = None, **details: object) -> None:
    """Record an edition or follow-up written from the meeting page, or why it failed."""
    audit.record_meeting(load_settings(), visitor_name(visitor), what, error, **details)


def record_sql(visitor: Access, outcome: Outcome) -> None:
    """Record one ad-hoc statement run on the SQL page, with its rows or its error."""
    audit.record_sql(load_settings(), visitor_name(visitor), outcome.sql, outcome.result, outcome.error,
                     outcome.seconds)
