/*---
title: {zh: 居民满意度与获得感（月均分）, en: Resident satisfaction and sense of gain (monthly mean)}
description:
  zh: 问卷中满意度与获得感的月平均分（1–5 分），样本量不足的月份不显示。
  en: "Monthly mean questionnaire scores (1–5) for satisfaction and sense of gain; months with too few answers are left out."
chart: {type: line, x: month, y: score, color: measure, labels: {month: {zh: 月份, en: Month}, score: {zh: 平均分（1–5）, en: Mean score (1–5)}, measure: {zh: 指标, en: Measure}}}
params:
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
  min_n: {type: integer, default: 30}
  lang: {type: lang, default: zh}
order: 30
---*/
with answers as (
    select q.collected_on, q.satisfaction, q.sense_of_gain, c.township_id, c.area
    from questionnaires as q
    join communities as c using (community_id)
),

monthly as (
    select
        date_trunc('month', collected_on) as month,
        avg(satisfaction) as satisfaction,
        avg(sense_of_gain) as sense_of_gain,
        count(*) as respondents
    from answers
    where ($township is null or township_id = $township)
        and ($area is null or area = $area)
        and ($month_from is null or collected_on >= $month_from)
        and ($month_to is null or date_trunc('month', collected_on) <= $month_to)
    group by all
),

kept as (
    select * from monthly where respondents >= $min_n
),

measures as (
    select
        1 as position,
        cast(month as date) as month,
        in_lang($lang, '满意度', 'satisfaction') as measure,
        round(satisfaction, 2) as score,
        respondents
    from kept
    union all
    select
        2,
        cast(month as date),
        in_lang($lang, '获得感', 'sense of gain'),
        round(sense_of_gain, 2),
        respondents
    from kept
)

select month, measure, score, respondents
from measures
order by position, month
