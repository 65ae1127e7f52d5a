"""The 21 key projects (重点项目) and the individual works (projects) that deliver them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from itertools import product

from dashboard.warehouse.demo.common import Row, allocate, rng_for
from dashboard.warehouse.demo.places import FIRST, TOWNSHIPS, Unit, by_name
from dashboard.warehouse.demo.schedule import STAGE_OF_STATUS, roll_up, schedule

# (id, 中文, English, category, source). The article names four of the 21 (「老旧院落改造、城中村改造、
# 背街小巷整治、特色街区创建等21个重点项目」); the rest are demo, drawn from the work it reports.
KEY_PROJECTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("K01", "老旧院落改造", "Old courtyard renovation", "old_courtyard", "published"),
    ("K02", "城中村改造", "Urban-village renovation", "urban_village", "published"),
    ("K03", "背街小巷整治", "Back-street rectification", "back_street", "published"),
    ("K04", "特色街区创建", "Featured street creation", "featured_street", "published"),
    ("K05", "棚户区改造", "Shantytown renovation", "shantytown", "demo"),
    ("K06", "特色镇建设", "Featured towns", "featured_town", "demo"),
    ("K07", "林盘聚落建设", "Linpan settlements", "linpan", "demo"),
    ("K08", "「两拆一增」", "Two demolitions, one addition", "two_demolish_one_add", "demo"),
    ("K09", "小游园·微绿地", "Pocket parks and micro green spaces", "pocket_park", "demo"),
    ("K10", "社区综合体建设", "Community complex", "community_complex", "demo"),
    ("K11", "地下停车场建设", "Underground car parks", "parking", "demo"),
    ("K12", "城南市场拆除与开敞空间", "Chengnan market and open space", "market_demolition", "demo"),
    ("K13", "社区党群服务中心改造", "Community service centre renovation", "community_centre", "demo"),
    ("K14", "村级党群服务中心建设", "Village party-mass service centres", "party_mass_centre", "demo"),
    ("K15", "社区养老服务提升", "Community elderly care", "elderly_care", "demo"),
    ("K16", "村（社区）综治中心建设", "Governance centres", "governance_centre", "demo"),
    ("K17", "「雪亮工程」", "Xueliang video-security project", "xueliang_site", "demo"),
    ("K18", "社会组织三级服务体系", "Social-organisation service system", "social_org_centre", "demo"),
    ("K19", "「三留守」人员关爱", "Care for the left-behind", "left_behind_care", "demo"),
    ("K20", "志愿服务进万家", "Volunteer services for every home", "volunteering", "demo"),
    ("K21", "智慧社区建设", "Smart communities", "smart_community", "demo"),
)
# Key projects delivered through facilities or services rather than works: fixed schedules.
FIXED_SCHEDULES: dict[str, tuple[date, date, date | None, str]] = {
    "K14": (date(2018, 1, 1), date(2018, 12, 31), date(2018, 2, 26), "in_progress"),
    "K15": (date(2017, 9, 1), date(2018, 12, 31), date(2017, 9, 15), "in_progress"),
    "K16": (date(2017, 9, 1), date(2018, 12, 31), date(2017, 10, 9), "in_progress"),
    "K17": (date(2018, 3, 1), date(2019, 6, 30), date(2018, 3, 20), "in_progress"),
    "K18": (date(2018, 3, 1), date(2018, 12, 31), date(2018, 4, 10), "in_progress"),
    "K19": (date(2018, 3, 1), date(2018, 10, 31), date(2018, 3, 1), "in_progress"),
    "K20": (date(2017, 9, 1), date(2018, 12, 31), date(2017, 9, 1), "in_progress"),
    "K21": (date(2018, 12, 1), date(2019, 12, 31), None, "planned"),
}


@dataclass(frozen=True)
class WorkKind:
    """How to generate the demo works of one category."""

    category: str
    key_project_id: str
    counts: tuple[int, int, int]       # completed, in progress, planned
    where: str                         # urban | rural_town | village | community
    stage: str                         # stage while in progress
    days: int
    budget_wan: tuple[int, int]
    households: tuple[int, int] | None = None


# Counts follow the article: 19 courtyards renovated (18 here plus 奥盾大院), 133 back streets, 5 featured
# street designs started, 7 featured towns, 6 林盘, 1 「两拆一增」, 5 new pocket parks, 1 complex site search.
WORK_KINDS = (
    WorkKind("old_courtyard", "K01", (18, 5, 0), "urban", "construction", 180, (80, 400), (40, 300)),
    WorkKind("urban_village", "K02", (3, 4, 1), "urban", "construction", 360, (500, 3000), (100, 800)),
    WorkKind("back_street", "K03", (133, 12, 0), "community", "construction", 90, (20, 150), (50, 400)),
    WorkKind("featured_street", "K04", (0, 5, 0), "urban", "design", 120, (800, 3000)),
    WorkKind("featured_town", "K06", (0, 7, 0), "rural_town", "construction", 540, (3000, 12000)),
    WorkKind("linpan", "K07", (0, 6, 0), "village", "construction", 360, (500, 2500), (30, 120)),
    WorkKind("two_demolish_one_add", "K08", (0, 1, 0), "urban", "construction", 240, (300, 800)),
    WorkKind("pocket_park", "K09", (5, 0, 2), "urban", "construction", 100, (50, 300)),
    WorkKind("community_complex", "K10", (0, 1, 0), "urban", "site_selection", 720, (5000, 15000)),
    WorkKind("community_centre", "K13", (4, 3, 1), "urban", "construction", 200, (100, 800)),
)
SHANTYTOWN_HOUSEHOLDS = 1442
SHANTYTOWN_WORKS = 6
COURTYARD_SOURCES = (
    ("粮站", "Grain depot"), ("供销社", "Supply co-op"), ("纺织厂", "Textile mill"),
    ("水泥厂", "Cement works"),
    ("农机站", "Farm machinery station"), ("电力公司", "Power company"), ("邮电局", "Post office"),
    ("食品厂", "Food factory"), ("化肥厂", "Fertiliser plant"), ("丝绸厂", "Silk mill"),
    ("机械厂", "Machinery plant"), ("印刷厂", "Printing works"), ("百货公司", "Department store"),
    ("运输公司", "Transport company"), ("建筑公司", "Construction company"),
    ("药材公司", "Herbal medicine company"),
    ("棉麻公司", "Cotton company"), ("五金公司", "Hardware company"), ("蔬菜公司", "Vegetable company"),
    ("物资局", "Materials bureau"), ("农资公司", "Farm supplies company"), ("电影公司", "Film company"),
    ("糖酒公司", "Sugar and liquor company"),
)
FEATURED_STREETS = (
    ("老城文化街", "Old Town Culture Street"), ("滨江休闲街", "Riverside Leisure Street"),
    ("东门美食街", "East Gate Food Street"), ("桂花巷", "Osmanthus Lane"),
    ("南门商贸街", "South Gate Market Street"),
)
STREET_SUFFIX = (("巷", "Lane"), ("街", "Street"), ("路", "Road"), ("里", "Alley"))
URBAN_TOWNSHIPS = tuple(t[0] for t in TOWNSHIPS if t[4] == "urban")
RURAL_TOWNS = tuple(t[0] for t in TOWNSHIPS if t[2].endswith("Town"))
TOWNSHIP_NAMES = {t[0]: (t[1], t[2]) for t in TOWNSHIPS}


def key_project_rows(works: list[Row]) -> list[Row]:
    """Return the 21 key projects, dated and given a status from their works or their fixed schedule."""
    rows = []
    for kid, zh, en, category, source in KEY_PROJECTS:
        mine = [w for w in works if w["key_project_id"] == kid]
        if mine:
            dates = roll_up(mine)
        else:
            planned_start, planned_end, actual_start, status = FIXED_SCHEDULES[kid]
            dates = {"planned_start": planned_start, "planned_end": planned_end,
                     "actual_start": actual_start, "actual_end": None, "status": status}
        rows.append({"key_project_id": kid, "name_zh": zh, "name_en": en, "category": category,
                     **dates, "source": source})
    return rows


def _site(rng: random.Random, units: list[Unit], where: str, index: int) -> tuple[str, Unit | None]:
    """Return (township, community) for a work; demo works avoid the units the article names."""
    if where == "rural_town":
        return RURAL_TOWNS[index % len(RURAL_TOWNS)], None  # one featured town per town
    demo = [u for u in units if u.source == "demo"]
    if where == "urban":
        pool = [u for u in demo if u.area == "urban"]
    elif where == "village":
        pool = [u for u in demo if u.kind == "village"]
    else:
        pool = [u for u in demo if u.kind == "community"]
    unit = rng.choice(pool)
    return unit.township_id, unit


def _work(rng: random.Random, kind: WorkKind, status: str, site: tuple[str, Unit | None]) -> Row:
    """Return one demo work with dates, money and reach; names are filled in by the caller."""
    budget = round(rng.uniform(*kind.budget_wan), 2)
    dates = schedule(rng, status, round(kind.days * rng.uniform(0.7, 1.3)))
    spent = {"planned": None, "completed": round(budget * rng.uniform(0.9, 1.08), 2),
             "in_progress": round(budget * rng.uniform(0.1, 0.8), 2)}[status]
    return {
        "key_project_id": kind.key_project_id, "category": kind.category, "township_id": site[0],
        "community_id": site[1].community_id if site[1] else None,
        "stage": STAGE_OF_STATUS.get(status, kind.stage), "status": status, **dates,
        "budget_wan": budget, "spent_wan": spent,
        "households_benefited": rng.randint(*kind.households) if kind.households else None,
        "floor_area_before": None, "floor_area_after": None, "rooms_before": None,
        "parking_spaces": None, "built_year": None, "source": "demo",
    }


def _names(kind: WorkKind, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Return `count` (中文, English) name stems for works of one kind."""
    if kind.category == "old_courtyard":
        return [(f"{zh}宿舍院落", f"{en} dormitory courtyard") for zh, en in COURTYARD_SOURCES[:count]]
    if kind.category == "featured_street":
        return list(FEATURED_STREETS[:count])
    if kind.category == "back_street":
        pool = [(f"{a}{b}", f"{pa} {pb}") for (a, pa), (b, pb) in product(FIRST, STREET_SUFFIX)]
        rng.shuffle(pool)
        return pool[:count]
    return [("", "")] * count  # named after their site by _label


