/*---
title: {zh: 居民总体满意度, en: Residents' overall satisfaction}
description:
  zh: 调查问卷总体满意度（1–5分）的均值，按截至当月的近3个月滚动计算；n 为回答人数，样本不足的月份不显示。目标为配置值。
  en: "Mean overall satisfaction (1–5) in the questionnaires, over a rolling three months ending with each month; n is the number of answers, and months with too few are hidden. The target is configured."
pillar: resident_perception
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: score
  direction: higher
  baseline: {date: 2017-09-01}
  target: {value: 4.2, date: 2018-12-31}
  weight: 2
  decimals: 2
  communities: indicators/resident_perception/satisfaction__by_community
  note:
    zh: 配置假设：到2018年底满意度均值达到4.2分；基线为2017年9月的实测值
    en: "Assumption: mean satisfaction of 4.2 by the end of 2018; the baseline is measured in 2017-09"
order: 10
---*/
-- The programme's months (2017-09 to the as-of month), up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period <= coalesce($month_to, m.period)
),

answers as (
    select q.collected_on, q.satisfaction as score
    from questionnaires as q
    join communities as c using (community_id)
    where q.satisfaction is not null
        and ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
)

select
    m.period,
    avg(a.score) as value,
    count(a.score) as n
from months as m
left join answers as a
    on a.collected_on >= m.period - interval 2 month
    and a.collected_on < m.period + interval 1 month
group by m.period
order by m.period
