"""Overview: the page file queries/overview/page.yaml, drawn like every other page file."""

from __future__ import annotations

from dashboard.ui.blocks import page_file
from dashboard.ui.frame.context import Context


def render(ctx: Context) -> None:
    """Draw the overview's page file with the page run's context."""
    page_file.render_page("overview", ctx)
