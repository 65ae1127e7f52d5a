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
    category: {zh: 类别, en: Category}
    households: {zh: 受益户数, en: Households}
    status: {zh: 状态, en: Status}
params:
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
source: demo
order: 7
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
    select w.category, w.status, sum(w.households_benefited) as households
    from works as w
    where w.households_benefited is not null
    group by w.category, w.status
)

select b.category, b.status, b.households
from by_category as b
order by sum(b.households) over (partition by b.category), b.category, b.status
