/*---
title: {zh: 工程一览（可搜索）, en: All works (searchable)}
description:
  zh: 每项工程的类别、地点、阶段、计划与实际日期、预算、支出和受益户数。搜索框匹配工程编号、名称、街镇和村（社区）名称。
  en: "Every work with its category, place, stage, planned and actual dates, budget, spending and households benefited. The search matches the work's id, its name and its township or community."
chart:
  labels:
    project_id: {zh: 编号, en: Id}
    work: {zh: 工程, en: Work}
    key_project: {zh: 重点项目, en: Key project}
    community: {zh: 村（社区）, en: Village or community}
    stage: {zh: 阶段, en: Stage}
    planned_start: {zh: 计划开工, en: Planned start}
    planned_end: {zh: 计划完工, en: Planned end}
    actual_start: {zh: 实际开工, en: Started}
    actual_end: {zh: 实际完工, en: Finished}
    budget_wan: {zh: 预算（万元）, en: "Budget (10k yuan)"}
    spent_wan: {zh: 已支出（万元）, en: "Spent (10k yuan)"}
    households_benefited: {zh: 受益户数, en: Households}
params:
  search: {type: text, default: null}
order: 10
---*/
-- A work belongs to the period when it was under way during it (see works_under_way in schema.sql).
with works as (
    select * from works_under_way($township, $area, $month_from, $month_to)
),

named as (
    select
        w.*,
        k.name_zh as key_project_zh,
        k.name_en as key_project_en
    from works as w
    left join key_projects as k on k.key_project_id = w.key_project_id
)

select
    n.project_id,
    in_lang($lang, n.name_zh, n.name_en) as work,
    n.category,
    in_lang($lang, n.key_project_zh, n.key_project_en) as key_project,
    in_lang($lang, n.township_zh, n.township_en) as township,
    -- Works outside any community show a blank community name.
    coalesce(in_lang($lang, n.community_zh, n.community_en), '') as community,
    n.stage,
    n.status,
    n.planned_start,
    n.planned_end,
    n.actual_start,
    n.actual_end,
    n.budget_wan::double as budget_wan,
    n.spent_wan::double as spent_wan,
    n.households_benefited
from named as n
where $search is null
    or contains(
        lower(concat_ws(' ', n.project_id, n.name_zh, n.name_en, n.township_zh, n.township_en, n.community_zh,
            n.community_en)),
        lower(trim($search))
    )
order by n.project_id
