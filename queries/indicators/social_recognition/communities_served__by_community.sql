/*---
title: {zh: 服务延伸：按村社, en: "Services reaching each community"}
description:
  zh: 各村社截至所选月末已延伸到的服务项目数与最早延伸日期，尚未覆盖的排在前面。
  en: "Service lines that reach each village or community by the end of the selected period, and since when; those not yet reached first."
chart:
  labels:
    value: {zh: 已覆盖, en: Reached}
    services: {zh: 服务项目数, en: Service lines}
    first_reached: {zh: 最早延伸日期, en: First reached}
order: 51
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end.
with services as (
    select sc.community_id, count(*) as services, min(sc.since) as first_reached
    from service_coverage as sc
    where sc.since <= counted_until($month_to)
    group by sc.community_id
)

select
    case when $lang = 'en' then c.township_en else c.township_zh end as township,
    case when $lang = 'en' then c.name_en else c.name_zh end as community,
    (s.community_id is not null)::integer as value,
    coalesce(s.services, 0) as services,
    s.first_reached
from communities_located as c
left join services as s on s.community_id = c.community_id
where ($township is null or c.township_id = $township)
    and ($area is null or c.area = $area)
order by value, first_reached desc nulls first, community
