/*---
title: {zh: 数据检查：工程与所在村社同属一个街镇, en: "Check: a work lies in its community's township"}
description:
  zh: 列出所填街镇与所在村（社区）的街镇不一致的工程。应为空：构建和加载数据时若有结果，新快照不会生效。
  en: "Works whose township differs from the township of the community they are in. Should be empty: a build or load that leaves rows here is refused."
chart: {type: table}
order: 20
---*/
select
    p.project_id,
    p.name_zh,
    p.township_id,
    c.community_id,
    c.township_id as community_township_id
from projects as p
join communities as c using (community_id)
where p.township_id <> c.township_id
order by p.project_id
