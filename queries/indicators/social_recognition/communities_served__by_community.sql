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
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end; each
-- community of the selection is listed (communities_named in schema.sql), reached or not.
select c.township, c.community,
    (count(sc.community_id) > 0)::integer as value,
    count(sc.community_id) as services,
    min(sc.since) as first_reached
from communities_named($township, $area, $lang) as c
left join service_coverage as sc on sc.community_id = c.community_id and sc.since <= counted_until($month_to)
group by c.community_id, c.township, c.community
-- Communities in different townships can share a name: the township breaks the tie.
order by value, first_reached desc nulls first, community, township
