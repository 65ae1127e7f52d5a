/*---
title: {zh: 背街小巷整治：按村社, en: "Back streets rectified, by community"}
description:
  zh: 各村社的背街小巷整治项目数与截至所选月末的完成数，完成比例低的排在前面。
  en: "Back-street works per community and how many are completed by the end of the selected period, least complete first."
chart:
  type: table
  labels:
    township: {zh: 街镇, en: Township}
    community: {zh: 村社, en: Community}
    works: {zh: 项目数, en: Works}
    value: {zh: 已完成, en: Completed}
    completed_share: {zh: 完成比例 %, en: Completed %}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
  lang: {type: lang, default: zh}
order: 21
---*/
-- The last day counted: the as-of date, or the end of the selected month if that is earlier.
with as_of as (
    select least(a.as_of_date, coalesce(last_day($month_to), a.as_of_date)) as day
    from warehouse_as_of as a
),

works as (
    select p.project_id, p.community_id, p.actual_end
    from projects_located as p
    where p.category = 'back_street'
        and ($township is null or p.township_id = $township)
        and ($area is null or p.area = $area)
)

select
    case when $lang = 'en' then c.township_en else c.township_zh end as township,
    case when $lang = 'en' then c.name_en else c.name_zh end as community,
    count(*) as works,
    count(*) filter (where w.actual_end <= a.day) as value,
    round(100.0 * count(*) filter (where w.actual_end <= a.day) / count(*), 1) as completed_share
from works as w
cross join as_of as a
join communities_located as c using (community_id)
group by all
order by completed_share, works desc, community
