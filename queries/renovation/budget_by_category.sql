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
-- A work belongs to the period when it was under way during it: from its start to its end (or, while
-- unfinished, to the later of its planned end and the as-of date).
with works as (
    select p.*
    from projects_located as p
    where ($township is null or p.township_id = $township)
        and ($area is null or p.area = $area)
        and ($month_from is null or p.under_way_until >= cast($month_from as date))
        and ($month_to is null or p.under_way_from < cast($month_to as date) + interval 1 month)
)

select
    w.category,
    sum(w.budget_wan)::double as budget_wan,
    coalesce(sum(w.spent_wan), 0)::double as spent_wan,
    count(*) as works
from works as w
group by w.category
order by budget_wan desc
