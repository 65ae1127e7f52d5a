"""The one palette: which colour means what, in the app, on the big screen, on maps and in decks.

Three families that never share a hue, so a colour read anywhere means one thing:
- status hues (greens, amber, red, greys) say how something stands, and only that;
- categorical hues (blues, purples, browns, magentas) tell categories apart and carry no judgement;
- the pillars are told apart by their names and icons; where a chart needs a colour per pillar it takes one of
  the categorical hues, never a status hue.
Urban and rural keep one colour each everywhere.
"""

from __future__ import annotations

# Status hues. Done is the dark green, going as planned the light one, so 已达成 and 按计划 read apart on a map.
DONE = "#17693a"
ON_TRACK = "#58b06f"
TAKEN_UP = "#a9d8b5"    # taken up, not yet under way (a demand a key project adopted)
AT_RISK = "#e0a100"
OFF_TRACK = "#c8382e"
WAITING = "#9aa0a6"     # not started, no data, not yet covered
RECEIVED = "#6b7580"    # in hand, not yet judged

STATUS_HUES = frozenset({DONE, ON_TRACK, TAKEN_UP, AT_RISK, OFF_TRACK, WAITING, RECEIVED})

# Pace statuses of indicators and pillars.
PACE = {"met": DONE, "on_track": ON_TRACK, "at_risk": AT_RISK, "off_track": OFF_TRACK, "no_data": WAITING}

# The status vocabulary of works, demands and follow-ups (domains.code.status): finished is done, under way is on
# track, taken up the palest green, waiting grey, overdue off track.
PROGRESS = {"completed": DONE, "resolved": DONE, "done": DONE, "in_progress": ON_TRACK, "adopted": TAKEN_UP,
            "open": ON_TRACK, "planned": WAITING, "received": RECEIVED, "overdue": OFF_TRACK}

# Coverage is a state too: covered reads as done, uncovered as waiting.
COVERAGE = {"covered": DONE, "uncovered": WAITING}

# Categorical hues, in the order categories of one vocabulary take them (the vocabulary's own order).
CATEGORICAL = ("#1f4e79", "#7b5ea7", "#17808f", "#b4498c", "#8c5a3c", "#5b9bd5", "#3949ab", "#a48cc9",
               "#4f6d8a", "#e07fae", "#0b5f7a", "#6a3d6e")

# Urban and rural, fixed wherever they appear (charts, maps, decks).
AREA = {"urban": "#1f4e79", "rural": "#8c5a3c"}

# Where a chart draws one series per pillar.
PILLAR = {"city_change": "#1f4e79", "resident_perception": "#7b5ea7", "social_recognition": "#17808f"}

# One accent for the pillar cards: the pillar is named in words and marked by its icon, not coloured by status.
PILLAR_ACCENT = "#34495e"
PILLAR_ICONS = {"city_change": ":material/location_city:", "resident_perception": ":material/diversity_3:",
                "social_recognition": ":material/handshake:"}

# Vocabularies whose codes are statuses and take status hues; every other code vocabulary is categorical.
STATUS_VOCABULARIES = {"status": PROGRESS, "coverage": COVERAGE}
FIXED_VOCABULARIES = {"area": AREA}


def status_color(status: str) -> str:
    """Return the colour of a pace status (met, on_track, at_risk, off_track, no_data)."""
    return PACE.get(status, WAITING)


def code_color(vocabulary: str, code: str, position: int) -> str:
    """Return the one colour of a code: its status hue, its fixed hue, or the categorical hue of its position."""
    fixed = STATUS_VOCABULARIES.get(vocabulary) or FIXED_VOCABULARIES.get(vocabulary)
    if fixed is not None:
        return fixed.get(code, WAITING if vocabulary in STATUS_VOCABULARIES else CATEGORICAL[-1])
    return CATEGORICAL[position % len(CATEGORICAL)]
