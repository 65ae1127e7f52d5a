/*---
title: {zh: 志愿服务活动：按村社, en: "Volunteer activities, by community"}
description:
  zh: 各村社2017年9月至所选月末开展的志愿服务活动次数与参与志愿者人次，少的排在前面。
  en: "Volunteer activities held in each community from 2017-09 to the end of the selected period, and volunteer turnouts, fewest first."
chart:
  labels:
    value: {zh: 活动次数, en: Activities}
    volunteers: {zh: 志愿者人次, en: Volunteer turnouts}
order: 41
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end.
with activities as (
    select va.community_id, va.volunteers
    from volunteer_activities as va
    where va.held_on >= date '2017-09-01' and va.held_on <= counted_until($month_to)
)

select
    case when $lang = 'en' then c.township_en else c.township_zh end as township,
    case when $lang = 'en' then c.name_en else c.name_zh end as community,
    count(va.community_id) as value,
    coalesce(sum(va.volunteers), 0) as volunteers
from communities_located as c
left join activities as va on va.community_id = c.community_id
where ($township is null or c.township_id = $township)
    and ($area is null or c.area = $area)
group by all
-- Communities in different townships can share a name: the township breaks the tie.
order by value, community, township
