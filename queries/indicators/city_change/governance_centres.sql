/*---
title: {zh: 村（社区）综治中心建成数, en: Governance centres built}
description:
  zh: 每月末累计建成的村（社区）综治中心数（含改革前已建成的）。基线为2017年9月末的实测值；选择街镇或城乡时，目标按该范围在全市综治中心计划中的份额（plan_share）分摊。
  en: "Governance centres completed by each month end, including those built before the programme. The baseline is measured at the end of 2017-09; under a township or urban/rural selection the target is apportioned by the selection's share of all planned centres (plan_share)."
pillar: city_change
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: count
  direction: higher
  baseline: {date: 2017-09-01}
  target: {figure: governance_centres, date: 2018-10-25}
  weight: 1
  communities: indicators/city_change/governance_centres__by_community
  note: {zh: 报道：建成村（社区）综治中心291个（截至2018-10-25）, en: "Report: 291 governance centres built (by 2018-10-25)"}
order: 50
---*/
-- The programme's months (2017-09 to the as-of month), up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period <= coalesce($month_to, m.period)
),

all_centres as (
    select f.facility_id, f.township_id, f.completed_on, f.area
    from facilities_located as f
    where f.kind = 'governance_centre'
),

centres as (
    select c.*
    from all_centres as c
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

plan as (
    select (select count(*) from centres)::double / nullif((select count(*) from all_centres), 0) as plan_share
)

select
    m.period,
    count(c.facility_id)::double as value,
    any_value(pl.plan_share) as plan_share
from months as m
cross join plan as pl
left join centres as c on c.completed_on < m.period + interval 1 month
group by m.period
order by m.period
