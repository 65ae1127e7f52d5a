/*---
title: {zh: 志愿服务活动：按村社, en: "Volunteer activities, by community"}
description:
  zh: 各村社2017年9月至所选月末开展的志愿服务活动次数与参与志愿者人次，少的排在前面。
  en: "Volunteer activities held in each community from 2017-09 to the end of the selected period, and volunteer turnouts, fewest first."
chart:
  labels:
    value: {zh: 活动次数, en: Activities}
    volunteers: {zh: 志愿者人次, en: Volunteer turnouts}
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end; each
-- community of the selection is listed (communities_named in schema.sql), active or not.
select c.township, c.community, count(va.community_id) as value, coalesce(sum(va.volunteers), 0) as volunteers
from communities_named($township, $area, $lang) as c
left join volunteer_activities as va
    on va.community_id = c.community_id
    and va.held_on >= date '2017-09-01' and va.held_on <= counted_until($month_to)
group by c.community_id, c.township, c.community
-- Communities in different townships can share a name: the township breaks the tie.
order by value, community, township
