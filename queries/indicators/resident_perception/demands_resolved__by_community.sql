/*---
title: {zh: 民生需求办结：按村社, en: "Resident demands resolved, by community"}
description:
  zh: 各村社截至所选月末收到的民生需求数与已办结数（对应工程已完工），办结率低的排在前面。
  en: "Resident demands each community raised by the end of the selected period and how many are resolved (their work completed), lowest share resolved first."
chart:
  labels:
    received: {zh: 收到需求, en: Received}
    resolved: {zh: 已办结, en: Resolved}
    value: {zh: 办结率 %, en: Resolved %}
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end.
with demands as (
    select d.community_id, p.actual_end as resolved_on
    from resident_demands as d
    left join projects as p on p.project_id = d.project_id
    where d.received_on <= counted_until($month_to)
)

select
    c.township,
    c.community,
    count(*) as received,
    count(*) filter (where d.resolved_on <= counted_until($month_to)) as resolved,
    round(100.0 * count(*) filter (where d.resolved_on <= counted_until($month_to)) / count(*), 1) as value
from demands as d
join communities_named($township, $area, $lang) as c using (community_id)
-- By the community, not by its names: two 村社 of one township may share an English name.
group by c.community_id, c.township, c.community
order by value, received desc, community
