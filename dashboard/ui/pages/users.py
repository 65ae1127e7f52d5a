"""Users and roles (admins): who may sign in, with which role and township scope, as the roles file grants it."""

from __future__ import annotations

import streamlit as st

from dashboard.access.roles import RolesFileError, grants_table, load_roles, roles_path
from dashboard.base.settings import load_settings
from dashboard.ui.frame import filters, signin
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import literal, say


def render(ctx: Context) -> None:
    """The roles file's entries as a table, or its first problem; how to change them."""
    st.title(t("users.title"))
    path = roles_path()
    st.caption(say("users.intro", file=path.name))
    if not signin.auth_configured():
        st.info(t("users.local"), icon=":material/lan:")
    else:
        st.caption(say("users.session", hours=f"{load_settings().session_hours:g}"))
    try:
        roles = load_roles(path)
    except RolesFileError as exc:
        st.error(literal(str(exc)), icon=":material/error:")
        return
    lang = current_lang()
    names = filters.township_names(ctx.reader, lang, False)
    frame = grants_table(roles, names)
    if frame.empty:
        st.info(t("users.empty"), icon=":material/group_off:")
        return
    frame["kind"] = frame["kind"].map(lambda kind: t(f"users.kind.{kind}"))
    frame["role"] = frame["role"].map(lambda role: t(f"access.role.{role}"))
    frame["townships"] = frame["townships"].map(lambda towns: towns or t("users.city_wide"))
    st.dataframe(frame.rename(columns={c: t(f"users.column.{c}") for c in frame.columns}), hide_index=True,
                 key="users.table")

