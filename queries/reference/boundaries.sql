/*---
title: {zh: 地图边界, en: Map boundaries}
description:
  zh: 各街镇或村（社区）的地图形状（WGS84 GeoJSON）及其来源，无形状的地点为空；示意图为演示布局，非真实边界。
  en: "Each township's or community's map shape (WGS84 GeoJSON) and where it came from, empty for a place with none; a schematic is the demo's layout, not a real boundary."
chart: {type: table}
params:
  level: {type: choice, default: township, options: [township, community]}
  lang: {type: lang, default: zh}
source: demo
scope: city
order: 40
---*/
-- Every place of the level, with its shape when it has one: a map names the places it cannot draw.
with places as (
    select 'township' as level, township_id as place_id, name_zh, name_en from townships
    union all
    select 'community' as level, community_id as place_id, name_zh, name_en from communities
)

select
    p.place_id,
    in_lang($lang, p.name_zh, p.name_en) as name,
    b.geometry,
    b.source,
    b.crs
from places as p
left join boundaries as b on b.level = p.level and b.place_id = p.place_id
where p.level = $level
order by p.place_id