def _label(category: str, stem: tuple[str, str], township_id: str, unit: Unit | None) -> tuple[str, str]:
    """Return a work's (中文, English) name from its stem or its site."""
    place_zh, place_en = (unit.name_zh, unit.name_en) if unit else TOWNSHIP_NAMES[township_id]
    zh_en = {
        "old_courtyard": (f"{stem[0]}改造", f"{stem[1]} renovation"),
        "back_street": (f"{stem[0]}整治", f"{stem[1]} rectification"),
        "featured_street": (f"{stem[0]}特色街区设计", f"{stem[1]} featured street design"),
        "urban_village": (f"{place_zh}城中村改造", f"{place_en} urban-village renovation"),
        "shantytown": (f"{place_zh}棚户区改造", f"{place_en} shantytown renovation"),
        "featured_town": (f"{place_zh}特色镇建设", f"{place_en} featured town"),
        "linpan": (f"{place_zh}林盘聚落", f"{place_en} linpan settlement"),
        "two_demolish_one_add": (f"{place_zh}「两拆一增」点位", f"{place_en} demolish-and-open-up site"),
        "pocket_park": (f"{place_zh}小游园", f"{place_en} pocket park"),
        "community_complex": (f"{place_zh}社区综合体选址", f"{place_en} community complex site selection"),
        "community_centre": (f"{place_zh}党群服务中心改造", f"{place_en} service centre renovation"),
    }
    return zh_en[category]


