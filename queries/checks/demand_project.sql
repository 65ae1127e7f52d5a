/*---
title: {zh: 数据检查：诉求所落工程属于采纳它的重点项目, en: "Check: a demand's work belongs to the key project that adopted it"}
description:
  zh: 列出所落具体工程不属于采纳它的重点项目、或有工程却无重点项目的诉求。应为空：构建和加载数据时若有结果，新快照不会生效。
  en: "Demands traced to a work outside the key project that adopted them, or to a work with no key project. Should be empty: a build or load that leaves rows here is refused."
chart: {type: table}
order: 40
---*/
select
    d.demand_id,
    d.key_project_id,
    d.project_id,
    p.key_project_id as work_key_project_id
from resident_demands as d
join projects as p using (project_id)
where d.key_project_id is distinct from p.key_project_id
order by d.demand_id
