/*---
title: {zh: 满意度与获得感：按月趋势, en: Satisfaction and sense of gain by month}
description:
  zh: 每月问卷 1–5 分题的答题人数、总分和平方和；页面据此画出平均分及 95% 置信区间，样本不足的月份不显示。
  en: "Monthly answers, sum and sum of squares of the 1–5 scores; the page draws the means with 95% intervals and hides months below the minimum sample."
chart:
  labels:
    month: {zh: 月份, en: Month}
order: 12
---*/
with answers as (
    select
        date_trunc('month', q.collected_on) as month,
        q.satisfaction::integer as satisfaction,
        q.sense_of_gain::integer as sense_of_gain
    from questionnaires as q
    join communities as c using (community_id)
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
        and ($month_from is null or q.collected_on >= cast($month_from as date))
        and ($month_to is null or q.collected_on < cast($month_to as date) + interval 1 month)
)

select
    strftime(a.month, '%Y-%m') as month,
    count(a.satisfaction) as satisfaction_n,
    coalesce(sum(a.satisfaction), 0)::bigint as satisfaction_sum,
    coalesce(sum(a.satisfaction * a.satisfaction), 0)::bigint as satisfaction_sumsq,
    count(a.sense_of_gain) as sense_of_gain_n,
    coalesce(sum(a.sense_of_gain), 0)::bigint as sense_of_gain_sum,
    coalesce(sum(a.sense_of_gain * a.sense_of_gain), 0)::bigint as sense_of_gain_sumsq
from answers as a
group by a.month
order by a.month
