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
    budget_wan: {zh: 预算（万元）, en: "Budget (10k yuan)"}
    spent_wan: {zh: 已支出（万元）, en: "Spent (10k yuan)"}
order: 8
---*/
-- A work belongs to the period when it was under way during it (see works_under_way in schema.sql).
with works as (
    select * from works_under_way($township, $area, $month_from, $month_to)
)

select
    w.category,
    sum(w.budget_wan)::double as budget_wan,
    coalesce(sum(w.spent_wan), 0)::double as spent_wan,
    count(*) as works
from works as w
group by w.category
order by budget_wan desc
