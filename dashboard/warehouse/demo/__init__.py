"""Deterministic demo data set: synthetic detail records that add up to the figures of the seed article.

`generate(out_dir)` writes one CSV per warehouse table except `published_figures` (hand-curated facts)
and `snapshot_info` (written by the build). Same code, same bytes: no wall clock, fixed seeds.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.warehouse.demo import demands, facilities, places, survey, volunteers, works
from dashboard.warehouse.demo.common import Row, schema_columns, write_csv

# Written by hand (the report's figures, the demo meetings in editions.csv and follow_ups.csv) or by every write.
# Boundaries are laid out by the build (warehouse/schematic.py) from the generated places, not written as CSV.
NOT_GENERATED = ("published_figures", "snapshot_info", "column_labels", "editions", "follow_ups", "boundaries")


def build_tables() -> dict[str, list[Row]]:
    """Return every generated table's rows, domains built in dependency order."""
    units = places.make_units()
    surveyed = survey.surveyed_units(units)
    meetings = survey.meeting_rows(surveyed)
    projects = works.project_rows(units)
    key_projects = works.key_project_rows(projects)
    teams = volunteers.team_rows(units)
    return {
        "townships": places.township_rows(),
        "communities": places.unit_rows(units),
        "questionnaires": survey.questionnaire_rows(surveyed),
        "household_visits": survey.visit_rows(surveyed),
        "consultation_meetings": meetings,
        "key_projects": key_projects,
        "projects": projects,
        "resident_demands": demands.demand_rows(surveyed, key_projects, projects, meetings),
        "facilities": facilities.facility_rows(units),
        "service_coverage": facilities.service_coverage_rows(units),
        "volunteer_teams": teams,
        "volunteer_registrations": volunteers.registration_rows(units),
        "volunteer_activities": volunteers.activity_rows(units, teams),
    }


def generate(out_dir: Path) -> None:
    """Write one UTF-8 CSV per generated table into out_dir, columns in schema order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = build_tables()
    columns = schema_columns()
    expected = [t for t in columns if t not in NOT_GENERATED]
    if sorted(tables) != sorted(expected):
        raise RuntimeError(f"demo tables {sorted(tables)} do not match the schema's {sorted(expected)}")
    for table in expected:
        write_csv(out_dir / f"{table}.csv", columns[table], tables[table])
