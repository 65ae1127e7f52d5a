/*---
title: {zh: 棚户区改造户数, en: Shantytown households renovated}
description:
  zh: 每月末累计完成改造的棚户区户数（已完工项目的受益户数之和）。选择街镇或城乡时，目标按该范围在全市棚改受益户数中的份额（plan_share）分摊。
  en: "Households in shantytown works completed by each month end. Under a township or urban/rural selection the target is apportioned by the selection's share of all shantytown households in the plan (plan_share)."
pillar: city_change
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: households
  direction: higher
  baseline: {value: 0, date: 2017-09-01}
  target: {figure: shantytown_households, date: 2018-10-25}
  weight: 1
  communities: indicators/city_change/shantytown_households__by_community
  note: {zh: 报道：改造棚户区1442户（截至2018-10-25）, en: "Report: 1,442 shantytown households renovated (by 2018-10-25)"}
order: 30
---*/
-- The programme's months (2017-09 to the as-of month), up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period <= coalesce($month_to, m.period)
),

all_works as (
    select p.project_id, p.township_id, p.actual_end, coalesce(p.households_benefited, 0) as households, p.area
    from projects_located as p
    where p.category = 'shantytown'
),

works as (
    select w.*
    from all_works as w
    where ($township is null or w.township_id = $township)
        and ($area is null or w.area = $area)
),

-- The selection's share of the households every planned shantytown work will benefit.
plan as (
    select
        (select sum(w.households) from works as w)::double
        / nullif((select sum(w.households) from all_works as w), 0) as plan_share
)

select
    m.period,
    coalesce(sum(w.households), 0)::double as value,
    any_value(coalesce(pl.plan_share, 0)) as plan_share
from months as m
cross join plan as pl
left join works as w on w.actual_end < m.period + interval 1 month
group by m.period
order by m.period
