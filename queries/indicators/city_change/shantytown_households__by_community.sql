/*---
title: {zh: 棚户区改造：按村社, en: "Shantytown renovation, by community"}
description:
  zh: 各村社棚改项目的受益户数与截至所选月末已完工的户数，完成比例低的排在前面。
  en: "Households in each community's shantytown works and those in works completed by the end of the selected period, least complete first."
chart:
  type: table
  labels:
    township: {zh: 街镇, en: Township}
    community: {zh: 村社, en: Community}
    households: {zh: 计划户数, en: Households planned}
    value: {zh: 已改造户数, en: Households renovated}
    completed_share: {zh: 完成比例 %, en: Completed %}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
  lang: {type: lang, default: zh}
source: demo
order: 31
---*/
with as_of as (
    select least(max(s.as_of), coalesce(last_day($month_to), max(s.as_of))) as day
    from snapshot_info as s
),

works as (
    select p.community_id, p.actual_end, coalesce(p.households_benefited, 0) as households
    from projects as p
    join townships as t using (township_id)
    where p.category = 'shantytown'
        and ($township is null or p.township_id = $township)
        and ($area is null or t.area = $area)
)

select
    case when $lang = 'en' then t.name_en else t.name_zh end as township,
    case when $lang = 'en' then c.name_en else c.name_zh end as community,
    sum(w.households) as households,
    coalesce(sum(w.households) filter (where w.actual_end <= a.day), 0) as value,
    round(100.0 * coalesce(sum(w.households) filter (where w.actual_end <= a.day), 0)
        / nullif(sum(w.households), 0), 1) as completed_share
from works as w
cross join as_of as a
join communities as c using (community_id)
join townships as t on t.township_id = c.township_id
group by all
order by completed_share, households desc, community
