/*---
title: {zh: 21 个重点项目：计划与实际进度, en: "The key projects: planned and actual schedule"}
description:
  zh: 每个重点项目的计划起止日期与实际开工、完工日期；在建项目的实际进度画到数据截至日。选择街镇或城乡时只列在该范围内有工程或诉求的项目；选择时间段时只列该时段内计划或实际在进行的项目。
  en: "Each key project's planned window and its actual start and finish; projects under way run to the as-of date. A township or urban/rural selection keeps the projects with a work or a demand there; a period keeps those planned or under way during it."
chart:
  labels:
    key_project: {zh: 重点项目, en: Key project}
    planned_start: {zh: 计划开始, en: Planned start}
    planned_end: {zh: 计划结束, en: Planned end}
    actual_start: {zh: 实际开始, en: Started}
    actual_end: {zh: 实际完成, en: Finished}
    demands: {zh: 采纳诉求, en: Demands adopted}
order: 5
---*/
with places as (
    select p.key_project_id, count(*) as works
    from projects_located as p
    where ($township is null or p.township_id = $township)
        and ($area is null or p.area = $area)
    group by p.key_project_id
),

voices as (
    select d.key_project_id, count(*) as demands
    from resident_demands as d
    join communities as c using (community_id)
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
    group by d.key_project_id
)

select
    k.key_project_id,
    in_lang($lang, k.name_zh, k.name_en) as key_project,
    k.status,
    k.planned_start,
    k.planned_end,
    k.actual_start,
    k.actual_end,
    a.as_of_date as as_of,
    coalesce(pl.works, 0) as works,
    coalesce(v.demands, 0) as demands
from key_projects as k
cross join warehouse_as_of as a
left join places as pl on pl.key_project_id = k.key_project_id
left join voices as v on v.key_project_id = k.key_project_id
where (($township is null and $area is null) or pl.works > 0 or v.demands > 0)
    and ($month_from is null
        or greatest(k.planned_end, coalesce(k.actual_end, a.as_of_date)) >= cast($month_from as date))
    and ($month_to is null
        or least(k.planned_start, coalesce(k.actual_start, k.planned_start)) < cast($month_to as date) + interval 1 month)
order by k.key_project_id
