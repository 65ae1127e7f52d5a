/*---
title: {zh: 重点项目下的工程, en: Works under a key project}
description:
  zh: 所选重点项目下的每项工程及其回应的诉求条数；诉求追溯中工程选择框的选项。
  en: "Each work under the chosen key project and how many demands it answers; the options of the work picker in the demand trace."
chart:
  type: table
  labels:
    project_id: {zh: 编号, en: Id}
    work: {zh: 工程, en: Work}
    status: {zh: 状态, en: Status}
    demands: {zh: 回应诉求, en: Demands answered}
params:
  key_project: {type: text, default: K01}
  township: {type: township, default: null}
  area: {type: area, default: null}
  lang: {type: lang, default: zh}
source: demo
order: 21
---*/
with works as (
    select p.project_id, p.name_zh, p.name_en, p.status
    from projects as p
    join townships as t using (township_id)
    where p.key_project_id = $key_project
        and ($township is null or p.township_id = $township)
        and ($area is null or t.area = $area)
)

select
    w.project_id,
    case when $lang = 'en' then w.name_en else w.name_zh end as work,
    w.status,
    count(d.demand_id) as demands
from works as w
left join resident_demands as d on d.project_id = w.project_id
group by all
order by w.project_id
