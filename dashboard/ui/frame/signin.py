"""Login with Streamlit's own `st.login`, held to the server's session ledger; the visitor's role, and the checks each
guarded action makes."""

from __future__ import annotations

import json
import logging

import streamlit as st
import streamlit.components.v1 as components
from streamlit import config
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard.access import sessions
from dashboard.access.roles import Access, RolesFile, RolesFileError, roles_path
from dashboard.base.settings import load_settings
from dashboard.present.formatting import markdown_literal
from dashboard.ui import cache
from dashboard.ui.frame import audit
from dashboard.ui.frame.lang import t
from dashboard.ui.frame.text import say

REFUSED = ("ended", "expired", "unavailable")  # ledger verdicts that serve only the login page
_log = logging.getLogger(__name__)


def auth_configured() -> bool:
    """Say whether `.streamlit/secrets.toml` configures a login provider ([auth]); without one: local mode."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return False


def _roles() -> RolesFile:
    """Return the roles file, read once per version of it."""
    path = roles_path()
    return cache.roles_file(str(path), path.stat().st_mtime if path.exists() else 0.0)


def current_access() -> Access:
    """Return what this visitor may do: everything in local mode, nothing once their login has ended on the server,
    else what the roles file grants them."""
    if not auth_configured():
        return Access(role="admin", local=True)
    if not st.user.get("is_logged_in"):
        return Access(role=None)
    granted = _granted()
    if session_verdict(granted) in REFUSED:
        return Access(role=None, who=granted.who)
    return granted


def _granted() -> Access:
    """Return what the roles file grants the signed-in account."""
    groups = st.user.get("groups") or []
    return _roles().access(str(st.user.get("email") or ""),
                           [str(g) for g in groups] if isinstance(groups, list) else [])


def session_verdict(granted: Access | None = None) -> str | None:
    """Judge this login against the session ledger (new, open, ended, expired), recording a sign-in or a refused
    reuse the first time the ledger sees it; None when the identity names no provider login."""
    granted = granted if granted is not None else _granted()
    login = sessions.login_of(st.user)
    if login is None:
        audit.record_signin(granted)
        return None
    try:
        check = sessions.check(load_settings(), login)
    except OSError as exc:  # no ledger, no way to honour a logout: refuse rather than let any copy in
        _log.warning("session ledger in %s not usable: %s", load_settings().var_dir, exc)
        return "unavailable"
    if check.first:
        audit.record_signin(granted, check.verdict)
    return check.verdict


def logout() -> None:
    """End this login on the server first (so a copy of its cookie signs in nowhere), then delete the browser's."""
    login = sessions.login_of(st.user)
    if login is not None:
        try:
            sessions.end(load_settings(), login)
        except OSError as exc:
            _log.warning("session ledger in %s not usable, logout not kept on the server: %s",
                         load_settings().var_dir, exc)
    audit.record_signout(str(st.user.get("email") or ""), _granted().role)
    st.logout()


def roles_problem() -> str | None:
    """Return the roles file's first problem when login is on, else None."""
    if not auth_configured():
        return None
    try:
        _roles()
    except RolesFileError as exc:
        return str(exc)
    return None


def require(needed: str, city_wide: bool = False) -> bool:
    """Check the visitor's role (and, for an action on the whole city, that no township scope limits them) where
    an action runs; say why not and return False when it is refused."""
    access = current_access()
    if not access.allows(needed):
        audit.record_denied(access, needed)
        st.error(say("access.denied", role=t(f"access.role.{needed}")), icon=":material/block:")
        return False
    if city_wide and access.scoped:
        audit.record_denied(access, needed, city_wide=True)
        st.error(t("access.city_wide_only"), icon=":material/block:")
        return False
    return True


def login_page() -> None:
    """The only page an anonymous visitor is served: what this is, why a login ended, and the login button."""
    st.title(t("app.title"))
    if st.user.get("is_logged_in"):
        verdict = session_verdict()
        if verdict == "unavailable":
            st.error(say("signin.unavailable"), icon=":material/error:")
            return
        if verdict in REFUSED:  # a logged-out or too old login: sign in afresh
            hours = f"{load_settings().session_hours:g}"
            st.warning(say(f"signin.{verdict}", hours=hours), icon=":material/timer_off:")
            st.button(t("access.login"), on_click=st.login, type="primary", key="access.login")
            _drop_cookie()
            return
        # Signed in, but the roles file grants nothing.
        st.warning(markdown_literal(t("access.no_role", who=str(st.user.get("email") or ""))),
                   icon=":material/person_off:")
        st.button(t("access.logout"), on_click=logout, key="access.logout.page")
        return
    st.info(t("access.login_needed"), icon=":material/lock:")
    st.button(t("access.login"), on_click=st.login, type="primary", key="access.login")


def _drop_cookie() -> None:
    """Have the browser delete the refused login's cookie without leaving this page.

    `st.logout` would do it by navigating away, and the line saying why the login ended would be gone. Streamlit's
    logout route deletes the cookie in its response, so a same-origin request to it from a hidden frame suffices;
    `manual` stops there instead of following on to the provider's end-session page.
    """
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    route = "/" + "/".join(part for part in (base, "auth/logout") if part)
    components.html(f'<script>fetch({json.dumps(route)}, {{credentials: "same-origin", redirect: "manual"}})'
                    '</script>', height=0)


def user_box(access: Access) -> None:
    """Show in the sidebar who is signed in with which role, with logout; or the local-mode marker."""
    if access.local:
        st.sidebar.warning(t("access.local_marker"), icon=":material/lan:")
        return
    # As text: Markdown would make the email address a mailto link.
    st.sidebar.caption(markdown_literal(t("access.signed_in", who=access.who, role=t(f"access.role.{access.role}"))))
    st.sidebar.button(t("access.logout"), on_click=logout, key="access.logout", icon=":material/logout:")
