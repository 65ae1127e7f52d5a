"""The 1831 resident demands and suggestions, each folded into one of the 21 key projects."""

from __future__ import annotations

import random
from datetime import date

from dashboard.warehouse.demo.common import AS_OF, PROGRAMME_START, Row, allocate, random_day, rng_for
from dashboard.warehouse.demo.places import Unit

DEMANDS = 1831
LINKED_TO_WORK = 0.85  # the rest ask for the key project in general, not for one work
STATUS_OF = {"planned": "adopted", "in_progress": "in_progress", "completed": "resolved"}
RURAL_ONLY = {"K14", "K19"}  # village service centres and left-behind care
# key project: (relative number of demands, ((category, 中文, English), ...))
TEMPLATES: dict[str, tuple[int, tuple[tuple[str, str, str], ...]]] = {
    "K01": (260, (("housing_repair", "院落管网老化，希望整体改造", "Replace the courtyard's ageing pipes"),
                  ("security", "院落无门卫，希望增设安防", "Add gate-keeping and security to the courtyard"),
                  ("environment", "垃圾收集点脏乱，希望规范设置", "Tidy the courtyard's rubbish point"))),
    "K02": (120, (("housing_repair", "城中村房屋破旧，希望纳入改造", "Include run-down housing in renewal"),
                  ("environment", "城中村污水横流，希望整治", "Fix open sewage in the urban village"))),
    "K03": (220, (("environment", "小巷路面破损，希望修补", "Repair the lane's broken paving"),
                  ("security", "背街小巷夜间照明不足", "Light the back street at night"),
                  ("environment", "乱搭乱建占道，希望清理", "Clear illegal structures from the lane"))),
    "K04": (60, (("culture", "希望打造有本地文化特色的街区", "Give the street a local character"),
                 ("public_space", "希望街区增加休憩座椅", "Add seating along the street"))),
    "K05": (90, (("housing_repair", "棚户区房屋漏雨，希望改造", "Renovate leaking shantytown housing"),)),
    "K06": (50, (("public_services", "希望场镇完善公共服务配套", "Improve the market town's services"),
                 ("roads", "场镇道路狭窄，希望拓宽", "Widen the market town's roads"))),
    "K07": (30, (("environment", "希望保护林盘、改善人居环境", "Protect the linpan, improve village life"),)),
    "K08": (25, (("public_space", "希望拆除违建、增加开敞空间", "Remove illegal builds, add open space"),)),
    "K09": (70, (("public_space", "希望在家门口增加小游园", "Add a pocket park near home"),
                 ("public_space", "缺少儿童游乐场地", "Add a children's play area"))),
    "K10": (25, (("community_services", "希望建设一站式社区综合体", "Build a one-stop community complex"),)),
    "K11": (160, (("parking", "小区停车难，希望新建停车场", "Build car parks to ease parking"),
                  ("parking", "路边乱停车，希望规范管理", "Manage street parking"))),
    "K12": (35, (("environment", "城南市场脏乱，希望搬迁拆除", "Relocate the untidy Chengnan market"),
                 ("public_space", "希望市场拆除后建设广场", "Build a square on the market site"))),
    "K13": (110, (("community_services", "社区活动阵地狭小，希望扩建", "Enlarge the cramped centre"),
                  ("culture", "希望社区增设阅览室", "Add a reading room"))),
    "K14": (90, (("public_services", "村上缺少便民服务场所", "Add a village service centre"),
                 ("public_services", "希望利用闲置校舍建设服务中心", "Turn the idle school into a centre"))),
    "K15": (180, (("elderly_care", "希望社区开设托老中心", "Open a day-care centre for the elderly"),
                  ("elderly_care", "老人吃饭难，希望办老年食堂", "Start a canteen for older residents"))),
    "K16": (40, (("security", "希望建立村（社区）综治中心", "Set up a governance centre"),)),
    "K17": (60, (("security", "路口缺少监控，希望安装", "Install cameras at junctions"),)),
    "K18": (35, (("community_services", "希望引入专业社会组织服务", "Bring in professional social groups"),)),
    "K19": (80, (("left_behind_care", "留守老人无人照看", "Care for left-behind elderly"),
                 ("education", "留守儿童缺少课外辅导", "After-school help for left-behind children"))),
    "K20": (30, (("community_services", "希望组织志愿者上门服务", "Organise volunteer home visits"),)),
    "K21": (40, (("public_services", "希望社区事务能在网上办理", "Offer community services online"),)),
}


