"""Maps on the page: the boundaries of the snapshot being read, drawn offline, and a click that picks a township."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.present.maps import Shapes
from dashboard.ui.frame import filters
from dashboard.ui.frame.context import Context
from dashboard.ui.frame.lang import current_lang, t
from dashboard.ui.frame.text import say

# Served by Streamlit's static file serving (server.enableStaticServing) from dashboard/static/.
TOPOJSON_PATH = "app/static/topojson/"


def shapes(ctx: Context, level: str) -> Shapes:
    """Return the boundaries of a level in the snapshot this run reads, with names in the reader's language."""
    lang = current_lang()
    # Parsed and re-wound once per snapshot for every session: a page run may ask for them several times.
    def read(at: str) -> pd.DataFrame:
        return ctx.reader.frame("reference/boundaries", {"level": at, "lang": lang})

    return ctx.reader.keep(f"maps.shapes.{level}.{lang}", lambda: Shapes.from_frame(
        level, read(level), read("township") if level == "community" else None))


def has_shapes(ctx: Context, level: str) -> bool:
    """Say whether any place of the level has a boundary; without one a map says how to load them."""
    if shapes(ctx, level).geometry:
        return True
    st.info(say("maps.no_shapes", level=t(f"maps.level_{level}")), icon=":material/map:")
    return False


def config(stem: str | None = None) -> dict[str, object]:
    """Return the Plotly config of a map: the local empty world topology, so nothing is fetched from the internet."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    settings: dict[str, object] = {"displaylogo": False, "scrollZoom": False,
                                   "topojsonURL": f"/{base + '/' if base else ''}{TOPOJSON_PATH}"}
    if stem:
        settings["toImageButtonOptions"] = {"format": "png", "scale": 2, "filename": stem}
    return settings


PICKED = "maps._picked"  # a widget value of the map's click, read once by the next draw


def show(fig: go.Figure, key: str, township_of: Mapping[str, str] | None = None, stem: str | None = None) -> None:
    """Draw a map; when `township_of` maps its places to townships, a click on one sets the township filter."""
    if township_of is None:
        st.plotly_chart(fig, width="stretch", key=key, config=config(stem))
        return
    if st.session_state.pop(PICKED, False):
        # A click set the township filter, which the whole page reads; a map in a tab runs in a fragment, whose
        # rerun would redraw only the tab under the old selection.
        st.rerun(scope="app")
    # Keyed by the filter's value, so a township picked in the sidebar is not left highlighted from an old click.
    key = f"{key}.{st.session_state.get(filters.TOWNSHIP_KEY) or 'all'}"
    st.plotly_chart(fig, width="stretch", key=key, config=config(stem), on_select=partial(_picked, key, township_of),
                    selection_mode="points")
    st.caption(t("maps.click_hint"))


def _picked(key: str, township_of: Mapping[str, str]) -> None:
    """Set the township filter to the clicked place's township (a callback, so before the widgets are drawn).

    The sidebar's selector then checks the pick against the townships this reader may see.
    """
    event = st.session_state.get(key)
    points = event.selection.points if event is not None else []
    picked = [township_of[str(p["location"])] for p in points if str(p.get("location")) in township_of]
    if picked:
        st.session_state[filters.TOWNSHIP_KEY] = picked[0]
        st.session_state[PICKED] = True
