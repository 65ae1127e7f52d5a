"""Door-to-door survey: which units were surveyed, questionnaires, household visits and 坝坝会."""

from __future__ import annotations

import math
import random
from datetime import date

from dashboard.warehouse.demo.common import (
    AS_OF,
    PROGRAMME_START,
    Row,
    allocate,
    day_in_month,
    month_starts,
    programme_share,
    random_day,
    rng_for,
)
from dashboard.warehouse.demo.places import TOWNSHIPS, Unit

SURVEYED_COMMUNITIES = 70
SURVEYED_RURAL_COMMUNITIES = 12  # the rest of the 70 are urban
QUESTIONNAIRES = 35_286          # article: 35000余
HOUSEHOLD_VISITS = 26_147        # article: 26000余户
MEETINGS = 65
SURVEY_MONTHS = month_starts(PROGRAMME_START, AS_OF)
# Relative survey effort per month: a slow start, a Spring-Festival dip in 2018-02, a partial last month.
MONTH_EFFORT = (0.6, 0.9, 1.1, 1.0, 0.9, 0.5, 1.0, 1.1, 1.2, 1.0, 0.9, 0.8, 0.9, 0.6)
# Township (level offset, pace of improvement): two townships lag so the pillar views have something to show.
MOOD = {
    "T01": (0.30, 1.1), "T02": (0.15, 1.0), "T03": (0.00, 0.9), "T04": (-0.35, 0.5),
    "T05": (0.05, 1.0), "T06": (-0.10, 0.9), "T07": (0.10, 1.0), "T08": (-0.40, 0.45),
    "T09": (0.00, 0.8), "T10": (0.05, 1.0), "T11": (-0.15, 0.7), "T12": (0.00, 0.9),
}
CONCERNS = {
    "urban": (("parking", 5), ("elderly_care", 4), ("housing_repair", 4), ("environment", 3),
              ("public_space", 2), ("security", 2)),
    "rural": (("education", 3), ("elderly_care", 4), ("left_behind_care", 4), ("roads", 2),
              ("environment", 2), ("public_services", 3)),
}
AGE_BANDS = {"urban": (0.30, 0.45, 0.25), "rural": (0.20, 0.40, 0.40)}
MEETING_TOPICS = {
    "urban": (("老旧院落改造方案征求意见", "Old courtyard renovation plan"),
              ("停车难问题协商", "Parking shortage"), ("社区养老服务需求", "Elderly care needs"),
              ("背街小巷整治意见", "Back-street rectification"),
              ("特色街区设计征求意见", "Featured street design")),
    "rural": (("村级党群服务中心选址", "Village service centre site"),
              ("留守儿童关爱", "Care for left-behind children"),
              ("村道与环境整治", "Village roads and upkeep"),
              ("农村养老服务需求", "Rural elderly care needs")),
}


def surveyed_units(units: list[Unit]) -> list[Unit]:
    """Return the 70 communities and 18 key villages the survey covered, every township included."""
    rng = rng_for("survey.units")
    must = {"政府街社区", "蜀阳社区", "滨江社区"}
    chosen = [u for u in units if u.name_zh in must or u.is_key_village]
    urban_quota = allocate(SURVEYED_COMMUNITIES - SURVEYED_RURAL_COMMUNITIES - len(must),
                           [t[6] for t in TOWNSHIPS if t[4] == "urban"])
    rural_quota = allocate(SURVEYED_RURAL_COMMUNITIES, [1] * sum(1 for t in TOWNSHIPS if t[4] == "rural"))
    ordered = [t[0] for t in TOWNSHIPS if t[4] == "urban"] + [t[0] for t in TOWNSHIPS if t[4] == "rural"]
    for tid, quota in zip(ordered, urban_quota + rural_quota, strict=True):
        pool = [u for u in units if u.township_id == tid and u.kind == "community" and u.name_zh not in must]
        chosen += rng.sample(pool, quota)
    return sorted(chosen, key=lambda u: u.community_id)


