/*---
title: {zh: 每月新注册志愿者, en: Volunteers registered each month}
description:
  zh: 各月新注册的志愿者人数，按城乡分色。
  en: "Volunteers newly registered each month, urban and rural."
chart: {type: area, x: month, y: registered, color: area, labels: {month: {zh: 月份, en: Month}, registered: {zh: 注册人数, en: Registered}, area: {zh: 城乡, en: Urban / rural}}}
order: 40
---*/
with registrations as (
    select r.month, r.registered, c.township_id, c.area
    from volunteer_registrations as r
    join communities as c using (community_id)
)

-- Area stays a code (urban, rural): the shared code names and colours (domains.code.area) apply when drawn.
select
    month,
    area,
    sum(registered) as registered
from registrations
where ($township is null or township_id = $township)
    and ($area is null or area = $area)
    and ($month_from is null or month >= $month_from)
    and ($month_to is null or month <= $month_to)
group by all
order by area, month
