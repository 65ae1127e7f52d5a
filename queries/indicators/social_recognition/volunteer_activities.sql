/*---
title: {zh: 志愿服务活动次数, en: Volunteer activities held}
description:
  zh: 2017年9月以来每月末累计开展的线上线下志愿服务活动次数。选择街镇或城乡时，目标按该范围常住人口占全市的份额（plan_share）分摊。
  en: "Volunteer activities, online and offline, held since 2017-09, cumulative at each month end. Under a township or urban/rural selection the target is apportioned by the selection's share of the population (plan_share)."
pillar: social_recognition
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: count
  direction: higher
  baseline: {value: 0, date: 2017-09-01}
  target: {figure: volunteer_activities, date: 2018-10-25}
  weight: 1
  communities: indicators/social_recognition/volunteer_activities__by_community
  note: {zh: 报道：开展线上线下志愿服务活动2000余次（截至2018-10-25）, en: "Report: more than 2,000 volunteer activities (by 2018-10-25)"}
order: 40
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

activities as (
    select va.activity_id, va.held_on
    from volunteer_activities as va
    join units as u using (community_id)
    where va.held_on >= date '2017-09-01'
)

select
    m.period,
    count(va.activity_id)::double as value,
    any_value(coalesce(pl.plan_share, 0)) as plan_share
from months as m
cross join plan as pl
left join activities as va on va.held_on < m.period + interval 1 month
group by m.period
order by m.period
