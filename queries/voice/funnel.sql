/*---
title: {zh: 从问卷到完工：群众诉求的收集与办理, en: "From questionnaire to completed project: how residents' demands are gathered and answered"}
description:
  zh: 问卷（份）、入户走访（户）、坝坝会（场）收集诉求，三者单位不同，各列其数；诉求（条）被重点项目采纳、所属工程（无具体工程时为重点项目）已完工的条数，并注明每一步占上一步的比例。
  en: "Questionnaires (copies), household visits (households) and consultation meetings (meetings) gather demands, each counted in its own unit; then demands adopted by key projects and those whose work (or, without one, key project) is completed, each with its share of the step before."
chart:
  type: funnel
  x: step
  y: count
  labels:
    step: {zh: 环节, en: Step}
    count: {zh: 数量, en: Count}
    counted_in: {zh: 单位, en: Unit}
order: 2
---*/
with units as (
    select c.community_id
    from communities as c
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

contacts as (
    select 'questionnaires' as step, q.community_id, q.collected_on as day from questionnaires as q
    union all
    select 'household_visits' as step, v.community_id, v.visited_on as day from household_visits as v
    union all
    select 'meetings' as step, m.community_id, m.held_on as day from consultation_meetings as m
),

demands as (
    select
        d.demand_id,
        d.key_project_id,
        coalesce(w.status, k.status) as answer_status
    from resident_demands as d
    join units as u on u.community_id = d.community_id
    left join projects as w on w.project_id = d.project_id
    left join key_projects as k on k.key_project_id = d.key_project_id
    where ($month_from is null or d.received_on >= cast($month_from as date))
        and ($month_to is null or d.received_on < cast($month_to as date) + interval 1 month)
),

contact_steps as (
    select c.step, count(*) as n
    from contacts as c
    join units as u on u.community_id = c.community_id
    where ($month_from is null or c.day >= cast($month_from as date))
        and ($month_to is null or c.day < cast($month_to as date) + interval 1 month)
    group by c.step
),

steps as (
    select 1 as position, 'questionnaires' as step,
        coalesce((select cs.n from contact_steps as cs where cs.step = 'questionnaires'), 0) as n
    union all select 2, 'household_visits',
        coalesce((select cs.n from contact_steps as cs where cs.step = 'household_visits'), 0)
    union all select 3, 'meetings', coalesce((select cs.n from contact_steps as cs where cs.step = 'meetings'), 0)
    union all select 4, 'demands', (select count(*) from demands)
    union all select 5, 'adopted', (select count(*) from demands as d where d.key_project_id is not null)
    union all select 6, 'answered', (
        select count(*) from demands as d where d.key_project_id is not null and d.answer_status = 'completed'
    )
)

-- Each step counts its own thing (份 questionnaires, 户 households, 场 meetings, 条 demands): the chart draws a
-- step with a unit of its own as a number, and the demand steps as a funnel with the share each keeps.
select
    s.step,
    s.n as count,
    case
        when s.step = 'questionnaires' then 'copies'
        when s.step = 'household_visits' then 'households'
        when s.step = 'meetings' then 'meetings'
        else 'demands'
    end as counted_in
from steps as s
where (select sum(a.n) from steps as a) > 0
order by s.position
