"""Timing shared by the benchmark scripts: the median of repeated wall-clock runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(func: Callable[[], object], repeat: int) -> float:
    """Return the median wall time of func in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
