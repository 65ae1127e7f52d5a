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
order: 4
---*/
-- A work belongs to the period when it was under way during it (see works_under_way in schema.sql).
with works as (
    select * from works_under_way($township, $area, $month_from, $month_to)
)

select
    w.township_id,
    case when $lang = 'en' then w.township_en else w.township_zh end as township,
    w.status,
    count(*) as works
from works as w
group by all
order by w.township_id, w.status