def _cells(units: list[Unit], total: int) -> list[tuple[date, Unit, int]]:
    """Split a survey total over (month, unit) cells by survey effort and unit size."""
    unit_weight = [math.sqrt(u.households) * (1.4 if u.area == "urban" else 1.0) for u in units]
    keys = [(m, u) for m in SURVEY_MONTHS for u in units]
    weights = [e * w for e in MONTH_EFFORT for w in unit_weight]
    return [(m, u, n) for (m, u), n in zip(keys, allocate(total, weights), strict=True) if n]


def _score(rng: random.Random, mean: float, spread: float, skip: float) -> int | None:
    """Return a 1–5 answer around a mean, or None when the respondent skipped it."""
    if rng.random() < skip:
        return None
    return min(5, max(1, round(rng.gauss(mean, spread))))


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    """Return one option drawn by its weight."""
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _questionnaire(rng: random.Random, unit: Unit, day: date) -> Row:
    """Return one returned questionnaire whose answers improve with time and vary by township."""
    offset, pace = MOOD[unit.township_id]
    gain = 1.1 * programme_share(day) * pace
    recognises = None
    if rng.random() >= 0.04:
        recognises = rng.random() < min(0.95, max(0.05, 0.38 + 0.4 * gain + 0.25 * offset))
    age = None if rng.random() < 0.03 else rng.choices(("18-34", "35-59", "60+"), AGE_BANDS[unit.area])[0]
    return {
        "community_id": unit.community_id, "collected_on": day, "age_band": age,
        "satisfaction": _score(rng, 3.0 + offset + gain, 0.85, 0.02),
        "sense_of_gain": _score(rng, 2.7 + offset + 1.1 * gain, 0.9, 0.03),
        "recognises_work": recognises,
        "top_concern": None if rng.random() < 0.05 else _weighted(rng, CONCERNS[unit.area]),
    }


def questionnaire_rows(surveyed: list[Unit]) -> list[Row]:
    """Return every returned questionnaire, numbered in date order."""
    rng = rng_for("survey.questionnaires")
    rows = []
    for month, unit, count in _cells(surveyed, QUESTIONNAIRES):
        rows += [_questionnaire(rng, unit, d) for d in sorted(day_in_month(rng, month) for _ in range(count))]
    rows.sort(key=lambda r: (r["collected_on"], r["community_id"]))
    return [{"questionnaire_id": f"Q{i + 1:06d}", **r} for i, r in enumerate(rows)]


def visit_rows(surveyed: list[Unit]) -> list[Row]:
    """Return every household visit, numbered in date order."""
    rng = rng_for("survey.visits")
    rows = []
    for month, unit, count in _cells(surveyed, HOUSEHOLD_VISITS):
        for day in (day_in_month(rng, month) for _ in range(count)):
            issues = rng.choices((0, 1, 2, 3, 4), (30, 35, 20, 10, 5))[0]
            rows.append({"community_id": unit.community_id, "visited_on": day, "issues_raised": issues})
    rows.sort(key=lambda r: (r["visited_on"], r["community_id"]))
    return [{"visit_id": f"V{i + 1:06d}", **r} for i, r in enumerate(rows)]


def meeting_rows(surveyed: list[Unit]) -> list[Row]:
    """Return the 65 consultation meetings, some units holding two."""
    rng = rng_for("survey.meetings")
    hosts = rng.sample(surveyed, 52)
    hosts += rng.sample([u for u in hosts if u.area == "urban"], MEETINGS - len(hosts))
    rows = []
    for unit in hosts:
        topic_zh, topic_en = rng.choice(MEETING_TOPICS[unit.area])
        held_on = random_day(rng, date(2017, 9, 15), date(2018, 9, 30))
        rows.append({"community_id": unit.community_id, "held_on": held_on, "topic_zh": topic_zh,
                     "topic_en": topic_en, "attendees": rng.randint(25, 120)})
    rows.sort(key=lambda r: (r["held_on"], r["community_id"]))
    return [{"meeting_id": f"M{i + 1:03d}", **r} for i, r in enumerate(rows)]
