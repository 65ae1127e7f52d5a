/*---
title: {zh: 满意度与获得感：按街镇, en: Satisfaction and sense of gain by township}
description:
  zh: 问卷 1–5 分题的答题人数、总分和平方和；页面据此计算平均分和 95% 置信区间，答题人数不足最小样本量的格子不显示。
  en: "Answers, sum and sum of squares of the 1–5 questionnaire scores; the page turns them into means with 95% confidence intervals and hides cells with fewer answers than the minimum sample."
chart:
  labels:
    township: {zh: 街镇, en: Township}
order: 10
---*/
with answers as (
    select
        c.township_id,
        c.township_zh,
        c.township_en,
        q.satisfaction::integer as satisfaction,
        q.sense_of_gain::integer as sense_of_gain
    from questionnaires as q
    join communities_located as c using (community_id)
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
        and ($month_from is null or q.collected_on >= cast($month_from as date))
        and ($month_to is null or q.collected_on < cast($month_to as date) + interval 1 month)
)

select
    in_lang($lang, a.township_zh, a.township_en) as township,
    count(a.satisfaction) as satisfaction_n,
    coalesce(sum(a.satisfaction), 0)::bigint as satisfaction_sum,
    coalesce(sum(a.satisfaction * a.satisfaction), 0)::bigint as satisfaction_sumsq,
    count(a.sense_of_gain) as sense_of_gain_n,
    coalesce(sum(a.sense_of_gain), 0)::bigint as sense_of_gain_sum,
    coalesce(sum(a.sense_of_gain * a.sense_of_gain), 0)::bigint as sense_of_gain_sumsq
from answers as a
group by a.township_id, township
order by a.township_id