def _demo_works(rng: random.Random, units: list[Unit], kind: WorkKind) -> list[Row]:
    """Return the demo works of one kind, completed first, then in progress, then planned."""
    statuses = [s for s, n in zip(("completed", "in_progress", "planned"), kind.counts, strict=True)
                for _ in range(n)]
    rows = []
    for i, (status, stem) in enumerate(zip(statuses, _names(kind, rng, len(statuses)), strict=True)):
        site = _site(rng, units, kind.where, i)
        row = _work(rng, kind, status, site)
        row["name_zh"], row["name_en"] = _label(kind.category, stem, *site)
        if kind.category == "old_courtyard":
            row["built_year"] = rng.randint(1978, 2000)
        if kind.category == "community_centre":
            row["floor_area_before"] = float(rng.randrange(150, 600, 10))
            row["floor_area_after"] = float(rng.randrange(800, 2000, 50))
        rows.append(row)
    return rows


def _shantytown_works(rng: random.Random, units: list[Unit]) -> list[Row]:
    """Return the completed shantytown works, whose households add up to the article's 1442."""
    kind = WorkKind("shantytown", "K05", (SHANTYTOWN_WORKS, 0, 0), "urban", "construction", 300, (2000, 6000))
    rows = _demo_works(rng, units, kind)
    shares = allocate(SHANTYTOWN_HOUSEHOLDS, [rng.uniform(0.6, 1.4) for _ in rows])
    for row, households in zip(rows, shares, strict=True):
        row["households_benefited"] = households
    return rows


