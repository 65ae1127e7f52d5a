/*---
title: {zh: 各街镇改造项目进展, en: Renovation works by township and status}
description:
  zh: 各街镇的改造与建设项目数，按状态分色；时间段筛选按计划开工月份。
  en: "Renovation and construction works per township, coloured by status; the period filter applies to the planned start."
chart: {type: bar, x: township, y: projects, color: status, orientation: h, labels: {projects: {zh: 项目数, en: Works}, township: {zh: 街镇, en: Township}, status: {zh: 状态, en: Status}}}
order: 20
---*/
-- Status stays a code (completed, in_progress, planned): the shared code names and colours (domains.code.status)
-- name and colour it when drawn, as on every page, so 已完成 and 规划中 never share a colour.
with works as (
    select p.project_id, p.status, p.planned_start, p.township_id, p.area,
        in_lang($lang, p.township_zh, p.township_en) as township
    from projects_located as p
),

in_scope as (
    select township_id, township, status
    from works
    where ($township is null or township_id = $township)
        and ($area is null or area = $area)
        and ($month_from is null or planned_start >= $month_from)
        and ($month_to is null or date_trunc('month', planned_start) <= $month_to)
)

select
    township,
    status,
    count(*) as projects
from in_scope
group by township_id, township, status
order by list_position(['completed', 'in_progress', 'planned'], status), township_id desc
