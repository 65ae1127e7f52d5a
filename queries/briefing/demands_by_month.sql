/*---
title: {zh: 每月收集的群众诉求及采纳情况, en: Resident demands collected each month and what became of them}
description:
  zh: 按收到月份统计的群众诉求，按处理状态分色（已收到、已采纳、实施中、已解决）。
  en: "Resident demands by month received, coloured by status: received, adopted, in progress, resolved."
chart: {type: bar, x: month, y: demands, color: status, labels: {month: {zh: 月份, en: Month}, demands: {zh: 诉求数, en: Demands}, status: {zh: 状态, en: Status}}}
order: 10
---*/
with demands as (
    select d.demand_id, d.received_on, d.status, c.township_id, c.area
    from resident_demands as d
    join communities as c using (community_id)
),

in_scope as (
    select date_trunc('month', received_on) as month, status
    from demands
    where ($township is null or township_id = $township)
        and ($area is null or area = $area)
        and ($month_from is null or received_on >= $month_from)
        and ($month_to is null or date_trunc('month', received_on) <= $month_to)
),

ranked as (
    -- Status codes are named by the shared code names when drawn (domains.code.status), as on every page.
    select
        cast(month as date) as month,
        list_position(['received', 'adopted', 'in_progress', 'resolved'], status) as status_rank,
        status
    from in_scope
)

select month, status, count(*) as demands
from ranked
group by month, status_rank, status
order by status_rank, month
