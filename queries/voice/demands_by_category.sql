/*---
title: {zh: 群众诉求：按类别, en: Resident demands by category}
description:
  zh: 收到的民生需求、群众建议按类别和办理状态统计。
  en: "Resident demands and suggestions received, by category and status."
chart:
  type: bar
  x: category
  y: demands
  color: status
  orientation: h
  labels:
    category: {zh: 类别, en: Category}
    demands: {zh: 诉求条数, en: Demands}
    status: {zh: 状态, en: Status}
order: 3
---*/
-- Smallest category first: a horizontal bar chart draws the first row at the bottom.
select d.category, d.status, count(*) as demands
from demands_received($township, $area, $month_from, $month_to) as d
group by d.category, d.status
order by sum(count(*)) over (partition by d.category), d.category, d.status
