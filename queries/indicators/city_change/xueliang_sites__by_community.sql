/*---
title: {zh: 「雪亮工程」：按村社, en: "Xueliang sites, by community"}
description:
  zh: 各村社截至所选月末已开工的「雪亮工程」点位数（设在街镇道路上、不属于村社的点位单列一行），少的排在前面。
  en: "Xueliang sites started in each community by the end of the selected period (sites on township roads, outside any community, on a row of their own), fewest first."
chart:
  labels:
    value: {zh: 已开工点位, en: Sites started}
    first_started: {zh: 首个开工日期, en: First started}
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end.
select
    in_lang($lang, f.township_zh, f.township_en) as township,
    case when f.community_id is null then in_lang($lang, '（街镇道路）', '(township roads)')
        else in_lang($lang, f.community_zh, f.community_en) end as community,
    count(*) filter (where f.started_on <= counted_until($month_to)) as value,
    min(f.started_on) filter (where f.started_on <= counted_until($month_to)) as first_started
from facilities_located as f
where f.kind = 'xueliang_site'
    and f.status <> 'planned'
    and ($township is null or f.township_id = $township)
    and ($area is null or f.area = $area)
-- By the place, not by its names: two 村社 of one township may share an English name.
group by f.township_id, f.community_id, township, community
order by value, township, community
