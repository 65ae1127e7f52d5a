"""The server process of `python -m dashboard run`: Streamlit, with the pages' libraries loaded before any reader."""

from __future__ import annotations

import importlib
import sys

import plotly.graph_objects as go
from streamlit.web import cli as streamlit_cli

from dashboard.settings import REPO_ROOT

APP = REPO_ROOT / "dashboard" / "app.py"
# Importing these took about 4 s of the first visit after a start on the 2-core machine (python -X importtime).
# No module that declares a Streamlit cache is among them: before the server runs, a cache would bind to a
# stand-in store.
MODULES = ("pandas", "pyarrow", "duckdb", "scipy.stats", "plotly.express", "openpyxl", "dashboard.figures",
           "dashboard.charts", "dashboard.pillars", "dashboard.runner", "dashboard.registry", "dashboard.warmup")


def preload() -> None:
    """Import the page modules' libraries and build one figure, so Plotly's validators are loaded too."""
    for name in MODULES:
        importlib.import_module(name)
    go.Figure(go.Bar(x=["a"], y=[1])).to_json()


def serve(streamlit_args: list[str]) -> int:
    """Preload, then run `streamlit run app.py` with Streamlit's own options until the server stops."""
    preload()
    result = streamlit_cli.main(args=["run", str(APP), *streamlit_args], prog_name="streamlit",
                                standalone_mode=False)
    return int(result or 0)


if __name__ == "__main__":
    raise SystemExit(serve(sys.argv[1:]))
