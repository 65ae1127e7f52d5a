"""Overview: the page file queries/overview/page.yaml, drawn like every other page file."""

from __future__ import annotations

from dashboard.ui.blocks import page_file

page_file.render_page("overview")
