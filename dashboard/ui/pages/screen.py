"""Big screen (大屏): the pillars, the lagging indicators and the key projects, in turn, for a meeting-room display."""

from __future__ import annotations

from dashboard.ui.blocks import screen
from dashboard.ui.frame.context import Context


def render(ctx: Context) -> None:
    """Draw the screen with the page run's context (its fragment renews the snapshot each scene)."""
    screen.render(ctx)
