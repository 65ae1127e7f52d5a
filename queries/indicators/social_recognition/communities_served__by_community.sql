/*---
title: {zh: 服务延伸：按村社, en: "Services reaching each community"}
description:
  zh: 各村社截至所选月末已延伸到的服务项目数与最早延伸日期，尚未覆盖的排在前面。
  en: "Service lines that reach each village or community by the end of the selected period, and since when; those not yet reached first."
chart:
  type: table
  labels:
    township: {zh: 街镇, en: Township}
    community: {zh: 村社, en: Community}
    value: {zh: 已覆盖, en: Reached}
    services: {zh: 服务项目数, en: Service lines}
    first_reached: {zh: 最早延伸日期, en: First reached}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
  lang: {type: lang, default: zh}
order: 51
---*/
-- The last day counted: the as-of date, or the end of the selected month if that is earlier.
with as_of as (
    select least(a.as_of_date, coalesce(last_day($month_to), a.as_of_date)) as day
    from warehouse_as_of as a
),

services as (
    select sc.community_id, count(*) as services, min(sc.since) as first_reached
    from service_coverage as sc
    cross join as_of as a
    where sc.since <= a.day
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
