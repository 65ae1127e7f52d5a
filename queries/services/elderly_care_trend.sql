/*---
title: {zh: 养老设施覆盖率：逐月变化, en: Elderly-care coverage month by month}
description:
  zh: 每月末已建成养老设施的村（社区）占比，城市与农村社区分列。
  en: "Share of villages and communities with a completed elderly-care facility at the end of each month, urban and rural apart."
chart:
  type: line
  x: month
  y: coverage_pct
  color: area
  y_format: percent
  labels:
    month: {zh: 月份, en: Month}
    coverage_pct: {zh: 覆盖率, en: Coverage}
    area: {zh: 城乡, en: Area}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
order: 4
---*/
with months as (
    select cast(m.month as date) as month
    from (
        select range as month
        from range(
            (select date_trunc('month', min(q.collected_on)) from questionnaires as q),
            (select a.as_of_date from warehouse_as_of as a),
            interval 1 month
        )
    ) as m
    where ($month_from is null or m.month >= cast($month_from as date))
        and ($month_to is null or m.month <= cast($month_to as date))
),

units as (
    select c.community_id, c.area
    from communities as c
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

done as (
    select f.community_id, min(f.completed_on) as first_done
    from facilities as f
    where f.kind = 'elderly_care' and f.status = 'completed'
    group by f.community_id
),

-- A month's figure counts facilities completed by the month's last day (or the as-of date, if earlier).
by_month as (
    select
        m.month,
        u.area,
        100.0 * count(d.community_id) filter (
            where d.first_done < m.month + interval 1 month
        ) / count(*) as coverage_pct
    from months as m
    cross join units as u
    left join done as d using (community_id)
    group by m.month, u.area
)

select b.month, b.area, round(b.coverage_pct, 1) as coverage_pct
from by_month as b
order by b.month, b.area
