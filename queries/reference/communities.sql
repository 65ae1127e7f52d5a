/*---
title: {zh: 村（社区）列表, en: Villages and communities}
description:
  zh: 村与社区的名录，可按街镇筛选。
  en: "Directory of villages and communities, optionally within one township."
chart: {type: table}
source: demo
order: 20
---*/
select
    c.community_id,
    c.township_id,
    in_lang($lang, c.name_zh, c.name_en) as community,
    c.kind,
    c.area,
    c.households,
    c.population
from communities as c
where $township is null or c.township_id = $township
order by c.community_id
