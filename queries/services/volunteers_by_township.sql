/*---
title: {zh: 每千名居民注册志愿者：按街镇, en: Registered volunteers per 1000 residents by township}
description:
  zh: 各街镇截至数据日期（或所选时间段末）的注册志愿者人数、每千名常住人口的注册志愿者数，以及志愿者队伍数。
  en: "Registered volunteers in each township at the as-of date (or the end of the selected period), per 1000 residents, and the volunteer teams there."
chart:
  type: bar
  x: township
  y: per_1000
  color: area
  labels:
    township: {zh: 街镇, en: Township}
    per_1000: {zh: 每千人志愿者, en: Volunteers per 1000 residents}
    area: {zh: 城乡, en: Area}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
  lang: {type: lang, default: zh}
order: 11
---*/
-- The last day counted: the end of the selected month, else the as-of date.
with cutoff as (
    select coalesce(cast($month_to as date) + interval 1 month - interval 1 day, a.as_of_date) as day
    from warehouse_as_of as a
),

people as (
    select c.township_id, sum(c.population)::bigint as population
    from communities as c
    group by c.township_id
),

registered as (
    select c.township_id, sum(r.registered)::bigint as registered
    from volunteer_registrations as r
    join communities as c using (community_id)
    cross join cutoff as k
    where r.month <= k.day
    group by c.township_id
),

teams as (
    select vt.township_id, count(*) as teams
    from volunteer_teams as vt
    cross join cutoff as k
    where vt.founded_on <= k.day
    group by vt.township_id
)

select
    t.township_id,
    in_lang($lang, t.name_zh, t.name_en) as township,
    t.area,
    coalesce(r.registered, 0) as registered,
    p.population,
    round(1000.0 * coalesce(r.registered, 0) / nullif(p.population, 0), 1) as per_1000,
    coalesce(tm.teams, 0) as teams
from townships as t
join people as p using (township_id)
left join registered as r using (township_id)
left join teams as tm using (township_id)
where ($township is null or t.township_id = $township)
    and ($area is null or t.area = $area)
order by t.township_id
