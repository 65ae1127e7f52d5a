/*---
title: {zh: 注册志愿者：按村社, en: "Registered volunteers, by community"}
description:
  zh: 各村社截至所选月末累计注册的志愿者人数及每千名常住人口的注册人数，比例低的排在前面。
  en: "Volunteers registered in each community by the end of the selected period, and per thousand residents, lowest rate first."
chart:
  labels:
    population: {zh: 常住人口, en: Population}
    value: {zh: 注册志愿者, en: Registered volunteers}
    per_thousand: {zh: 每千人, en: Per thousand}
order: 21
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end.
with registered as (
    select r.community_id, sum(r.registered) as registered
    from volunteer_registrations as r
    where r.month <= counted_until($month_to)
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
