/*---
title: {zh: 注册志愿者人数, en: Registered volunteers}
description:
  zh: 每月末累计注册的志愿者人数（含改革前注册的）。基线为2017年9月末的实测值；选择街镇或城乡时，目标按该范围常住人口占全市的份额（plan_share）分摊。
  en: "Volunteers registered by each month end, including those registered before the programme. The baseline is measured at the end of 2017-09; under a township or urban/rural selection the target is apportioned by the selection's share of the population (plan_share)."
pillar: social_recognition
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: people
  direction: higher
  baseline: {date: 2017-09-01}
  target: {figure: registered_volunteers, date: 2018-10-25}
  weight: 1
  communities: indicators/social_recognition/registered_volunteers__by_community
  note: {zh: 报道：注册志愿者12万余名（截至2018-10-25）, en: "Report: more than 120,000 registered volunteers (by 2018-10-25)"}
order: 20
---*/
-- The programme's months (2017-09 to the as-of month), up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period <= coalesce($month_to, m.period)
),

units as (
    select c.community_id, c.population
    from communities as c
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

plan as (
    select (select sum(u.population) from units as u)::double
        / nullif((select sum(c.population) from communities as c), 0) as plan_share
),

registrations as (
    select r.month, r.registered
    from volunteer_registrations as r
    join units as u using (community_id)
)

select
    m.period,
    coalesce(sum(r.registered), 0)::double as value,
    any_value(coalesce(pl.plan_share, 0)) as plan_share
from months as m
cross join plan as pl
left join registrations as r on r.month <= m.period
group by m.period
order by m.period
