/*---
title: {zh: 已开工「雪亮工程」点位, en: Xueliang video-security sites started}
description:
  zh: 2018年3月以来每月末累计开工的「雪亮工程」点位数。选择街镇或城乡时，目标按该范围村社数占全市的份额（plan_share）分摊。
  en: "Xueliang video-security sites started since 2018-03, cumulative at each month end. Under a township or urban/rural selection the target is apportioned by the selection's share of the city's villages and communities (plan_share)."
pillar: city_change
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: count
  direction: higher
  baseline: {value: 0, date: 2018-03-01}
  target: {figure: xueliang_sites, date: 2018-10-25}
  weight: 1
  communities: indicators/city_change/xueliang_sites__by_community
  note: {zh: 报道：正在实施「雪亮工程」176个（截至2018-10-25）, en: "Report: 176 Xueliang sites under way (by 2018-10-25)"}
order: 60
---*/
-- The programme's months from the baseline, 2018-03, to the as-of month, up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period >= date '2018-03-01' and m.period <= coalesce($month_to, m.period)
),

units as (
    select c.community_id, c.township_id, t.area
    from communities as c
    join townships as t using (township_id)
),

plan as (
    select
        (
            select count(*) from units as u
            where ($township is null or u.township_id = $township) and ($area is null or u.area = $area)
        )::double / nullif((select count(*) from units), 0) as plan_share
),

sites as (
    select f.facility_id, f.started_on
    from facilities_located as f
    where f.kind = 'xueliang_site'
        and f.status <> 'planned'
        and ($township is null or f.township_id = $township)
        and ($area is null or f.area = $area)
)

select
    m.period,
    count(s.facility_id)::double as value,
    any_value(pl.plan_share) as plan_share
from months as m
cross join plan as pl
left join sites as s on s.started_on < m.period + interval 1 month
group by m.period
order by m.period
