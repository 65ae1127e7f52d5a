/*---
title: {zh: 农村社区养老设施覆盖率, en: "Elderly care coverage, rural"}
description:
  zh: 农村乡镇的村社中，每月末已有建成养老设施的占比（%）。基线为2017年9月末的实测值。
  en: "Share of the villages and communities of rural townships with a completed elderly-care facility at each month end (%). The baseline is measured at the end of 2017-09."
pillar: resident_perception
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: percent
  direction: higher
  baseline: {date: 2017-09-01}
  target: {figure: elderly_care_rural, date: 2018-10-25}
  weight: 1
  decimals: 1
  communities: indicators/resident_perception/elderly_care_rural__by_community
  note: {zh: 报道：农村社区养老设施覆盖率达30%（截至2018-10-25）, en: "Report: 30% of rural communities covered (by 2018-10-25)"}
order: 50
---*/
-- The programme's months (2017-09 to the as-of month), up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period <= coalesce($month_to, m.period)
),

units as (
    select c.community_id
    from communities as c
    where c.area = 'rural'
        and ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

covered as (
    select f.community_id, min(f.completed_on) as covered_on
    from facilities as f
    where f.kind = 'elderly_care' and f.status = 'completed'
    group by f.community_id
)

select
    m.period,
    100.0 * count(cv.community_id) / count(*) as value
from months as m
cross join units as u
left join covered as cv
    on cv.community_id = u.community_id
    and cv.covered_on < m.period + interval 1 month
group by m.period
order by m.period
