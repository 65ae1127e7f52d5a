/*---
title: {zh: 服务延伸到的村（社区）, en: Villages and communities the services reach}
description:
  zh: 每条服务线（「三留守」人员关爱、亲情连线室、魔法教室等）已延伸到的村（社区）数量，及占所选范围村社的比例。
  en: "How many villages and communities each service line reaches (care for the left-behind, family video-call rooms, the magic classroom …), and their share of the selection's villages and communities."
chart:
  type: bar
  x: service
  y: communities
  labels:
    service: {zh: 服务, en: Service}
    communities: {zh: 村（社区）数, en: Villages and communities}
    share_pct: {zh: 占比, en: Share}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
order: 12
---*/
-- The last day counted: the end of the selected month, else the as-of date.
with cutoff as (
    select coalesce(cast($month_to as date) + interval 1 month - interval 1 day, a.as_of_date) as day
    from warehouse_as_of as a
),

units as (
    select c.community_id
    from communities as c
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

reached as (
    select sc.service, count(distinct sc.community_id) as communities
    from service_coverage as sc
    join units as u using (community_id)
    cross join cutoff as k
    where sc.since <= k.day
    group by sc.service
)

select
    r.service,
    r.communities,
    round(100.0 * r.communities / (select count(*) from units), 1) as share_pct
from reached as r
order by r.communities desc, r.service
