"""Create a new query file from a template that already passes `queries check`."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.query.sqlfile import QuerySpec, parse_query_file

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*)+$")

TEMPLATE = """/*---
title: {{zh: 新查询 {name}, en: New query {name}}}
description:
  zh: 用一句话说明这个查询回答什么问题。
  en: "Say in one sentence which question this query answers."
chart: {{type: bar, x: township, y: communities}}   # bar, line, area, scatter, pie, funnel or table
params:
  township: {{type: township, default: null}}   # a picker; the sidebar filter pre-fills it
  lang: {{type: lang, default: zh}}             # the UI language, for bilingual names
  # more widget types: date, month, number, integer, text, bool, area, community
  # (narrows to the chosen township) and choice, e.g. {{type: choice, default: a, options: [a, b]}}
source: demo                                  # published, demo or derived
---*/
with towns as (
    select * from townships
    where $township is null or township_id = $township
)

select
    in_lang($lang, t.name_zh, t.name_en) as township,   -- English, else the Chinese where it is empty
    count(c.community_id) as communities
from towns as t
left join communities as c using (township_id)
group by all
order by communities desc
"""


class ScaffoldError(ValueError):
    """The new query's name is not usable, or its file already exists."""


def create_query_file(root: Path, name: str) -> QuerySpec:
    """Write `<root>/<name>.sql` from the template, refusing to overwrite; return the parsed spec."""
    query_id = name.strip().removesuffix(".sql").strip("/")
    if not NAME_RE.match(query_id):
        raise ScaffoldError(f"name it <section>/<name> in lowercase letters, digits and _, "
                            f"e.g. voice/demands_by_month (got {name!r})")
    path = root / f"{query_id}.sql"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root.parent)} already exists; choose another name")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(name=query_id), encoding="utf-8")
    return parse_query_file(path, root)