def _origin(rng: random.Random, surveyed: list[Unit], work: Row | None, pool: list[Unit]) -> Unit:
    """Return the surveyed unit a demand came from: near its work when it has one, else from the pool."""
    if work is None:
        return rng.choice(pool)
    home = [u for u in surveyed if u.community_id == work["community_id"]]
    if home and rng.random() < 0.5:
        return home[0]
    return rng.choice([u for u in surveyed if u.township_id == work["township_id"]])


def _pool(surveyed: list[Unit], kid: str, works: list[Row]) -> list[Unit]:
    """Return the units a key project's general demands come from: its works' townships, or an area."""
    if works:
        townships = {w["township_id"] for w in works}
        return [u for u in surveyed if u.township_id in townships]
    return [u for u in surveyed if u.area == "rural"] if kid in RURAL_ONLY else surveyed


def _channel(rng: random.Random, unit: Unit, meetings: list[Row], last: date) -> tuple[str, date, str | None]:
    """Return (channel, received_on, meeting_id); a meeting channel needs a meeting held in time."""
    held = [m for m in meetings if m["community_id"] == unit.community_id and m["held_on"] <= last]
    channel = rng.choices(("questionnaire", "household_visit", "meeting"), (40, 45, 15))[0]
    if channel == "meeting" and held:
        meeting = rng.choice(held)
        return "meeting", meeting["held_on"], meeting["meeting_id"]
    channel = "household_visit" if channel == "meeting" else channel
    return channel, random_day(rng, PROGRAMME_START, last), None


def _demand(rng: random.Random, key: Row, works: list[Row], surveyed: list[Unit], meetings: list[Row]) -> Row:
    """Return one demand traced to its key project and, usually, to one work in its township."""
    kid = key["key_project_id"]
    work = rng.choice(works) if works and rng.random() < LINKED_TO_WORK else None
    unit = _origin(rng, surveyed, work, _pool(surveyed, kid, works))
    # A demand reaches the programme before the work that answers it is finished.
    last = work["actual_end"] if work and work["actual_end"] else AS_OF
    channel, received_on, meeting_id = _channel(rng, unit, meetings, last)
    category, zh, en = rng.choice(TEMPLATES[kid][1])
    status = STATUS_OF[(work or key)["status"]]
    return {"community_id": unit.community_id, "received_on": received_on, "channel": channel,
            "category": category, "summary_zh": zh, "summary_en": en, "status": status,
            "key_project_id": kid, "project_id": work["project_id"] if work else None,
            "meeting_id": meeting_id}


def demand_rows(surveyed: list[Unit], keys: list[Row], works: list[Row], meetings: list[Row]) -> list[Row]:
    """Return all demands, numbered in the order they were received."""
    rng = rng_for("demands")
    counts = allocate(DEMANDS, [TEMPLATES[k["key_project_id"]][0] for k in keys])
    rows = []
    for key, count in zip(keys, counts, strict=True):
        mine = [w for w in works if w["key_project_id"] == key["key_project_id"]]
        rows += [_demand(rng, key, mine, surveyed, meetings) for _ in range(count)]
    rows.sort(key=lambda r: (r["received_on"], r["community_id"]))
    return [{"demand_id": f"D{i + 1:05d}", **r} for i, r in enumerate(rows)]
