/*---
title: {zh: 今年启动建设的村级党群服务中心, en: Village centres started this year}
description:
  zh: 2018年以来累计启动新建或利用闲置校舍等国有资产改造的村级党群服务中心数。选择街镇或城乡时，目标按该范围内年初尚无党群服务中心的村所占份额（plan_share）分摊。
  en: "Village party-mass service centres started since 2018-01-01, newly built or in renovated idle state assets, cumulative. Under a township or urban/rural selection the target is apportioned by the selection's share of villages that had no centre at the start of the year (plan_share)."
pillar: city_change
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: count
  direction: higher
  baseline: {value: 0, date: 2018-01-01}
  target: {figure: village_centres_this_year, date: 2018-12-31}
  weight: 1
  communities: indicators/city_change/village_centres__by_community
  note:
    zh: 报道：确保今年启动新建126个、改造闲置校舍等国有资产30个，共计156个村级党群服务中心建设（期限为年底）
    en: "Report: ensure 156 village centres are started this year, 126 new and 30 in idle state assets (deadline: year end)"
order: 40
---*/
-- The programme's months from the baseline, 2018-01, to the as-of month, up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period >= date '2018-01-01' and m.period <= coalesce($month_to, m.period)
),

villages as (
    select c.community_id, c.township_id, c.area
    from communities as c
    where c.kind = 'village'
),

-- Villages that still needed a centre on 2018-01-01: the pool this year's programme draws on.
needing as (
    select v.*
    from villages as v
    where v.community_id not in (
        select f.community_id
        from facilities as f
        where f.kind = 'party_mass_centre' and f.completed_on < date '2018-01-01' and f.community_id is not null
    )
),

in_scope as (
    select n.community_id
    from needing as n
    where ($township is null or n.township_id = $township)
        and ($area is null or n.area = $area)
),

plan as (
    select (select count(*) from in_scope)::double / nullif((select count(*) from needing), 0) as plan_share
),

started as (
    select f.facility_id, f.started_on
    from facilities as f
    join villages as v using (community_id)
    where f.kind = 'party_mass_centre'
        and f.build_mode in ('new', 'renovated_idle_asset')
        and f.started_on >= date '2018-01-01'
        and ($township is null or v.township_id = $township)
        and ($area is null or v.area = $area)
)

select
    m.period,
    count(s.facility_id)::double as value,
    any_value(pl.plan_share) as plan_share
from months as m
cross join plan as pl
left join started as s on s.started_on < m.period + interval 1 month
group by m.period
order by m.period
