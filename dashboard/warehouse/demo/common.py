"""Shared pieces of the demo generator: seeding, dates, exact splitting and CSV output."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from dashboard.warehouse.build import DEMO_AS_OF
from dashboard.warehouse.schema import SCHEMA_FILE, table_names

SEED = 20181025
AS_OF = DEMO_AS_OF
PROGRAMME_START = date(2017, 9, 1)  # the article's 「一年来」 starts with 奥盾大院 in 2017-09

Row = dict[str, Any]


def rng_for(domain: str) -> random.Random:
    """Return a generator seeded per domain, so changing one domain leaves the others' rows unchanged."""
    # A str seed is hashed with SHA-512 by `random`, so it is stable across processes and versions.
    return random.Random(f"{SEED}:{domain}")


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split total into non-negative integers proportional to weights that sum to exactly total."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    shares = [int(r) for r in raw]
    # Largest remainder, ties broken by position, keeps the split exact and deterministic.
    order = sorted(range(len(raw)), key=lambda i: (shares[i] - raw[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def month_starts(first: date, last: date) -> list[date]:
    """Return the first day of every month from first's month to last's month, inclusive."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def month_end(month: date) -> date:
    """Return the last day of a month."""
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def random_day(rng: random.Random, first: date, last: date) -> date:
    """Return a uniformly chosen day between two dates, inclusive."""
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def day_in_month(rng: random.Random, month: date) -> date:
    """Return a day of the month that is not after the as-of date."""
    return random_day(rng, month, min(month_end(month), AS_OF))


def programme_share(day: date) -> float:
    """Return how far into the programme a day is, 0 at its start and 1 at the as-of date."""
    elapsed = (day - PROGRAMME_START).days / (AS_OF - PROGRAMME_START).days
    return min(1.0, max(0.0, elapsed))


def schema_columns() -> dict[str, list[str]]:
    """Return every table's columns in schema order, read from the one DDL file."""
    with duckdb.connect() as con:
        con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
        return {table: con.table(table).columns for table in table_names()}


def _cell(value: Any) -> str:
    """Format one value for the CSV: empty for NULL, ISO dates, lowercase booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> None:
    """Write rows as a UTF-8 CSV with a header in schema order and Unix line ends."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            if len(row) != len(columns):  # a stray or missing key would otherwise vanish silently
                raise ValueError(f"{path.name}: row keys {sorted(row)} do not match columns {list(columns)}")
            writer.writerow([_cell(row[c]) for c in columns])