def _stated(category: str, key: str, name: tuple[str, str], unit: Unit, status: str,
            dates: tuple[date, date, date | None, date | None], money: tuple[float, float | None],
            **facts: object) -> Row:
    """Return a work the article names, with its stated facts and demo dates and money."""
    planned_start, planned_end, actual_start, actual_end = dates
    stage = facts.pop("stage", STAGE_OF_STATUS.get(status))
    row = {
        "key_project_id": key, "category": category, "name_zh": name[0], "name_en": name[1],
        "township_id": unit.township_id, "community_id": unit.community_id, "stage": stage, "status": status,
        "planned_start": planned_start, "planned_end": planned_end,
        "actual_start": actual_start, "actual_end": actual_end,
        "budget_wan": money[0], "spent_wan": money[1], "households_benefited": None,
        "floor_area_before": None, "floor_area_after": None, "rooms_before": None,
        "parking_spaces": None, "built_year": None, "source": "published",
    }
    return {**row, **facts}


def _published_works(rng: random.Random, units: list[Unit]) -> list[Row]:
    """Return the works the article names; only its stated facts are fixed, the rest is demo."""
    d = date
    host = rng.choice([u for u in units if u.township_id == "T01" and u.source == "demo"])
    south = rng.choice([u for u in units if u.township_id == "T03"])
    zfj, shuyang = by_name(units, "政府街社区"), by_name(units, "蜀阳社区")
    binjiang = by_name(units, "滨江社区")
    return [
        _stated("old_courtyard", "K01", ("奥盾大院改造", "Aodun courtyard renovation"), host,
                "completed", (d(2017, 9, 1), d(2018, 3, 31), d(2017, 9, 12), d(2018, 5, 18)),
                (260.0, 271.4), households_benefited=96, built_year=1993),
        _stated("community_centre", "K13", ("政府街社区党群服务中心改造", "Zhengfujie centre renovation"),
                zfj, "completed", (d(2017, 10, 1), d(2018, 5, 31), d(2017, 10, 16), d(2018, 6, 28)),
                (420.0, 436.5), rooms_before=4, floor_area_after=1500.0),
        _stated("community_centre", "K13", ("蜀阳社区党群服务中心改造", "Shuyang centre renovation"),
                shuyang, "in_progress", (d(2018, 3, 1), d(2018, 12, 31), d(2018, 4, 9), None),
                (680.0, 305.0), stage="construction", floor_area_before=560.0, floor_area_after=2100.0),
        _stated("parking", "K11", ("滨江路地下停车场", "Binjiang Road underground car park"), binjiang,
                "planned", (d(2019, 3, 1), d(2020, 6, 30), None, None), (9800.0, None), parking_spaces=986),
        _stated("parking", "K11", ("政府街地下停车场", "Zhengfu Street underground car park"), zfj,
                "planned", (d(2019, 4, 1), d(2020, 8, 31), None, None), (7200.0, None), parking_spaces=728),
        _stated("market_demolition", "K12", ("城南市场拆除", "Chengnan market demolition"), south,
                "completed", (d(2018, 3, 1), d(2018, 6, 30), d(2018, 3, 15), d(2018, 7, 20)), (850.0, 812.0)),
    ]


def project_rows(units: list[Unit]) -> list[Row]:
    """Return every work: the ones the article names, then demo works by category."""
    rng = rng_for("works")
    rows = _published_works(rng, units)
    for kind in WORK_KINDS:
        rows += _demo_works(rng, units, kind)
    rows += _shantytown_works(rng, units)
    return [{"project_id": f"P{i + 1:04d}", **r} for i, r in enumerate(rows)]
