/*---
title: {zh: 志愿者队伍：按村社, en: "Volunteer teams, by community"}
description:
  zh: 各村社截至所选月末已成立的志愿者队伍数与队员数（街镇总队单列一行），少的排在前面。
  en: "Volunteer teams founded in each community by the end of the selected period and their members (township corps on a row of their own), fewest first."
chart:
  type: table
  labels:
    township: {zh: 街镇, en: Township}
    community: {zh: 村社, en: Community}
    value: {zh: 队伍数, en: Teams}
    members: {zh: 队员数, en: Members}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
  lang: {type: lang, default: zh}
order: 31
---*/
-- The last day counted: the as-of date, or the end of the selected month if that is earlier.
with as_of as (
    select least(a.as_of_date, coalesce(last_day($month_to), a.as_of_date)) as day
    from warehouse_as_of as a
)

select
    case when $lang = 'en' then t.name_en else t.name_zh end as township,
    case
        when c.community_id is null then case when $lang = 'en' then '(township corps)' else '（街镇总队）' end
        when $lang = 'en' then c.name_en
        else c.name_zh
    end as community,
    count(*) as value,
    sum(vt.members) as members
from volunteer_teams as vt
cross join as_of as a
join townships as t on t.township_id = vt.township_id
left join communities as c on c.community_id = vt.community_id
where vt.founded_on <= a.day
    and ($township is null or vt.township_id = $township)
    and ($area is null or t.area = $area)
group by all
order by value, members, community
