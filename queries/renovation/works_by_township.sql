/*---
title: {zh: 工程：按街镇, en: Works by township}
description:
  zh: 各街镇的工程数量及状态。
  en: "Works in each township, by status."
chart:
  type: bar
  x: township
  y: works
  y_format: integer
  color: status
  labels:
    township: {zh: 街镇, en: Township}
    works: {zh: 工程数, en: Works}
    status: {zh: 状态, en: Status}
params:
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
  lang: {type: lang, default: zh}
source: demo
order: 4
---*/
with as_of as (
    select max(s.as_of) as day from snapshot_info as s
),

-- A work belongs to the period when it was under way during it: from its start to its end (or to today).
works as (
    select p.*, t.area as township_area, t.name_zh as township_zh, t.name_en as township_en
    from projects as p
    join townships as t using (township_id)
    cross join as_of as a
    where ($township is null or p.township_id = $township)
        and ($area is null or t.area = $area)
        and ($month_from is null
            or coalesce(p.actual_end, greatest(p.planned_end, a.day)) >= cast($month_from as date))
        and ($month_to is null
            or coalesce(p.actual_start, p.planned_start) < cast($month_to as date) + interval 1 month)
)

select
    w.township_id,
    case when $lang = 'en' then w.township_en else w.township_zh end as township,
    w.status,
    count(*) as works
from works as w
group by all
order by w.township_id, w.status
