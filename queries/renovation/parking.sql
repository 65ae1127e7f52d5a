/*---
title: {zh: 地下停车场与停车位, en: Underground car parks and spaces}
description:
  zh: 规划和在建的停车场及其停车位数。
  en: "Car parks planned or under way and their spaces."
chart:
  type: bar
  x: car_park
  y: parking_spaces
  color: status
  labels:
    car_park: {zh: 停车场, en: Car park}
    parking_spaces: {zh: 停车位, en: Spaces}
    status: {zh: 状态, en: Status}
params:
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
  lang: {type: lang, default: zh}
source: demo
order: 9
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
    case when $lang = 'en' then w.name_en else w.name_zh end as car_park,
    w.status,
    w.parking_spaces,
    w.planned_start,
    w.planned_end,
    w.budget_wan::double as budget_wan
from works as w
where w.category = 'parking'
order by w.project_id
