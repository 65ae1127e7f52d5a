/*---
title: {zh: 村级党群服务中心：按街镇, en: Village party-mass service centres by township}
description:
  zh: 贫困村已建成的党群服务中心，以及今年启动的新建和利用闲置校舍等国有资产改造的村级党群服务中心。
  en: "Party-mass service centres completed in poor villages, and the village centres started this year, newly built or in renovated idle state assets such as school buildings."
chart:
  type: bar
  x: township
  y: centres
  color: group
  labels:
    township: {zh: 街镇, en: Township}
    centres: {zh: 服务中心数, en: Centres}
    group: {zh: 类型, en: Kind}
order: 6
---*/
with centres as (
    select
        f.township_id,
        f.township_zh,
        f.township_en,
        case
            when f.status = 'completed' and c.is_poor_village then 'poor_village_done'
            when c.kind = 'village' and year(f.started_on) = year(a.as_of_date) and f.build_mode = 'new'
                then 'new_this_year'
            when c.kind = 'village' and year(f.started_on) = year(a.as_of_date)
                and f.build_mode = 'renovated_idle_asset' then 'renovated_this_year'
            else 'other'
        end as "group"
    from facilities_located as f
    join communities as c using (community_id)
    cross join warehouse_as_of as a
    where f.kind = 'party_mass_centre'
        and ($township is null or f.township_id = $township)
        and ($area is null or c.area = $area)
)

select
    ce.township_id,
    in_lang($lang, ce.township_zh, ce.township_en) as township,
    ce."group",
    count(*) as centres
from centres as ce
group by all
order by ce.township_id, ce."group"
