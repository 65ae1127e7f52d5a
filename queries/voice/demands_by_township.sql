/*---
title: {zh: 群众诉求：按街镇, en: Resident demands by township}
description:
  zh: 各街镇收到的诉求条数及办理状态。
  en: "Demands received in each township, by status."
chart:
  type: bar
  x: township
  y: demands
  color: status
  labels:
    township: {zh: 街镇, en: Township}
    demands: {zh: 诉求条数, en: Demands}
    status: {zh: 状态, en: Status}
order: 5
---*/
with demands as (
    select c.township_id, c.township_zh, c.township_en, d.status
    from resident_demands as d
    join communities_located as c using (community_id)
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
        and ($month_from is null or d.received_on >= cast($month_from as date))
        and ($month_to is null or d.received_on < cast($month_to as date) + interval 1 month)
)

select
    d.township_id,
    in_lang($lang, d.township_zh, d.township_en) as township,
    d.status,
    count(*) as demands
from demands as d
group by all
order by d.township_id, d.status
