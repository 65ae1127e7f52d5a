"""The server process of `python -m dashboard run`: Streamlit, with the pages' libraries loaded before any reader."""

from __future__ import annotations

import importlib
import os
import sys
import tomllib
from pathlib import Path

import plotly.graph_objects as go
from streamlit.web import cli as streamlit_cli

from dashboard.access.roles import RolesFileError, load_roles, roles_path
from dashboard.base.settings import REPO_ROOT

APP = REPO_ROOT / "dashboard" / "app.py"
# Importing these took about 4 s of the first visit after a start on the 2-core machine (python -X importtime).
# No module that declares a Streamlit cache is among them: before the server runs, a cache would bind to a
# stand-in store.
MODULES = ("pandas", "pyarrow", "duckdb", "scipy.stats", "plotly.express", "openpyxl", "dashboard.present.plots",
           "dashboard.present.charts", "dashboard.metrics.pillars", "dashboard.engine.runner",
           "dashboard.query.registry", "dashboard.metrics.warmup")


def preload() -> None:
    """Import the page modules' libraries and build one plot, so Plotly's validators are loaded too."""
    for name in MODULES:
        importlib.import_module(name)
    go.Figure(go.Bar(x=["a"], y=[1])).to_json()


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def login_configured() -> bool:
    """Say whether a secrets file Streamlit reads ([project]/.streamlit or ~/.streamlit) has an [auth] section."""
    for folder in (Path.cwd(), Path.home()):
        path = folder / ".streamlit" / "secrets.toml"
        if path.is_file() and "auth" in tomllib.loads(path.read_text(encoding="utf-8")):
            return True
    return False


def address_of(streamlit_args: list[str]) -> str | None:
    """Return the --server.address among Streamlit's options (or its environment variable), if any."""
    for i, arg in enumerate(streamlit_args):
        if arg == "--server.address" and i + 1 < len(streamlit_args):
            return streamlit_args[i + 1]
        if arg.startswith("--server.address="):
            return arg.split("=", 1)[1]
    return os.environ.get("STREAMLIT_SERVER_ADDRESS")


def safe_args(streamlit_args: list[str]) -> list[str]:
    """Return the options to serve with: without login only on this machine; raise SystemExit if asked otherwise."""
    if login_configured():
        load_roles(roles_path())  # a broken roles file stops the start, naming its line
        return streamlit_args
    address = address_of(streamlit_args)
    if address is None:
        return ["--server.address", "127.0.0.1", *streamlit_args]
    if address not in LOOPBACK:
        raise SystemExit(f"refusing to serve on {address} with no login: add an [auth] section to "
                         ".streamlit/secrets.toml (docs/operators.md, \"Login and roles\"), or serve on 127.0.0.1")
    return streamlit_args


def serve(streamlit_args: list[str]) -> int:
    """Check where and how to serve, preload, then run `streamlit run app.py` until the server stops."""
    try:
        streamlit_args = safe_args(streamlit_args)
    except RolesFileError as exc:
        raise SystemExit(str(exc)) from exc
    preload()
    # The maps' empty world topology is served from dashboard/static/ whatever folder the server starts in
    # (.streamlit/config.toml is read from the working folder only): without it a map asks the internet.
    streamlit_args = ["--server.enableStaticServing", "true", *streamlit_args]
    result = streamlit_cli.main(args=["run", str(APP), *streamlit_args], prog_name="streamlit",
                                standalone_mode=False)
    return int(result or 0)


if __name__ == "__main__":
    raise SystemExit(serve(sys.argv[1:]))
