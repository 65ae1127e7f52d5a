/*---
title: {zh: 志愿者队伍：按村社, en: "Volunteer teams, by community"}
description:
  zh: 各村社截至所选月末已成立的志愿者队伍数与队员数（街镇总队单列一行），少的排在前面。
  en: "Volunteer teams founded in each community by the end of the selected period and their members (township corps on a row of their own), fewest first."
chart:
  labels:
    value: {zh: 队伍数, en: Teams}
    members: {zh: 队员数, en: Members}
order: 31
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end.
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
join townships as t on t.township_id = vt.township_id
left join communities as c on c.community_id = vt.community_id
where vt.founded_on <= counted_until($month_to)
    and ($township is null or vt.township_id = $township)
    and ($area is null or t.area = $area)
group by all
order by value, members, community
