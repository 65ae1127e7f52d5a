/*---
title: {zh: 数据检查：设施与所在村社同属一个街镇, en: "Check: a facility lies in its community's township"}
description:
  zh: 列出所填街镇与所在村（社区）的街镇不一致的服务设施。应为空：构建和加载数据时若有结果，新快照不会生效。
  en: "Facilities whose township differs from the township of the community they serve. Should be empty: a build or load that leaves rows here is refused."
chart: {type: table}
order: 30
---*/
select
    f.facility_id,
    f.kind,
    f.township_id,
    c.community_id,
    c.township_id as community_township_id
from facilities as f
join communities as c using (community_id)
where f.township_id <> c.township_id
order by f.facility_id
