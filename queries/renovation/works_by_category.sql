/*---
title: {zh: 工程：按类别和状态, en: Works by category and status}
description:
  zh: 各类改造、建设工程的数量及状态；选择时间段时只计该时段内在建或完工的工程。
  en: "Renovation and construction works by category and status; with a period selected, only works under way or finished during it."
chart:
  type: bar
  x: category
  y: works
  y_format: integer
  color: status
  orientation: h
  labels:
    category: {zh: 类别, en: Category}
    works: {zh: 工程数, en: Works}
    status: {zh: 状态, en: Status}
params:
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
source: demo
order: 3
---*/
-- A work belongs to the period when it was under way during it: from its start to its end (or, while
-- unfinished, to the later of its planned end and the as-of date).
with works as (
    select p.*
    from projects_located as p
    where ($township is null or p.township_id = $township)
        and ($area is null or p.area = $area)
        and ($month_from is null or p.under_way_until >= cast($month_from as date))
        and ($month_to is null or p.under_way_from < cast($month_to as date) + interval 1 month)
),

by_category as (
    select w.category, w.status, count(*) as works
    from works as w
    group by w.category, w.status
)

-- Smallest category first: a horizontal bar chart draws the first row at the bottom.
select b.category, b.status, b.works
from by_category as b
order by sum(b.works) over (partition by b.category), b.category, b.status
