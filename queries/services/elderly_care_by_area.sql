/*---
title: {zh: 养老设施覆盖率：城市与农村社区, en: "Elderly-care coverage: urban and rural communities"}
description:
  zh: 已建成养老设施的村（社区）占比（截至数据日期，或所选时间段末），与报道公布的 98.5% 和 30% 并列。
  en: "Share of villages and communities with a completed elderly-care facility (at the as-of date, or the end of the selected period), next to the report's 98.5% and 30%."
chart:
  type: bar
  x: area
  y: [coverage_pct, published_pct]
  stack: false
  y_format: percent
  labels:
    area: {zh: 城乡, en: Area}
    coverage_pct: {zh: 覆盖率（明细计算）, en: Coverage (computed)}
    published_pct: {zh: 报道公布值, en: Published}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
source: derived
order: 3
---*/
-- The last day counted: the end of the selected month, else the as-of date.
with cutoff as (
    select coalesce(cast($month_to as date) + interval 1 month - interval 1 day, a.as_of_date) as day
    from warehouse_as_of as a
),

units as (
    select c.community_id, c.area
    from communities as c
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

covered as (
    select distinct f.community_id
    from facilities as f
    cross join cutoff as k
    where f.kind = 'elderly_care' and f.status = 'completed' and f.completed_on <= k.day
),

by_area as (
    select
        u.area,
        count(*) as units,
        count(cv.community_id) as covered,
        100.0 * count(cv.community_id) / count(*) as coverage_pct
    from units as u
    left join covered as cv using (community_id)
    group by u.area
)

select
    b.area,
    round(b.coverage_pct, 1) as coverage_pct,
    p.value as published_pct,
    b.covered,
    b.units
from by_area as b
left join published_figures as p on p.figure_id = 'elderly_care_' || b.area
order by b.area desc
