/*---
title: {zh: 工程：按街镇, en: Works by township}
description:
  zh: 各街镇的工程数量及状态。
  en: "Works in each township, by status."
chart:
  type: bar
  x: township
  y: works
  y_format: integer
  color: status
  labels:
    township: {zh: 街镇, en: Township}
    works: {zh: 工程数, en: Works}
    status: {zh: 状态, en: Status}
params:
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
  lang: {type: lang, default: zh}
source: demo
order: 4
---*/
-- A work belongs to the period when it was under way during it: from its start to its end (or, while
-- unfinished, to the later of its planned end and the as-of date).
with works as (
    select p.*
    from projects_located as p
    where ($township is null or p.township_id = $township)
        and ($area is null or p.area = $area)
        and ($month_from is null or p.under_way_until >= cast($month_from as date))
        and ($month_to is null or p.under_way_from < cast($month_to as date) + interval 1 month)
)

select
    w.township_id,
    case when $lang = 'en' then w.township_en else w.township_zh end as township,
    w.status,
    count(*) as works
from works as w
group by all
order by w.township_id, w.status
