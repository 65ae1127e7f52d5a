"""Townships and the city's 678 村社 (villages and communities)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import product

from dashboard.warehouse.demo.common import Row, rng_for

# (id, 中文, English, kind, area, source, number of 村社). Only 简城街道 and 平息乡 are named in the
# article; the other names are plain invented placeholders. Urban units add up to 200, rural to 478.
TOWNSHIPS: tuple[tuple[str, str, str, str, str, str, int], ...] = (
    ("T01", "简城街道", "Jiancheng Subdistrict", "subdistrict", "urban", "published", 60),
    ("T02", "东城街道", "Dongcheng Subdistrict", "subdistrict", "urban", "demo", 52),
    ("T03", "南城街道", "Nancheng Subdistrict", "subdistrict", "urban", "demo", 48),
    ("T04", "北城街道", "Beicheng Subdistrict", "subdistrict", "urban", "demo", 40),
    ("T05", "平息乡", "Pingxi Township", "township", "rural", "published", 58),
    ("T06", "青山镇", "Qingshan Town", "town", "rural", "demo", 62),
    ("T07", "河湾镇", "Hewan Town", "town", "rural", "demo", 60),
    ("T08", "石桥镇", "Shiqiao Town", "town", "rural", "demo", 64),
    ("T09", "新田镇", "Xintian Town", "town", "rural", "demo", 57),
    ("T10", "桃源镇", "Taoyuan Town", "town", "rural", "demo", 55),
    ("T11", "云峰镇", "Yunfeng Town", "town", "rural", "demo", 61),
    ("T12", "白马镇", "Baima Town", "town", "rural", "demo", 61),
)

# 村社 the article names: (township, 中文, English, kind). Where the article does not say which township
# a place is in, the placement is part of the demo.
NAMED_UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("T01", "政府街社区", "Zhengfujie Community", "community"),
    ("T01", "蜀阳社区", "Shuyang Community", "community"),
    ("T05", "清水村", "Qingshui Village", "village"),
    ("T07", "荷桥村", "Heqiao Village", "village"),
    ("T10", "菠萝村", "Boluo Village", "village"),
)
# A demo community to host the 滨江路 car park the article names.
HOST_UNITS: tuple[tuple[str, str, str, str], ...] = (("T01", "滨江社区", "Binjiang Community", "community"),)
RURAL_COMMUNITIES_PER_TOWNSHIP = 5  # 场镇社区: the market-town communities of a rural township
KEY_VILLAGES = 18
POOR_VILLAGES = 98
DEMO_MODEL_UNITS = 2

FIRST = (
    ("石", "Shi"), ("龙", "Long"), ("凤", "Feng"), ("金", "Jin"), ("银", "Yin"), ("马", "Ma"), ("桂", "Gui"),
    ("梨", "Li"), ("桃", "Tao"), ("柳", "Liu"), ("松", "Song"), ("竹", "Zhu"), ("兴", "Xing"), ("安", "An"),
    ("福", "Fu"), ("和", "He"), ("新", "Xin"), ("长", "Chang"), ("丰", "Feng"), ("高", "Gao"),
    ("双", "Shuang"), ("三", "San"), ("五", "Wu"), ("白", "Bai"), ("黄", "Huang"), ("红", "Hong"),
    ("大", "Da"), ("平", "Ping"), ("永", "Yong"), ("胜", "Sheng"), ("光", "Guang"), ("明", "Ming"),
    ("东", "Dong"), ("西", "Xi"), ("南", "Nan"), ("北", "Bei"), ("中", "Zhong"), ("文", "Wen"),
)
VILLAGE_SECOND = (
    ("河", "he"), ("山", "shan"), ("桥", "qiao"), ("湾", "wan"), ("坪", "ping"), ("坝", "ba"), ("溪", "xi"),
    ("林", "lin"), ("田", "tian"), ("塘", "tang"), ("泉", "quan"), ("岭", "ling"), ("峰", "feng"),
    ("堰", "yan"), ("沟", "gou"), ("岩", "yan"), ("庙", "miao"), ("井", "jing"), ("坡", "po"),
)
COMMUNITY_SECOND = (
    ("路", "lu"), ("街", "jie"), ("苑", "yuan"), ("门", "men"), ("城", "cheng"), ("坊", "fang"),
    ("华", "hua"), ("府", "fu"), ("兴", "xing"), ("园", "yuan"),
)


@dataclass(frozen=True)
class Unit:
    """One village or community, with the attributes later domains draw on."""

    community_id: str
    township_id: str
    name_zh: str
    name_en: str
    kind: str
    area: str
    is_key_village: bool
    is_poor_village: bool
    is_model_community: bool
    households: int
    population: int
    source: str


def township_rows() -> list[Row]:
    """Return the twelve township rows."""
    keys = ("township_id", "name_zh", "name_en", "kind", "area", "source")
    return [dict(zip(keys, spec[:6], strict=True)) for spec in TOWNSHIPS]


def _name_pool(rng: random.Random, second: tuple[tuple[str, str], ...],
               suffix: tuple[str, str]) -> list[tuple[str, str]]:
    """Return shuffled unique (中文, English) names built from two syllables and a suffix."""
    pool = [(f"{a}{b}{suffix[0]}", f"{pa}{pb} {suffix[1]}") for (a, pa), (b, pb) in product(FIRST, second)]
    rng.shuffle(pool)
    return pool


def _unit_plan(rng: random.Random) -> list[tuple[str, str, str, str, str]]:
    """Return (township, 中文, English, kind, source) for every 村社, named ones first in their township."""
    villages = _name_pool(rng, VILLAGE_SECOND, ("村", "Village"))
    communities = _name_pool(rng, COMMUNITY_SECOND, ("社区", "Community"))
    plan = []
    for tid, _zh, _en, _kind, area, _src, size in TOWNSHIPS:
        named = [(t, zh, en, k, "published") for t, zh, en, k in NAMED_UNITS if t == tid]
        named += [(t, zh, en, k, "demo") for t, zh, en, k in HOST_UNITS if t == tid]
        n_comm = size if area == "urban" else RURAL_COMMUNITIES_PER_TOWNSHIP
        n_comm -= sum(1 for u in named if u[3] == "community")
        n_vill = size - len(named) - n_comm
        plan += named
        plan += [(tid, zh, en, "community", "demo") for zh, en in (communities.pop() for _ in range(n_comm))]
        plan += [(tid, zh, en, "village", "demo") for zh, en in (villages.pop() for _ in range(n_vill))]
    return plan


def _flags(rng: random.Random, plan: list[tuple[str, str, str, str, str]]) -> dict[str, set[int]]:
    """Pick which units are key villages, poor villages and model communities."""
    named = {p[1]: i for i, p in enumerate(plan)}
    villages = [i for i, p in enumerate(plan) if p[3] == "village" and p[4] == "demo"]
    key = {named["清水村"], named["荷桥村"], named["菠萝村"]}
    key |= set(rng.sample(villages, KEY_VILLAGES - len(key)))
    poor = {named["清水村"]} | set(rng.sample([i for i in villages if i not in key], POOR_VILLAGES - 1))
    model = {named["蜀阳社区"], named["荷桥村"], named["菠萝村"], named["政府街社区"]}
    model |= set(rng.sample(sorted(key - model), DEMO_MODEL_UNITS))
    return {"key": key, "poor": poor, "model": model}


def _size(rng: random.Random, kind: str, area: str) -> tuple[int, int]:
    """Return plausible (households, population) for one unit."""
    if area == "urban":
        households = rng.randint(1500, 6000)
    elif kind == "community":
        households = rng.randint(800, 2500)
    else:
        households = rng.randint(300, 1200)
    per_household = rng.uniform(2.5, 3.0) if area == "urban" else rng.uniform(3.0, 3.6)
    return households, round(households * per_household)


def make_units() -> list[Unit]:
    """Return all 678 村社 in a stable order (by township, named units first)."""
    rng = rng_for("places")
    plan = _unit_plan(rng)
    flags = _flags(rng, plan)
    area_of = {spec[0]: spec[4] for spec in TOWNSHIPS}
    units = []
    for i, (tid, zh, en, kind, source) in enumerate(plan):
        households, population = _size(rng, kind, area_of[tid])
        units.append(Unit(f"C{i + 1:04d}", tid, zh, en, kind, area_of[tid], i in flags["key"],
                          i in flags["poor"], i in flags["model"], households, population, source))
    return units


def unit_rows(units: list[Unit]) -> list[Row]:
    """Return community rows for the CSV."""
    return [dict(vars(u)) for u in units]


def by_name(units: list[Unit], name_zh: str) -> Unit:
    """Return the unit with a given Chinese name."""
    return next(u for u in units if u.name_zh == name_zh)
