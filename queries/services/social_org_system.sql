/*---
title: {zh: 社会组织「三级服务体系」, en: The three-level social-organisation service system}
description:
  zh: 社会组织市级服务中心、街镇服务站、社区服务点的数量和建设状态。
  en: "The city service centre, township stations and community points of the social-organisation service system, by status."
chart:
  type: bar
  x: level
  y: centres
  color: status
  labels:
    level: {zh: 层级, en: Level}
    centres: {zh: 数量, en: Centres}
    status: {zh: 状态, en: Status}
order: 9
---*/
with scoped as (
    select f.level, f.status
    from facilities_located as f
    where f.kind = 'social_org_centre'
        and ($township is null or f.township_id = $township)
        and ($area is null or f.area = $area)
)

select
    s.level,
    s.status,
    count(*) as centres
from scoped as s
group by s.level, s.status
order by case s.level when 'city' then 1 when 'township' then 2 else 3 end, s.status
