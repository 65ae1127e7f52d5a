"""Benchmark: time a 20-chart briefing deck on the live warehouse, stage by stage.

Run: `.venv/bin/python -m benchmarks.bench_briefing [--charts 20] [--tabs 2] [--lang zh]`. Prints timings only.
The charts are the monthly preset's, repeated to the requested count.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable
from typing import TypeVar

from dashboard.base.settings import load_settings
from dashboard.briefing import archive, frame, render
from dashboard.briefing.collect import BriefingRequest, collect, open_runner
from dashboard.briefing.deck import build_deck
from dashboard.briefing.export import regenerate_command
from dashboard.briefing.fonts import require_cjk_font
from dashboard.briefing.pdfpages import merge_pdfs
from dashboard.briefing.presets import PRESETS_DIR, load_preset
from dashboard.query.registry import load_registry
from dashboard.query.scope import Scope

T = TypeVar("T")


def stage(name: str, func: Callable[[], T], totals: dict[str, float]) -> T:
    """Run one stage, print and record its wall time."""
    start = time.perf_counter()
    result = func()
    totals[name] = time.perf_counter() - start
    print(f"{name:34} {totals[name]:7.2f} s")
    return result


def batched(items: list, size: int) -> list[list]:
    """Split a list into consecutive batches."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def main() -> None:
    """Time each stage of a deck, then the ZIP and PDF on top of it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=20)
    parser.add_argument("--tabs", type=int, default=render.TABS, help="browser tabs rendering side by side")
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args()
    render.TABS = args.tabs
    totals: dict[str, float] = {}
    settings = load_settings()
    preset = load_preset(PRESETS_DIR / "monthly.yaml")
    query_ids = list(itertools.islice(itertools.cycle(preset.charts), args.charts))
    request = BriefingRequest.build(query_ids, Scope(lang=args.lang), preset)
    print(f"{args.charts} charts, {args.tabs} tab(s), language {args.lang}")
    stage("font check (fc-list)", require_cjk_font, totals)
    stage("browser start (once per process)", lambda: render.render_many([{"data": [], "layout": {}}]), totals)
    briefing = stage("queries + plots (collect)", lambda: collect(
        open_runner(settings), load_registry(settings.queries_dir), request), totals)
    plots = [chart.plot for chart in briefing.charts]
    pngs = stage("slides to PNG (2x)", lambda: [p for b in batched(plots, args.tabs)
                                                for p in render.render_many(b, "png", frame.SCALE)], totals)
    command = regenerate_command(request, briefing.info.snapshot_id)
    deck = stage("deck (python-pptx)", lambda: build_deck(briefing, pngs, command), totals)
    deck_total = sum(totals[k] for k in list(totals)[1:])
    print(f"{'= deck, browser start included':34} {deck_total:7.2f} s   ({len(deck) / 1e6:.1f} MB)")
    stage("ZIP of PNGs", lambda: archive.zip_bytes([(f"{i}.png", p) for i, p in enumerate(pngs)],
                                                  briefing.info.built_at), totals)
    pdfs = stage("slides to PDF", lambda: [p for b in batched(plots, args.tabs)
                                           for p in render.render_many(b, "pdf")], totals)
    stage("PDF pages joined", lambda: merge_pdfs(pdfs, "bench", briefing.filters, briefing.info.built_at), totals)
    print(f"{'= deck + ZIP + PDF':34} {sum(totals.values()) - totals['font check (fc-list)']:7.2f} s")


if __name__ == "__main__":
    main()
