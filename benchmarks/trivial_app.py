"""The floor for page timings: a title, a paragraph and one five-bar Plotly chart, with no data behind them."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

st.title("Trivial page")
st.write("A title, this paragraph and one bar chart: the least any page of the dashboard has to draw.")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c", "d", "e"], y=[3, 1, 4, 1, 5])))
