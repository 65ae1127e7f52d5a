/*---
title: {zh: 综治中心与「雪亮工程」：按街镇, en: Governance centres and Xueliang sites by township}
description:
  zh: 各街镇已建成的村（社区）综治中心和正在实施的「雪亮工程」点位。
  en: "Village and community governance centres built and Xueliang video-security sites under way in each township."
chart:
  type: bar
  x: township
  y: facilities
  color: kind
  stack: false
  labels:
    township: {zh: 街镇, en: Township}
    facilities: {zh: 数量, en: Facilities}
    kind: {zh: 设施类型, en: Kind}
order: 8
---*/
with counted as (
    select f.township_id, f.township_zh, f.township_en, f.area, f.kind
    from facilities_located as f
    where (f.kind = 'governance_centre' and f.status = 'completed')
        or (f.kind = 'xueliang_site' and f.status = 'in_progress')
)

select
    c.township_id,
    in_lang($lang, c.township_zh, c.township_en) as township,
    c.kind,
    count(*) as facilities
from counted as c
where ($township is null or c.township_id = $township)
    and ($area is null or c.area = $area)
group by all
order by c.township_id, c.kind
