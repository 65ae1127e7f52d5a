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
order: 9
---*/
-- A work belongs to the period when it was under way during it (see works_under_way in schema.sql).
with works as (
    select * from works_under_way($township, $area, $month_from, $month_to)
)

select
    in_lang($lang, w.name_zh, w.name_en) as car_park,
    w.status,
    w.parking_spaces,
    w.planned_start,
    w.planned_end,
    w.budget_wan::double as budget_wan
from works as w
where w.category = 'parking'
order by w.project_id
