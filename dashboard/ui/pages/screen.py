"""Big screen (大屏): the pillars, the lagging indicators and the key projects, in turn, for a meeting-room display."""

from __future__ import annotations

from dashboard.ui.blocks import screen

screen.render()
