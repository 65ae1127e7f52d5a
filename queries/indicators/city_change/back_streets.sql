/*---
title: {zh: 背街小巷整治完成数, en: Back streets rectified}
description:
  zh: 每月末累计完成整治的背街小巷数。选择街镇或城乡时，目标按该范围在全市背街小巷整治计划中的份额（plan_share）分摊。
  en: "Back streets whose rectification is completed, cumulative at each month end. Under a township or urban/rural selection the target is apportioned by the selection's share of the city's back-street works (plan_share)."
pillar: city_change
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: count
  direction: higher
  baseline: {value: 0, date: 2017-09-01}
  target: {figure: back_streets, date: 2018-10-25}
  weight: 1
  communities: indicators/city_change/back_streets__by_community
  note: {zh: 报道：整治背街小巷133条（截至2018-10-25）, en: "Report: 133 back streets rectified (by 2018-10-25)"}
order: 20
---*/
-- The programme's months (2017-09 to the as-of month), up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period <= coalesce($month_to, m.period)
),

all_works as (
    select p.project_id, p.township_id, p.actual_end, p.area
    from projects_located as p
    where p.category = 'back_street'
),

works as (
    select w.*
    from all_works as w
    where ($township is null or w.township_id = $township)
        and ($area is null or w.area = $area)
),

-- The selection's share of every back-street work the city plans, whatever its status.
plan as (
    select (select count(*) from works)::double / nullif((select count(*) from all_works), 0) as plan_share
)

select
    m.period,
    count(w.project_id)::double as value,
    any_value(pl.plan_share) as plan_share
from months as m
cross join plan as pl
left join works as w on w.actual_end < m.period + interval 1 month
group by m.period
order by m.period
