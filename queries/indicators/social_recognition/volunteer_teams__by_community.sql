/*---
title: {zh: 志愿者队伍：按村社, en: "Volunteer teams, by community"}
description:
  zh: 各村社截至所选月末已成立的志愿者队伍数与队员数（街镇总队单列一行），少的排在前面。
  en: "Volunteer teams founded in each community by the end of the selected period and their members (township corps on a row of their own), fewest first."
chart:
  labels:
    value: {zh: 队伍数, en: Teams}
    members: {zh: 队员数, en: Members}
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end.
select
    in_lang($lang, t.name_zh, t.name_en) as township,
    case when c.community_id is null then in_lang($lang, '（街镇总队）', '(township corps)')
        else in_lang($lang, c.name_zh, c.name_en) end as community,
    count(*) as value,
    sum(vt.members) as members
from volunteer_teams as vt
join townships as t on t.township_id = vt.township_id
left join communities as c on c.community_id = vt.community_id
where vt.founded_on <= counted_until($month_to)
    and ($township is null or vt.township_id = $township)
    and ($area is null or t.area = $area)
-- By the place, not by its names: two 村社 of one township may share an English name.
group by t.township_id, c.community_id, township, community
order by value, members, community
