/*---
title: {zh: 地图边界, en: Map boundaries}
description:
  zh: 各街镇或村（社区）的地图形状（WGS84 GeoJSON）及其来源；示意图为演示布局，非真实边界。
  en: "Each township's or community's map shape (WGS84 GeoJSON) and where it came from; a schematic is the demo's layout, not a real boundary."
chart: {type: table}
params:
  level: {type: choice, default: township, options: [township, community]}
  lang: {type: lang, default: zh}
source: demo
scope: city
order: 40
---*/
select
    b.place_id,
    case
        when b.level = 'township' then (case when $lang = 'en' then t.name_en else t.name_zh end)
        else (case when $lang = 'en' then c.name_en else c.name_zh end)
    end as name,
    b.geometry,
    b.source,
    b.crs
from boundaries as b
left join townships as t on b.level = 'township' and t.township_id = b.place_id
left join communities as c on b.level = 'community' and c.community_id = b.place_id
where b.level = $level
order by b.place_id
