/*---
title: {zh: 街镇列表, en: Townships}
description:
  zh: 筛选器的街镇选项，含村社数量。
  en: "Township options for the filters, with their number of villages and communities."
chart: {type: table}
source: demo
scope: city
order: 10
---*/
with townships as (
    select * from townships
),

communities as (
    select township_id, count(*) as communities
    from communities
    group by township_id
)

select
    t.township_id,
    in_lang($lang, t.name_zh, t.name_en) as township,
    t.area,
    coalesce(c.communities, 0) as communities
from townships as t
left join communities as c using (township_id)
order by t.township_id
