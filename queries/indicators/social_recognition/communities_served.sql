/*---
title: {zh: 公共服务延伸村社数, en: Communities reached by services}
description:
  zh: 2018年3月以来每月末已有「三留守」关爱等至少一项服务延伸到的村社数。选择街镇或城乡时，目标按该范围村社数占全市的份额（plan_share）分摊，即该范围的全部村社。
  en: "Villages and communities reached by at least one service line (care for the left-behind and others) by each month end, since 2018-03. Under a township or urban/rural selection the target is apportioned by the selection's share of all villages and communities (plan_share), i.e. all of the selection's."
pillar: social_recognition
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: count
  direction: higher
  baseline: {value: 0, date: 2018-03-01}
  target: {figure: communities_served, date: 2018-10-25}
  weight: 1
  communities: indicators/social_recognition/communities_served__by_community
  note: {zh: 报道：立体多元化服务延伸全市678个村社（截至2018-10-25）, en: "Report: services extended to all 678 villages and communities (by 2018-10-25)"}
order: 50
---*/
-- The programme's months from the baseline, 2018-03, to the as-of month, up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period >= date '2018-03-01' and m.period <= coalesce($month_to, m.period)
),

units as (
    select c.community_id
    from communities as c
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

plan as (
    select (select count(*) from units)::double / nullif((select count(*) from communities), 0) as plan_share
),

reached as (
    select sc.community_id, min(sc.since) as reached_on
    from service_coverage as sc
    join units as u using (community_id)
    group by sc.community_id
)

select
    m.period,
    count(r.community_id)::double as value,
    any_value(pl.plan_share) as plan_share
from months as m
cross join plan as pl
left join reached as r on r.reached_on < m.period + interval 1 month
group by m.period
order by m.period
