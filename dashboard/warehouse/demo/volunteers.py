"""Volunteer teams, monthly registrations and volunteer activities."""

from __future__ import annotations

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
from dashboard.warehouse.demo.places import TOWNSHIPS, Unit, by_name

TEAMS = 890                     # article: 志愿者队伍890支
TOWNSHIP_TEAMS_EACH = 2
REGISTERED = 121_586            # article: 注册志愿者12万余名
ACTIVITIES = 2_063              # article: 志愿服务活动2000余次
REGISTRATION_MONTHS = month_starts(date(2016, 1, 1), AS_OF)
ACTIVITY_MONTHS = month_starts(PROGRAMME_START, AS_OF)
TEAM_TYPES = (
    ("党员先锋", "Party members"), ("巾帼", "Women's"), ("青年", "Youth"), ("老兵", "Veterans'"),
    ("邻里守望", "Neighbourhood watch"), ("文明劝导", "Civility"), ("关爱留守", "Left-behind care"),
    ("助老", "Elder support"), ("环保", "Green"),
)
CAMPAIGNS = {
    "urban": (("我爱成都 文明交通 绿色出行", "I love Chengdu: civil traffic, green travel"),
              ("社区环境清洁日", "Community clean-up day"), ("敬老助老志愿服务", "Elder support visits"),
              ("政策宣讲进院落", "Policy talks in the courtyards"), ("义诊进社区", "Free health check-ups")),
    "rural": (("志愿服务进万家 文明新风润乡村", "Volunteering for every home, civility for the villages"),
              ("「三留守」人员关爱走访", "Visits to left-behind residents"),
              ("乡村环境清洁日", "Village clean-up day"),
              ("敬老助老志愿服务", "Elder support visits")),
}
# 「大山里的魔法教室」: 10 Wuhan University students at 清水村 over the 2018 summer holiday, weekly sessions.
MAGIC_CLASSROOM_DAYS = (date(2018, 7, 9), date(2018, 7, 16), date(2018, 7, 23), date(2018, 7, 30),
                        date(2018, 8, 6), date(2018, 8, 13))
MAGIC_CLASSROOM_VOLUNTEERS = 10


def _founded(rng: random.Random) -> date:
    """Return a founding date skewed towards recent years, as most teams formed with the programme."""
    return max(random_day(rng, date(2012, 1, 1), AS_OF), random_day(rng, date(2012, 1, 1), AS_OF))


def team_rows(units: list[Unit]) -> list[Row]:
    """Return the 890 volunteer teams: two per township, the rest spread over 村社 by size."""
    rng = rng_for("volunteers.teams")
    rows = []
    for tid, zh, en, *_ in TOWNSHIPS:
        for type_zh, type_en in rng.sample(TEAM_TYPES, TOWNSHIP_TEAMS_EACH):
            rows.append({"township_id": tid, "community_id": None, "name_zh": f"{zh}{type_zh}志愿服务总队",
                         "name_en": f"{en} {type_en} volunteer corps", "founded_on": _founded(rng),
                         "members": rng.randint(50, 300)})
    weights = [u.population ** 0.7 * (1.3 if u.area == "urban" else 1.0) for u in units]
    for unit, count in zip(units, allocate(TEAMS - len(rows), weights), strict=True):
        for type_zh, type_en in rng.sample(TEAM_TYPES, count):
            rows.append({"township_id": unit.township_id, "community_id": unit.community_id,
                         "name_zh": f"{unit.name_zh}{type_zh}志愿服务队",
                         "name_en": f"{unit.name_en} {type_en} volunteer team",
                         "founded_on": _founded(rng), "members": rng.randint(8, 80)})
    return [{"team_id": f"VT{i + 1:04d}", **r} for i, r in enumerate(rows)]


def registration_rows(units: list[Unit]) -> list[Row]:
    """Return registrations per 村社 and month, rising with the programme, peaking each March and December."""
    def month_weight(month: date) -> float:
        """Return relative sign-ups in a month: 学雷锋 in March and Volunteer Day in December draw more."""
        return (1 + 2.5 * programme_share(month)) * (1.6 if month.month in (3, 12) else 1.0)

    cells = [(u, m) for u in units for m in REGISTRATION_MONTHS]
    weights = [u.population * (1.3 if u.area == "urban" else 1.0) * month_weight(m) for u, m in cells]
    return [{"community_id": u.community_id, "month": m, "registered": n}
            for (u, m), n in zip(cells, allocate(REGISTERED, weights), strict=True) if n]


def _team_for(rng: random.Random, teams: list[Row], unit: Unit, day: date) -> str | None:
    """Return a team of the unit (or else of its township) that existed on the day, if any."""
    local = [t for t in teams if t["community_id"] == unit.community_id and t["founded_on"] <= day]
    local = local or [t for t in teams if t["community_id"] is None and t["township_id"] == unit.township_id
                      and t["founded_on"] <= day]
    return rng.choice(local)["team_id"] if local else None


def activity_rows(units: list[Unit], teams: list[Row]) -> list[Row]:
    """Return volunteer activities spread over the programme months, plus the magic-classroom sessions."""
    rng = rng_for("volunteers.activities")
    qingshui = by_name(units, "清水村")
    rows = [{"team_id": None, "community_id": qingshui.community_id, "held_on": day,
             "name_zh": "「大山里的魔法教室」暑期课堂",
             "name_en": "Magic Classroom in the Mountains: summer class",
             "volunteers": MAGIC_CLASSROOM_VOLUNTEERS, "external_org_zh": "武汉大学"}
            for day in MAGIC_CLASSROOM_DAYS]
    month_weights = [1 + programme_share(m) for m in ACTIVITY_MONTHS]
    unit_weights = [u.population ** 0.5 for u in units]
    for _ in range(ACTIVITIES - len(rows)):
        unit = rng.choices(units, unit_weights)[0]
        day = day_in_month(rng, rng.choices(ACTIVITY_MONTHS, month_weights)[0])
        name_zh, name_en = rng.choice(CAMPAIGNS[unit.area])
        rows.append({"team_id": _team_for(rng, teams, unit, day), "community_id": unit.community_id,
                     "held_on": day, "name_zh": name_zh, "name_en": name_en,
                     "volunteers": rng.randint(5, 60), "external_org_zh": None})
    rows.sort(key=lambda r: (r["held_on"], r["community_id"]))
    return [{"activity_id": f"VA{i + 1:05d}", **r} for i, r in enumerate(rows)]
