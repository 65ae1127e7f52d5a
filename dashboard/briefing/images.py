"""Render briefing charts to slide images: PNG at 2× for slides and the ZIP, PDF for the printable document."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dashboard.briefing import frame, render
from dashboard.briefing.collect import BriefChart

Progress = Callable[[int, int], None]


def render_slides(charts: Sequence[BriefChart], formats: Sequence[str] = ("png",),
                  progress: Progress | None = None) -> dict[str, list[bytes]]:
    """Return, per format, one slide image per chart in order; report (done, total) after each batch."""
    out: dict[str, list[bytes]] = {fmt: [] for fmt in formats}
    total = len(charts)
    # Batches as wide as the browser has tabs keep every tab busy and give a steady progress bar.
    for start in range(0, total, render.TABS):
        plots = [chart.plot for chart in charts[start:start + render.TABS]]
        for fmt in formats:
            out[fmt].extend(render.render_many(plots, fmt, frame.SCALE if fmt == "png" else 1))
        if progress:
            progress(min(start + len(plots), total), total)
    return out


def slide_png(chart: BriefChart) -> bytes:
    """Render one chart's slide image as PNG."""
    return render_slides([chart])["png"][0]
