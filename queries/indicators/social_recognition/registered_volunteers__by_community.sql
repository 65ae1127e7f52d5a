/*---
title: {zh: 注册志愿者：按村社, en: "Registered volunteers, by community"}
description:
  zh: 各村社截至所选月末累计注册的志愿者人数及每千名常住人口的注册人数，比例低的排在前面。
  en: "Volunteers registered in each community by the end of the selected period, and per thousand residents, lowest rate first."
chart:
  type: table
  labels:
    township: {zh: 街镇, en: Township}
    community: {zh: 村社, en: Community}
    population: {zh: 常住人口, en: Population}
    value: {zh: 注册志愿者, en: Registered volunteers}
    per_thousand: {zh: 每千人, en: Per thousand}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
  lang: {type: lang, default: zh}
order: 21
---*/
-- The last day counted: the as-of date, or the end of the selected month if that is earlier.
with as_of as (
    select least(a.as_of_date, coalesce(last_day($month_to), a.as_of_date)) as day
    from warehouse_as_of as a
),

registered as (
    select r.community_id, sum(r.registered) as registered
    from volunteer_registrations as r
    cross join as_of as a
    where r.month <= a.day
    group by r.community_id
)

select
    case when $lang = 'en' then c.township_en else c.township_zh end as township,
    case when $lang = 'en' then c.name_en else c.name_zh end as community,
    c.population,
    coalesce(r.registered, 0) as value,
    round(1000.0 * coalesce(r.registered, 0) / nullif(c.population, 0), 1) as per_thousand
from communities_located as c
left join registered as r on r.community_id = c.community_id
where ($township is null or c.township_id = $township)
    and ($area is null or c.area = $area)
-- Communities in different townships can share a name: the township breaks the tie.
order by per_thousand, community, township
