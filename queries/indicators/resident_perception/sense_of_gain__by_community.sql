/*---
title: {zh: 居民获得感：按村社, en: "Residents' sense of gain, by community"}
description:
  zh: 各村社截至所选月末近3个月的获得感均值与回答人数，低的排在前面；样本不足的村社不显示均值。
  en: "Mean sense of gain per community over the three months to the end of the selected period, with the number of answers, lowest first; communities with too few answers show no mean."
chart:
  type: table
  labels:
    township: {zh: 街镇, en: Township}
    community: {zh: 村社, en: Community}
    value: {zh: 获得感均值, en: Mean sense of gain}
    n: {zh: 回答人数, en: Answers}
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
)

select
    case when $lang = 'en' then c.township_en else c.township_zh end as township,
    case when $lang = 'en' then c.name_en else c.name_zh end as community,
    round(avg(q.sense_of_gain), 2) as value,
    count(q.sense_of_gain) as n
from questionnaires as q
cross join as_of as a
join communities_located as c using (community_id)
where q.collected_on <= a.day
    and q.collected_on >= date_trunc('month', a.day) - interval 2 month
    and ($township is null or c.township_id = $township)
    and ($area is null or c.area = $area)
group by all
order by value, community
