"""The session's language and the `t()` shortcut for UI strings."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.base.i18n import DEFAULT_LANG, LANGS, translate

LANG_KEY = "filter.lang"


def current_lang() -> str:
    """Return the language chosen in this session (Chinese until changed)."""
    lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, **values: Any) -> str:
    """Translate a UI string key into the session's language."""
    return translate(key, current_lang(), **values)
