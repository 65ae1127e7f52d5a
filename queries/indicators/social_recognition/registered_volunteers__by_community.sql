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
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end; each
-- community of the selection is listed (communities_named in schema.sql), with or without volunteers.
with registered as (
    select c.community_id, c.township, c.community, c.population, coalesce(sum(r.registered), 0) as value
    from communities_named($township, $area, $lang) as c
    left join volunteer_registrations as r on r.community_id = c.community_id and r.month <= counted_until($month_to)
    group by c.community_id, c.township, c.community, c.population
)

select rv.township, rv.community, rv.population, rv.value,
    round(1000.0 * rv.value / nullif(rv.population, 0), 1) as per_thousand
from registered as rv
-- Communities in different townships can share a name: the township breaks the tie.
order by per_thousand, community, township
