/*---
title: {zh: 社区党群服务中心改造前后面积, en: Community centres before and after renovation}
description:
  zh: 每个社区党群服务中心改造前后的活动阵地面积（平方米）。政府街社区改造前只有 4 间办公用房，报道未给出面积。
  en: "Floor area of each community centre before and after renovation, in m². Zhengfujie had only four office rooms before; the report gives no area for them."
chart:
  type: bar
  x: centre
  y: [floor_area_before, floor_area_after]
  stack: false
  labels:
    centre: {zh: 服务中心, en: Centre}
    floor_area_before: {zh: 改造前（平方米）, en: "Before (m²)"}
    floor_area_after: {zh: 改造后（平方米）, en: "After (m²)"}
    rooms_before: {zh: 改造前用房（间）, en: Rooms before}
order: 6
---*/
-- A work belongs to the period when it was under way during it (see works_under_way in schema.sql).
with works as (
    select * from works_under_way($township, $area, $month_from, $month_to)
)

select
    -- The community's name, or the work's for a centre without one.
    coalesce(in_lang($lang, w.community_zh, w.community_en), in_lang($lang, w.name_zh, w.name_en)) as centre,
    w.status,
    w.floor_area_before::double as floor_area_before,
    w.floor_area_after::double as floor_area_after,
    w.rooms_before,
    w.source
from works as w
where w.category = 'community_centre'
order by w.source desc, w.project_id
