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
order: 31
---*/
-- The last day counted: the as-of date, or the end of the selected month if that is earlier.
with as_of as (
    select least(a.as_of_date, coalesce(last_day($month_to), a.as_of_date)) as day
    from warehouse_as_of as a
),

works as (
    select p.community_id, p.actual_end, coalesce(p.households_benefited, 0) as households
    from projects_located as p
    where p.category = 'shantytown'
        and ($township is null or p.township_id = $township)
        and ($area is null or p.area = $area)
)

select
    case when $lang = 'en' then c.township_en else c.township_zh end as township,
    case when $lang = 'en' then c.name_en else c.name_zh end as community,
    sum(w.households) as households,
    coalesce(sum(w.households) filter (where w.actual_end <= a.day), 0) as value,
    round(100.0 * coalesce(sum(w.households) filter (where w.actual_end <= a.day), 0)
        / nullif(sum(w.households), 0), 1) as completed_share
from works as w
cross join as_of as a
join communities_located as c using (community_id)
group by all
order by completed_share, households desc, community
