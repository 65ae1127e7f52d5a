/*---
title: {zh: 公共服务设施：按类型和状态, en: Service facilities by kind and status}
description:
  zh: 养老设施、党群服务中心、综治中心、「雪亮工程」点位和社会组织服务阵地的数量与建设状态。
  en: "Elderly-care facilities, party-mass service centres, governance centres, Xueliang video-security sites and social-organisation service points, by status."
chart:
  type: bar
  x: kind
  y: facilities
  color: status
  orientation: h
  labels:
    kind: {zh: 设施类型, en: Kind}
    facilities: {zh: 数量, en: Facilities}
    status: {zh: 状态, en: Status}
order: 7
---*/
-- Smallest kind first: a horizontal bar chart draws the first row at the bottom.
select f.kind, f.status, count(*) as facilities
from facilities_located as f
where ($township is null or f.township_id = $township)
    and ($area is null or f.area = $area)
group by f.kind, f.status
order by sum(count(*)) over (partition by f.kind), f.kind, f.status
