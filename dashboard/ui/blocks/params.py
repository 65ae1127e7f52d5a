"""Typed widgets for a query file's parameters; township, community and month options come from the warehouse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.base.i18n import translate
from dashboard.briefing.captions import param_label
from dashboard.query.params import initial_values, township_for_communities, widget_params
from dashboard.query.scope import AREAS, Scope
from dashboard.query.sqlfile import ParamSpec, QuerySpec
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import Markdown, literal

_EARLIEST, _LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def param_inputs(ctx: Context, spec: QuerySpec, scope: Scope, prefix: str) -> dict[str, Any]:
    """Draw one widget per parameter, pre-filled from the sidebar, and return every value to bind."""
    values = initial_values(spec, scope)
    # Township pickers first, so a community picker can narrow to the township chosen here.
    params = sorted(widget_params(spec), key=lambda p: p.type == "community")
    if not params:
        return values
    columns = st.columns(min(3, len(params)))
    for i, param in enumerate(params):
        key = f"{prefix}.{param.name}"
        _follow_prefill(key, values[param.name])
        with columns[i % len(columns)]:
            values[param.name] = _widget(ctx, param, key, spec, scope, values)
    return values


def _follow_prefill(key: str, initial: Any) -> None:
    """Set a widget to its pre-fill when first drawn or when the sidebar (or default) it follows changes."""
    marker = f"{key}._prefill"
    if key not in st.session_state or st.session_state.get(marker) != initial:
        st.session_state[key] = initial
        st.session_state[marker] = initial


def _widget(ctx: Context, param: ParamSpec, key: str, spec: QuerySpec, scope: Scope, values: dict[str, Any]) -> Any:
    """Draw the widget that suits the parameter's type and return its value."""
    lang = current_lang()  # format functions must not read session state later, so the language is bound now
    label = literal(param_label(param, lang))
    if param.type == "township":
        # The reader lists a township account's own townships only, and there is no "any" for them.
        towns = ctx.reader.frame("reference/townships", {"lang": scope.lang})
        every = [] if ctx.run.visitor.scoped else [None]
        return _pick(label, key, [*every, *towns["township_id"]], _names(towns, "township_id", "township"))
    if param.type == "community":
        town = township_for_communities(spec, values, scope)
        places = ctx.reader.frame("reference/communities", {"township": town, "lang": scope.lang})
        return _pick(label, key, [None, *places["community_id"]], _names(places, "community_id", "community"))
    if param.type == "area":
        return _pick(label, key, [None, *AREAS], lambda a: translate(f"filters.{a}", lang))
    if param.type == "choice":
        options = [*([None] if param.default is None else []), *param.options]
        return _pick(label, key, options, lambda v: param.option_label(v, lang))
    if param.type == "month":
        months = [pd.Timestamp(m).date() for m in ctx.reader.frame("reference/months")["month"]]
        extra = [param.default] if param.default and param.default not in months else []
        options = [*([None] if param.default is None else []), *sorted([*months, *extra])]
        return _pick(label, key, options, lambda d: d.strftime("%Y-%m"))
    if param.type == "bool":
        if param.default is None:
            return _pick(label, key, [None, True, False],
                         lambda v: translate("workbench.params.yes" if v else "workbench.params.no", lang))
        return st.toggle(label, key=key)
    return _scalar(param, label, key)


def _scalar(param: ParamSpec, label: Markdown, key: str) -> Any:
    """Draw a date, number, integer or text input; an empty input means null."""
    if param.type == "date":
        return st.date_input(label, value=None, min_value=_EARLIEST, max_value=_LATEST, key=key)
    if param.type == "integer":
        if st.session_state[key] is not None:
            st.session_state[key] = int(st.session_state[key])
        return st.number_input(label, value=None, step=1, key=key)
    if param.type == "number":
        if st.session_state[key] is not None:
            st.session_state[key] = float(st.session_state[key])
        return st.number_input(label, value=None, key=key)
    if st.session_state[key] is None:
        st.session_state[key] = ""
    return st.text_input(label, key=key) or None


def _pick(label: Markdown, key: str, options: list[Any], name: Callable[[Any], str]) -> Any:
    """Draw a select box whose empty choice reads 'any'; a stale value falls back to that choice."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    anything = t("workbench.params.any")
    # Streamlit shows a None value as the placeholder, so the placeholder must read 'any' too.
    return st.selectbox(label, options, key=key, placeholder=anything,
                        format_func=lambda v: anything if v is None else name(v))


def _names(frame: pd.DataFrame, id_column: str, name_column: str) -> Callable[[Any], str]:
    """Return a function from an id to its display name in a reference frame."""
    names = dict(zip(frame[id_column], frame[name_column], strict=True))
    return lambda value: str(names.get(value, value))
