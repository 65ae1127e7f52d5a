/*---
title: {zh: 居民认同率, en: Residents who recognise the work}
description:
  zh: 调查问卷中知晓并认可社区发展治理工作的居民占比（%），按截至当月的近3个月滚动计算；n 为回答人数。目标为配置值。
  en: "Share of questionnaire respondents who know of and endorse the community-governance work (%), over a rolling three months ending with each month; n is the number of answers. The target is configured."
pillar: social_recognition
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  month_to: {type: month, default: null}
indicator:
  unit: percent
  direction: higher
  baseline: {date: 2017-09-01}
  target: {value: 80, date: 2018-12-31}
  weight: 2
  decimals: 1
  communities: indicators/social_recognition/recognition_share__by_community
  note:
    zh: 配置假设：到2018年底80%的受访居民认同；基线为2017年9月的实测值
    en: "Assumption: 80% of respondents recognise the work by the end of 2018; the baseline is measured in 2017-09"
order: 10
---*/
-- The programme's months (2017-09 to the as-of month), up to the selected month.
with months as (
    select m.period
    from programme_months as m
    where m.period <= coalesce($month_to, m.period)
),

answers as (
    select q.collected_on, q.recognises_work
    from questionnaires as q
    join communities as c using (community_id)
    where q.recognises_work is not null
        and ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
)

select
    m.period,
    100.0 * avg(a.recognises_work::integer) as value,
    count(a.recognises_work) as n
from months as m
left join answers as a
    on a.collected_on >= m.period - interval 2 month
    and a.collected_on < m.period + interval 1 month
group by m.period
order by m.period
