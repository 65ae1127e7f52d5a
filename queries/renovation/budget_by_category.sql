/*---
title: {zh: 预算与已支出：按类别, en: Budget and spending by category}
description:
  zh: 各类工程的预算与已支出（万元）。规划中的工程尚无支出。
  en: "Budget and spending of the works in each category, in 10,000 yuan. Planned works have spent nothing yet."
chart:
  type: bar
  x: category
  y: [budget_wan, spent_wan]
  y_format: integer
  stack: false
  labels:
    category: {zh: 类别, en: Category}
    budget_wan: {zh: 预算（万元）, en: "Budget (10k yuan)"}
    spent_wan: {zh: 已支出（万元）, en: "Spent (10k yuan)"}
params:
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
source: demo
order: 8
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
    w.category,
    sum(w.budget_wan)::double as budget_wan,
    coalesce(sum(w.spent_wan), 0)::double as spent_wan,
    count(*) as works
from works as w
group by w.category
order by budget_wan desc
