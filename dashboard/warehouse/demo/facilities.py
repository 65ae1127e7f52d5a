"""Service facilities (elderly care, party-mass centres, governance, 雪亮工程, social organisations) and
the services that reach each 村社."""

from __future__ import annotations

import random
from datetime import date, timedelta

from dashboard.warehouse.demo.common import AS_OF, PROGRAMME_START, Row, random_day, rng_for
from dashboard.warehouse.demo.places import TOWNSHIPS, Unit, by_name

# Elderly-care plan per area: (covered at the as-of date, of which already covered before the programme,
# in progress, planned). 197 of 200 urban units = 98.5 %; 143 of 478 rural units = 29.9 % → 30 %.
ELDERLY_CARE = {"urban": (197, 120, 2, 1), "rural": (143, 45, 30, 12)}
POOR_VILLAGE_CENTRES = 98          # completed before this year
VILLAGE_CENTRES_NEW = 126          # started this year, newly built
VILLAGE_CENTRES_RENOVATED = 30     # started this year in idle state assets (school buildings)
GOVERNANCE_CENTRES = (291, 9)      # completed, in progress
XUELIANG_SITES = 176               # all in progress
SOCIAL_ORG_STATIONS_DONE = 9       # of the 12 township stations
SOCIAL_ORG_POINTS = (28, 12)       # community service points: completed, in progress
EARLY = date(2013, 1, 1)


def _facility(kind: str, unit: Unit | None, township_id: str, status: str, started: date | None,
              completed: date | None, build_mode: str | None = "new", level: str | None = "community") -> Row:
    """Return one facility row."""
    return {"community_id": unit.community_id if unit else None, "township_id": township_id, "kind": kind,
            "level": level, "build_mode": build_mode, "status": status, "started_on": started,
            "completed_on": completed, "source": "demo"}


def _built(rng: random.Random, kind: str, unit: Unit, first: date, last: date) -> Row:
    """Return a completed facility finished between two dates after a few months' work."""
    done = random_day(rng, first, last)
    if done < PROGRAMME_START:  # pre-programme facilities are recorded without a start date
        return _facility(kind, unit, unit.township_id, "completed", None, done, "existing")
    mode = "renovated_idle_asset" if rng.random() < 0.25 else "new"
    started = done - timedelta(days=rng.randint(60, 180))
    return _facility(kind, unit, unit.township_id, "completed", started, done, mode)


def _pending(rng: random.Random, kind: str, unit: Unit, status: str, first: date) -> Row:
    """Return a facility still in progress (started after `first`) or only planned."""
    if status == "planned":
        return _facility(kind, unit, unit.township_id, "planned", None, None)
    return _facility(kind, unit, unit.township_id, "in_progress", random_day(rng, first, AS_OF), None)


def elderly_care_rows(rng: random.Random, units: list[Unit]) -> list[Row]:
    """Return elderly-care facilities so that coverage grows month by month to the published rates."""
    rows = []
    for area, (covered, before, in_progress, planned) in ELDERLY_CARE.items():
        pool = [u for u in units if u.area == area]
        rng.shuffle(pool)
        pool.sort(key=lambda u: not u.is_model_community)  # model communities are among the covered
        for i, unit in enumerate(pool[: covered + in_progress + planned]):
            if i < before:
                rows.append(_built(rng, "elderly_care", unit, EARLY, PROGRAMME_START - timedelta(days=1)))
            elif i < covered:
                rows.append(_built(rng, "elderly_care", unit, PROGRAMME_START, AS_OF))
            else:
                status = "in_progress" if i < covered + in_progress else "planned"
                rows.append(_pending(rng, "elderly_care", unit, status, date(2018, 5, 1)))
    return rows


