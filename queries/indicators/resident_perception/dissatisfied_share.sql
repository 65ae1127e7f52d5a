/*---
title: {zh: 不满意率, en: Share of residents dissatisfied}
description:
  zh: 总体满意度打1–2分的问卷占比（%），按截至当月的近3个月滚动计算，越低越好；n 为回答人数。目标为配置值。
  en: "Share of questionnaires scoring overall satisfaction 1–2 (%), over a rolling three months ending with each month; lower is better; n is the number of answers. The target is configured."
pillar: resident_perception
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: percent
  direction: lower
  baseline: {date: 2017-09-01}
  target: {value: 5, date: 2018-12-31}
  weight: 1
  decimals: 1
  communities: indicators/resident_perception/dissatisfied_share__by_community
  note:
    zh: 配置假设：到2018年底不满意率降至5%；基线为2017年9月的实测值
    en: "Assumption: at most 5% dissatisfied by the end of 2018; the baseline is measured in 2017-09"
order: 30
---*/
-- The programme's months (2017-09 to the as-of month), up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period <= coalesce($month_to, m.period)
),

answers as (
    select q.collected_on, q.satisfaction <= 2 as dissatisfied
    from questionnaires as q
    join communities as c using (community_id)
    where q.satisfaction is not null
        and ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
)

select
    m.period,
    100.0 * avg(a.dissatisfied::integer) as value,
    count(a.dissatisfied) as n
from months as m
left join answers as a
    on a.collected_on >= m.period - interval 2 month
    and a.collected_on < m.period + interval 1 month
group by m.period
order by m.period
