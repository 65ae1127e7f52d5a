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
params:
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
  lang: {type: lang, default: zh}
source: demo
order: 6
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
    case when $lang = 'en' then coalesce(c.name_en, w.name_en) else coalesce(c.name_zh, w.name_zh) end as centre,
    w.status,
    w.floor_area_before::double as floor_area_before,
    w.floor_area_after::double as floor_area_after,
    w.rooms_before,
    w.source
from works as w
left join communities as c using (community_id)
where w.category = 'community_centre'
order by w.source desc, w.project_id
