/*---
title: {zh: 工程：按类别和状态, en: Works by category and status}
description:
  zh: 各类改造、建设工程的数量及状态；选择时间段时只计该时段内在建或完工的工程。
  en: "Renovation and construction works by category and status; with a period selected, only works under way or finished during it."
chart: {type: bar, x: category, y: works, y_format: integer, color: status, orientation: h}
order: 3
---*/
-- A work belongs to the period when it was under way during it (see works_under_way in schema.sql). Smallest
-- category first: a horizontal bar chart draws the first row at the bottom.
select w.category, w.status, count(*) as works
from works_under_way($township, $area, $month_from, $month_to) as w
group by w.category, w.status
order by sum(count(*)) over (partition by w.category), w.category, w.status
