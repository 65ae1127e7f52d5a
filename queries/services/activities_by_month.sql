/*---
title: {zh: 志愿服务活动：每月场次, en: Volunteer activities per month}
description:
  zh: 每月开展的线上线下志愿服务活动场次和参与志愿者人次。
  en: "Volunteer activities held each month, and the volunteers taking part."
chart:
  type: line
  x: month
  y: activities
  labels:
    month: {zh: 月份, en: Month}
    activities: {zh: 活动场次, en: Activities}
    volunteer_turnout: {zh: 参与人次, en: Volunteers taking part}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
order: 10
---*/
with activities as (
    select date_trunc('month', va.held_on) as month, va.volunteers
    from volunteer_activities as va
    join communities as c using (community_id)
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
        and ($month_from is null or va.held_on >= cast($month_from as date))
        and ($month_to is null or va.held_on < cast($month_to as date) + interval 1 month)
)

select
    cast(a.month as date) as month,
    count(*) as activities,
    sum(a.volunteers)::bigint as volunteer_turnout
from activities as a
group by a.month
order by a.month
