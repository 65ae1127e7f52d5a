/*---
title: {zh: 工程地图：按村（社区）, en: Map of works by village and community}
description:
  zh: 所选期间各村（社区）在建或建成的工程数量（不含覆盖整个街镇的工程）；点击村社即按其所在街镇筛选。
  en: "Works under way or finished in each village or community during the period (works serving a whole township are left out); click one to filter by its township."
chart:
  type: map
  level: community
  value: works
  y_format: integer
order: 6
---*/
-- A work tied to no community serves its whole township and has no cell to colour.
select
    community_id,
    any_value(township_id) as township_id,
    count(*) as works
from works_under_way($township, $area, $month_from, $month_to)
where community_id is not null
group by community_id
order by community_id
