/*---
title: {zh: 养老设施地图：按村（社区）, en: Map of elderly care by village and community}
description:
  zh: 哪些村（社区）已建成养老设施（截至数据日期，或所选时间段末）；点击村社即按其所在街镇筛选。
  en: "Which villages and communities have a completed elderly-care facility (at the as-of date, or the end of the selected period); click one to filter by its township."
chart:
  type: map
  level: community
  value: facilities
  color: coverage
  labels:
    facilities: {zh: 养老设施数, en: Elderly-care facilities}
    coverage: {zh: 覆盖情况, en: Coverage}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
order: 6
---*/
-- Every village and community is drawn, uncovered ones too: the gaps are what a leader looks for.
select
    c.community_id,
    c.township_id,
    count(f.facility_id) as facilities,
    case when count(f.facility_id) > 0 then 'covered' else 'uncovered' end as coverage
from communities as c
cross join warehouse_as_of as a
left join facilities as f
    on f.community_id = c.community_id
    and f.kind = 'elderly_care'
    and f.status = 'completed'
    and f.completed_on <= coalesce(cast($month_to as date) + interval 1 month - interval 1 day, a.as_of_date)
where ($township is null or c.township_id = $township)
    and ($area is null or c.area = $area)
group by c.community_id, c.township_id
order by c.community_id
