/*---
title: {zh: 两次例会之间开工和完工的工程, en: Works started or completed between two meetings}
description:
  zh: 实际开工或完工日期在上一期次日期之后、本期次日期之前（含）的工程；不填上一期次日期时从头算起，不填本期次日期时算到数据截至日期。
  en: "Works whose actual start or end falls after the earlier edition's day and on or before the later one's; without the earlier day from the start, without the later one up to the as-of date."
chart:
  labels:
    work: {zh: 工程, en: Work}
    township: {zh: 街镇, en: Township}
    category: {zh: 类别, en: Category}
    change: {zh: 变化, en: Change}
    happened_on: {zh: 日期, en: Date}
params:
  since: {type: date, default: null, label: {zh: 上一期次日期, en: Earlier edition's day}}
  until: {type: date, default: null, label: {zh: 本期次日期, en: This edition's day}}
  township: {type: township, default: null}
  area: {type: area, default: null}
  lang: {type: lang, default: zh}
order: 30
source: demo
---*/
with works as (
    select * from projects_located
),

bounds as (
    select $since as since, coalesce($until, (select w.as_of_date from warehouse_as_of as w)) as until
),

steps as (
    select w.*, 'started' as step, w.actual_start as happened_on
    from works as w
    cross join bounds as b
    where (b.since is null or w.actual_start > b.since) and w.actual_start <= b.until
    union all
    select w.*, 'completed' as step, w.actual_end as happened_on
    from works as w
    cross join bounds as b
    where (b.since is null or w.actual_end > b.since) and w.actual_end <= b.until
)

select
    in_lang($lang, s.name_zh, s.name_en) as work,
    in_lang($lang, s.township_zh, s.township_en) as township,
    s.category,
    case s.step
        when 'started' then in_lang($lang, '开工', 'Started')
        else in_lang($lang, '完工', 'Completed')
    end as change,
    s.happened_on
from steps as s
where ($township is null or s.township_id = $township)
    and ($area is null or s.area = $area)
order by s.happened_on, work
