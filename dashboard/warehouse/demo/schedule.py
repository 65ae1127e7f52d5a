"""Planned and actual dates for works, consistent with a status at the as-of date."""

from __future__ import annotations

import random
from datetime import date, timedelta

from dashboard.warehouse.demo.common import AS_OF, PROGRAMME_START, Row, random_day

STAGE_OF_STATUS = {"planned": "planning", "completed": "completed"}  # in_progress works name their own stage


def schedule(rng: random.Random, status: str, days: int) -> Row:
    """Return planned/actual start and end for a work of about `days` days; some run late."""
    if status == "planned":
        start = random_day(rng, AS_OF + timedelta(days=30), AS_OF + timedelta(days=240))
        return _dates(start, start + timedelta(days=days), None, None)
    if status == "completed":
        earliest = PROGRAMME_START + timedelta(days=days * 3 // 4)
        actual_end = random_day(rng, min(earliest, AS_OF - timedelta(days=10)), AS_OF)
        took = round(days * rng.uniform(0.75, 1.05))
        actual_start = max(PROGRAMME_START, actual_end - timedelta(days=took))
    else:
        # Most works under way are inside their planned window; about one in six has overrun it.
        actual_start = max(PROGRAMME_START, AS_OF - timedelta(days=round(days * rng.uniform(0.2, 1.15))))
        actual_end = None
    slip = rng.choice((0, 0, 0, 0, 0, 7, 14, 30))  # days the start slipped behind plan
    planned_start = max(PROGRAMME_START, actual_start - timedelta(days=slip))
    return _dates(planned_start, planned_start + timedelta(days=days), actual_start, actual_end)


def _dates(planned_start: date, planned_end: date, actual_start: date | None, actual_end: date | None) -> Row:
    """Return the four schedule columns."""
    return {"planned_start": planned_start, "planned_end": planned_end,
            "actual_start": actual_start, "actual_end": actual_end}


def roll_up(rows: list[Row]) -> Row:
    """Return a key project's dates and status from its works: earliest start, latest end."""
    statuses = {r["status"] for r in rows}
    status = next(iter(statuses)) if len(statuses) == 1 else "in_progress"
    started = [r["actual_start"] for r in rows if r["actual_start"]]
    return {
        **_dates(min(r["planned_start"] for r in rows), max(r["planned_end"] for r in rows),
                 min(started) if started else None,
                 max(r["actual_end"] for r in rows) if status == "completed" else None),
        "status": status,
    }
