/*---
title: {zh: 民生需求办结率, en: Resident demands resolved}
description:
  zh: 截至每月末收到的民生需求、群众建议中，其对应工程已完工（即已办结）的占比（%）。目标为配置值。
  en: "Of the resident demands and suggestions received by each month end, the share whose work is completed by then, i.e. resolved (%). The target is configured."
indicator:
  unit: percent
  baseline: {value: 0}
  target: {value: 50, date: 2018-12-31}
  decimals: 1
  note:
    zh: 配置假设：到2018年底一半的民生需求办结
    en: "Assumption: half of the resident demands resolved by the end of 2018"
order: 60
---*/
-- Demands the selected places raised, each resolved when the work answering it is completed.
with demands as (
    select d.demand_id, d.received_on, p.actual_end as resolved_on
    from resident_demands as d
    join communities as c using (community_id)
    left join projects as p on p.project_id = d.project_id
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
)

select
    m.period,
    100.0 * count(d.resolved_on) filter (where d.resolved_on < m.period + interval 1 month)
        / count(d.demand_id) as value,
    count(d.demand_id) as received
from months_until(null, $month_to) as m
join demands as d on d.received_on < m.period + interval 1 month
group by m.period
order by m.period
