/*---
title: {zh: 工程地图：按街镇, en: Map of works by township}
description:
  zh: 所选期间各街镇在建或建成的工程数量，颜色越深越多；点击街镇即按该街镇筛选。
  en: "Works under way or finished in each township during the period, darker for more; click a township to filter by it."
chart:
  type: map
  level: township
  value: works
  y_format: integer
  labels:
    completed: {zh: 已完工, en: Completed}
order: 5
---*/
-- Names come from the map's boundaries, so the rows need only the township and its counts.
select
    township_id,
    count(*) as works,
    count(*) filter (where status = 'completed') as completed
from works_under_way($township, $area, $month_from, $month_to)
group by township_id
order by township_id
