"""Global filters in the sidebar, seeded from and written back to the URL so links reopen a view."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.base.i18n import LANGS
from dashboard.query.scope import AREAS, Scope
from dashboard.ui.cache import CachedReader
from dashboard.ui.frame.lang import LANG_KEY, current_lang, t
from dashboard.ui.frame.text import say

MONTHS_KEY = "filter.months"
TOWNSHIP_KEY = "filter.township"
AREA_KEY = "filter.area"
_SEEDED = "filter._seeded"
_DRAWN_LANG = "filter._drawn_lang"
EVERY = ""  # the "all" option of the township and urban/rural selects
URL_KEYS = ("from", "to", "township", "area", "lang")


def seed_from_url() -> None:
    """On a session's first run, copy the URL's selection into the widgets' state."""
    if st.session_state.get(_SEEDED):
        return
    st.session_state[_SEEDED] = True
    url = Scope.from_query({k: st.query_params.get(k) for k in URL_KEYS})
    st.session_state[LANG_KEY] = url.lang
    if url.township:
        st.session_state[TOWNSHIP_KEY] = url.township
    if url.area:
        st.session_state[AREA_KEY] = url.area
    if url.month_from or url.month_to:
        st.session_state["filter._url_months"] = (url.month_from, url.month_to)


def language_switch() -> None:
    """Draw the language switch; Chinese is the default."""
    st.sidebar.radio(t("app.language"), LANGS, key=LANG_KEY, horizontal=True,
                     format_func=lambda code: {"zh": "中文", "en": "English"}[code])


def scope_selector(reader: CachedReader, allowed: tuple[str, ...] | None = None) -> Scope:
    """Draw period, township and urban/rural filters and return the selection.

    Called once per run by the frame, so the widgets belong to it and keep their values when the reader moves
    between pages. An account limited to some townships (`allowed`) picks among those only, with no "all"; its
    reader lists only those and binds every query to the pick (see dashboard.access.reader).
    """
    lang = current_lang()
    months = list(reader.frame("reference/months")["month"].map(_as_date))
    names = township_names(reader, lang, allowed is not None)
    st.sidebar.subheader(t("filters.title"))
    month_from, month_to = _period(months)
    # "All" is the option EVERY, not None: a None value reaches the browser as no value, so it kept its old label.
    options = [*names] if allowed is not None else [EVERY, *names]
    for key, known in ((TOWNSHIP_KEY, options), (AREA_KEY, [EVERY, *AREAS])):
        if (st.session_state.get(key) or EVERY) not in known:
            st.session_state[key] = known[0]
        elif st.session_state.get(key) is None and key in st.session_state:
            st.session_state[key] = EVERY
    relabel_on_language_change(lang)
    # Labels are looked up now, in this run's language: Streamlit may call format_func after the run has ended.
    every, area_names = t("filters.all"), {a: t(f"filters.{a}") for a in AREAS}
    township = st.sidebar.selectbox(t("filters.township"), options, key=TOWNSHIP_KEY,
                                    disabled=len(options) == 1, format_func=lambda tid: names.get(tid, every))
    area = st.sidebar.selectbox(t("filters.area"), [EVERY, *AREAS], key=AREA_KEY,
                                format_func=lambda a: area_names.get(a, every))
    scope = Scope(month_from=month_from, month_to=month_to, township=township or None, area=area or None, lang=lang)
    write_url(scope)
    return scope


def relabel_on_language_change(lang: str) -> None:
    """After a language switch, set the selects' values again so the browser shows them in the new language.

    A browser keeps a select's value as its label ("全部"); a keyed widget keeps its identity when its labels change,
    so without a value sent from the server it would go on showing the old language's label.
    """
    if st.session_state.get(_DRAWN_LANG) == lang:
        return
    st.session_state[_DRAWN_LANG] = lang
    for key in (TOWNSHIP_KEY, AREA_KEY):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def township_names(reader: CachedReader, lang: str, scoped: bool) -> dict[str, str]:
    """Return township ids and names the visitor may pick (their reader lists only their own); stop the run when a
    scope matches none of them."""
    towns = reader.frame("reference/townships", {"lang": lang})
    mine = dict(zip(towns["township_id"], towns["township"], strict=True))
    if not scoped:
        return mine
    if not mine:
        st.error(say("access.scope_missing", townships=", ".join(reader.townships or ())),
                 icon=":material/location_off:")
        st.stop()
    st.sidebar.caption(say("access.scope", townships="、".join(mine.values()) if lang == "zh" else
                         ", ".join(mine.values())))
    return mine


def write_url(scope: Scope) -> None:
    """Put the selection in the URL, leaving keys that pages own (such as the chosen indicator) alone."""
    wanted = scope.to_query()
    for key in URL_KEYS:
        if key not in wanted:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]


def township_name(reader: CachedReader, scope: Scope) -> str | None:
    """Return the selected township's display name, if one is selected."""
    if not scope.township:
        return None
    towns = reader.frame("reference/townships", {"lang": scope.lang})
    match = towns.loc[towns["township_id"] == scope.township, "township"]
    return str(match.iloc[0]) if len(match) else scope.township


def _period(months: list[dt.date]) -> tuple[dt.date | None, dt.date | None]:
    """Draw the month-range slider; the full range means no period filter."""
    if not months:
        return None, None
    wanted = st.session_state.pop("filter._url_months", None) or (months[0], months[-1])
    current = st.session_state.get(MONTHS_KEY)
    if current is not None and not (isinstance(current, tuple | list) and set(current) <= set(months)):
        del st.session_state[MONTHS_KEY]
    value = (wanted[0] if wanted[0] in months else months[0], wanted[1] if wanted[1] in months else months[-1])
    # Always pass a pair: without it Streamlit reads the widget back as a single-handle slider.
    lo, hi = st.sidebar.select_slider(t("filters.period"), options=months, key=MONTHS_KEY, value=value,
                                      format_func=lambda d: d.strftime("%Y-%m"))
    return (None if lo == months[0] else lo), (None if hi == months[-1] else hi)


def _as_date(value: object) -> dt.date:
    """Normalise a pandas or Python date-like to a date."""
    return pd.Timestamp(value).date()
