/*---
title: {zh: 养老设施覆盖率：按街镇, en: Elderly-care coverage by township}
description:
  zh: 各街镇已建成养老设施的村（社区）占比（截至数据日期，或所选时间段末）；点击街镇即按该街镇筛选。
  en: "Share of each township's villages and communities with a completed elderly-care facility (at the as-of date, or the end of the selected period); click a township to filter by it."
chart:
  type: map
  level: township
  value: coverage_pct
  y_format: percent
  labels:
    township: {zh: 街镇, en: Township}
    coverage_pct: {zh: 覆盖率, en: Coverage}
    area: {zh: 城乡, en: Area}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
  lang: {type: lang, default: zh}
order: 5
---*/
-- The last day counted: the end of the selected month, else the as-of date.
with cutoff as (
    select coalesce(cast($month_to as date) + interval 1 month - interval 1 day, a.as_of_date) as day
    from warehouse_as_of as a
),

covered as (
    select distinct f.community_id
    from facilities as f
    cross join cutoff as k
    where f.kind = 'elderly_care' and f.status = 'completed' and f.completed_on <= k.day
)

select
    t.township_id,
    in_lang($lang, t.name_zh, t.name_en) as township,
    t.area,
    count(cv.community_id) as covered,
    count(*) as units,
    round(100.0 * count(cv.community_id) / count(*), 1) as coverage_pct
from communities as c
join townships as t on t.township_id = c.township_id
left join covered as cv on cv.community_id = c.community_id
where ($township is null or c.township_id = $township)
    and ($area is null or c.area = $area)
group by all
order by t.township_id
