/*---
title: {zh: 志愿者队伍数, en: Volunteer teams}
description:
  zh: 每月末累计成立的志愿者队伍数（含改革前成立的）。基线为2017年9月末的实测值；选择街镇或城乡时，目标按该范围常住人口占全市的份额（plan_share）分摊。
  en: "Volunteer teams founded by each month end, including those founded before the programme. The baseline is measured at the end of 2017-09; under a township or urban/rural selection the target is apportioned by the selection's share of the population (plan_share)."
pillar: social_recognition
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: count
  direction: higher
  baseline: {date: 2017-09-01}
  target: {figure: volunteer_teams, date: 2018-10-25}
  weight: 1
  communities: indicators/social_recognition/volunteer_teams__by_community
  note: {zh: 报道：志愿者队伍890支（截至2018-10-25）, en: "Report: 890 volunteer teams (by 2018-10-25)"}
order: 30
---*/
-- The programme's months (2017-09 to the as-of month), up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period <= coalesce($month_to, m.period)
),

plan as (
    select
        (
            select sum(c.population) from communities as c
            where ($township is null or c.township_id = $township) and ($area is null or c.area = $area)
        )::double / nullif((select sum(c.population) from communities as c), 0) as plan_share
),

teams as (
    select vt.team_id, vt.founded_on
    from volunteer_teams as vt
    join townships as t using (township_id)
    where ($township is null or vt.township_id = $township)
        and ($area is null or t.area = $area)
)

select
    m.period,
    count(vt.team_id)::double as value,
    any_value(coalesce(pl.plan_share, 0)) as plan_share
from months as m
cross join plan as pl
left join teams as vt on vt.founded_on < m.period + interval 1 month
group by m.period
order by m.period
