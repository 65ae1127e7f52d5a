/*---
title: {zh: 今年启动建设的村级党群服务中心, en: Village centres started this year}
description:
  zh: 2018年以来累计启动新建或利用闲置校舍等国有资产改造的村级党群服务中心数。选择街镇或城乡时，目标按该范围内年初尚无党群服务中心的村所占份额（plan_share）分摊。
  en: "Village party-mass service centres started since 2018-01-01, newly built or in renovated idle state assets, cumulative. Under a township or urban/rural selection the target is apportioned by the selection's share of villages that had no centre at the start of the year (plan_share)."
indicator:
  unit: count
  baseline: {value: 0, date: 2018-01-01}
  target: {figure: village_centres_this_year, date: 2018-12-31}
  note:
    zh: 报道：确保今年启动新建126个、改造闲置校舍等国有资产30个，共计156个村级党群服务中心建设（期限为年底）
    en: "Report: ensure 156 village centres are started this year, 126 new and 30 in idle state assets (deadline: year end)"
order: 40
---*/
-- Villages that still needed a centre on 2018-01-01: the pool this year's programme draws on. The target's
-- part is the selection's share of them.
with needing as (
    select c.township_id, c.area
    from communities as c
    where c.kind = 'village'
        and c.community_id not in (
            select f.community_id
            from facilities as f
            where f.kind = 'party_mass_centre' and f.completed_on < date '2018-01-01' and f.community_id is not null
        )
),

plan as (
    select
        count(*) filter (where ($township is null or n.township_id = $township) and ($area is null or n.area = $area))
        ::double / nullif(count(*), 0) as plan_share
    from needing as n
)

-- Centres started from 2018-01, new or in idle state assets, by each month end (events_by_month in schema.sql).
select e.period, e.events as value, pl.plan_share
from events_by_month('village_centre_started', date '2018-01-01', date '2018-01-01', $township, $area, $month_to) as e
cross join plan as pl
order by e.period
