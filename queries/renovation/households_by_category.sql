/*---
title: {zh: 受益户数：按类别, en: Households benefited by category}
description:
  zh: 记录了受益户数的工程（院落、棚户区、城中村、背街小巷、林盘）按类别和状态合计的户数。
  en: "Households benefiting from the works that record them (courtyards, shantytowns, urban villages, back streets, linpan), by category and status."
chart:
  type: bar
  x: category
  y: households
  y_format: integer
  color: status
  orientation: h
  labels:
    households: {zh: 受益户数, en: Households}
order: 7
---*/
-- A work belongs to the period when it was under way during it (see works_under_way in schema.sql).
with works as (
    select * from works_under_way($township, $area, $month_from, $month_to)
),

by_category as (
    select w.category, w.status, sum(w.households_benefited) as households
    from works as w
    where w.households_benefited is not null
    group by w.category, w.status
)

select b.category, b.status, b.households
from by_category as b
order by sum(b.households) over (partition by b.category), b.category, b.status
