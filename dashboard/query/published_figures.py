"""The figures the source article states (`published_figures.csv`), read for indicator targets that name one."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FIGURES_FILE = "published_figures.csv"


@dataclass(frozen=True)
class PublishedFigure:
    """One stated figure: its value, unit, and how it is stated ("more than 2,000", to the nearest 0.1 …)."""

    figure_id: str
    value: float
    unit: str
    qualifier: str
    precision: float
    source: str  # the file it was read from, for error messages


def load_published_figures(seed_dir: Path) -> dict[str, PublishedFigure]:
    """Return the figures of seed_dir/published_figures.csv by id (none when the file is missing)."""
    path = seed_dir / FIGURES_FILE
    if not path.exists():
        return {}
    stat = path.stat()
    return _read(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int, size: int) -> dict[str, PublishedFigure]:
    """Read one version of the file; its modification time and size are part of the cache key."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["figure_id"]: PublishedFigure(
            figure_id=row["figure_id"], value=float(row["value"]), unit=row["unit"],
            qualifier=row.get("qualifier") or "exact", precision=float(row.get("precision") or 1),
            source=str(path)) for row in csv.DictReader(handle)}
