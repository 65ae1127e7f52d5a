/*---
title: {zh: 数据检查：村社与街镇的城乡属性一致, en: "Check: a community's urban/rural area is its township's"}
description:
  zh: 列出城乡属性与所属街镇不一致的村（社区）。应为空：构建和加载数据时若有结果，新快照不会生效。
  en: "Villages and communities whose urban/rural area differs from their township's. Should be empty: a build or load that leaves rows here is refused."
chart: {type: table}
order: 10
---*/
select
    c.community_id,
    c.name_zh,
    c.area as community_area,
    t.township_id,
    t.area as township_area
from communities as c
join townships as t using (township_id)
where c.area <> t.area
order by c.community_id