def party_mass_rows(rng: random.Random, units: list[Unit]) -> list[Row]:
    """Return village party-mass centres: 98 done in poor villages, 126 new + 30 renovated started in 2018."""
    rows = []
    for unit in (u for u in units if u.is_poor_village):
        started = random_day(rng, date(2016, 3, 1), date(2017, 3, 31))
        mode = "renovated_idle_asset" if rng.random() < 0.15 else "new"
        rows.append(_facility("party_mass_centre", unit, unit.township_id, "completed", started,
                              started + timedelta(days=rng.randint(150, 280)), mode))
    others = rng.sample([u for u in units if u.kind == "village" and not u.is_poor_village],
                        VILLAGE_CENTRES_NEW + VILLAGE_CENTRES_RENOVATED)
    for i, unit in enumerate(others):
        mode = "renovated_idle_asset" if i < VILLAGE_CENTRES_RENOVATED else "new"
        started = random_day(rng, date(2018, 2, 26), date(2018, 10, 20))
        # Refitting an idle school is quick, so some of those are already finished.
        done = started + timedelta(days=rng.randint(60, 120)) if mode != "new" else None
        done = done if done and done <= AS_OF else None
        status = "completed" if done else "in_progress"
        rows.append(_facility("party_mass_centre", unit, unit.township_id, status, started, done, mode))
    return rows


def governance_rows(rng: random.Random, units: list[Unit]) -> list[Row]:
    """Return village/community governance centres: 291 built, a few still being fitted out."""
    done, in_progress = GOVERNANCE_CENTRES
    hosts = rng.sample(units, done + in_progress)
    rows = [_built(rng, "governance_centre", u, date(2016, 6, 1), AS_OF) for u in hosts[:done]]
    rows += [_pending(rng, "governance_centre", u, "in_progress", date(2018, 6, 1)) for u in hosts[done:]]
    return rows


def xueliang_rows(rng: random.Random, units: list[Unit]) -> list[Row]:
    """Return the 176 雪亮工程 video-security sites under way; some sit on township roads, not in a 村社."""
    rows = []
    for _ in range(XUELIANG_SITES):
        unit = rng.choice(units)
        on_road = rng.random() < 0.2
        rows.append(_facility("xueliang_site", None if on_road else unit, unit.township_id, "in_progress",
                              random_day(rng, date(2018, 3, 20), date(2018, 10, 15)), None,
                              level="township" if on_road else "community"))
    return rows


def social_org_rows(rng: random.Random, units: list[Unit]) -> list[Row]:
    """Return the three-level social-organisation system: city centre, township stations, community points."""
    rows = [_facility("social_org_centre", None, "T01", "completed", date(2018, 4, 10), date(2018, 7, 1),
                      level="city")]
    for i, spec in enumerate(TOWNSHIPS):
        started = random_day(rng, date(2018, 5, 1), date(2018, 8, 31))
        done = started + timedelta(days=rng.randint(30, 50)) if i < SOCIAL_ORG_STATIONS_DONE else None
        rows.append(_facility("social_org_centre", None, spec[0], "completed" if done else "in_progress",
                              started, done, level="township"))
    done_points, open_points = SOCIAL_ORG_POINTS
    hosts = rng.sample([u for u in units if u.kind == "community"], done_points + open_points)
    for i, unit in enumerate(hosts):
        rows.append(_built(rng, "social_org_centre", unit, date(2018, 6, 1), AS_OF) if i < done_points
                    else _pending(rng, "social_org_centre", unit, "in_progress", date(2018, 7, 1)))
    return rows


def facility_rows(units: list[Unit]) -> list[Row]:
    """Return every facility, numbered by kind in generation order."""
    rows = []
    for name, make in (("elderly", elderly_care_rows), ("party_mass", party_mass_rows),
                       ("governance", governance_rows), ("xueliang", xueliang_rows),
                       ("social_org", social_org_rows)):
        rows += make(rng_for(f"facilities.{name}"), units)
    return [{"facility_id": f"F{i + 1:04d}", **r} for i, r in enumerate(rows)]


def service_coverage_rows(units: list[Unit]) -> list[Row]:
    """Return services that reach each 村社: 「三留守」 care reaches all 678, two others a few."""
    rng = rng_for("facilities.services")
    rows = [{"community_id": u.community_id, "service": "three_left_behind_care",
             "since": random_day(rng, date(2018, 3, 1), date(2018, 9, 30))} for u in units]
    poor = sorted(rng.sample([u for u in units if u.is_poor_village], 40), key=lambda u: u.community_id)
    rows += [{"community_id": u.community_id, "service": "kinship_line_room",
              "since": random_day(rng, date(2018, 4, 1), date(2018, 10, 15))} for u in poor]
    rows.append({"community_id": by_name(units, "清水村").community_id, "service": "magic_classroom",
                 "since": date(2018, 7, 9)})
    return sorted(rows, key=lambda r: (r["community_id"], r["service"]))
