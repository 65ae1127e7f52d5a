/*---
title: {zh: 城市社区养老设施：按村社, en: "Urban elderly care, by community"}
description:
  zh: 城市街道各村社截至所选月末是否已有建成的养老设施及其建成日期，尚未覆盖的排在前面。
  en: "Whether each village or community of an urban township has a completed elderly-care facility by the end of the selected period, and since when; uncovered first."
chart:
  type: table
  labels:
    township: {zh: 街镇, en: Township}
    community: {zh: 村社, en: Community}
    value: {zh: 已覆盖, en: Covered}
    covered_on: {zh: 建成日期, en: Completed on}
    pending: {zh: 在建或计划, en: In progress or planned}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
  lang: {type: lang, default: zh}
order: 41
---*/
-- The last day counted: the as-of date, or the end of the selected month if that is earlier.
with as_of as (
    select least(a.as_of_date, coalesce(last_day($month_to), a.as_of_date)) as day
    from warehouse_as_of as a
),

care as (
    select
        f.community_id,
        min(f.completed_on) filter (where f.status = 'completed') as covered_on,
        count(*) filter (where f.status <> 'completed') > 0 as pending
    from facilities as f
    where f.kind = 'elderly_care'
    group by f.community_id
)

select
    case when $lang = 'en' then c.township_en else c.township_zh end as township,
    case when $lang = 'en' then c.name_en else c.name_zh end as community,
    coalesce(cr.covered_on <= a.day, false)::integer as value,
    case when cr.covered_on <= a.day then cr.covered_on end as covered_on,
    coalesce(cr.pending, false) as pending
from communities_located as c
cross join as_of as a
left join care as cr on cr.community_id = c.community_id
where c.area = 'urban'
    and ($township is null or c.township_id = $township)
    and ($area is null or c.area = $area)
order by value, township, community
