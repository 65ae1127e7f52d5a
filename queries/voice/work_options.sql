/*---
title: {zh: 重点项目下的工程, en: Works under a key project}
description:
  zh: 所选重点项目下、位于所选范围或回应了所选范围内诉求的每项工程，及其回应的诉求条数（所选范围、时间段内）；诉求追溯中工程选择框的选项。
  en: "Each work under the chosen key project that lies in the selection or answers a demand from it, with the demands it answers there; the options of the work picker in the demand trace."
chart:
  labels:
    project_id: {zh: 编号, en: Id}
    work: {zh: 工程, en: Work}
    status: {zh: 状态, en: Status}
    demands: {zh: 回应诉求, en: Demands answered}
params:
  key_project: {type: text, default: K01}
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
  lang: {type: lang, default: zh}
order: 21
---*/
with works as (
    select p.project_id, p.name_zh, p.name_en, p.status, p.township_id, p.area
    from projects_located as p
    where p.key_project_id = $key_project
),

demands as (
    select d.demand_id, d.project_id
    from resident_demands as d
    join communities as c using (community_id)
    where d.key_project_id = $key_project
        and ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
        and ($month_from is null or d.received_on >= cast($month_from as date))
        and ($month_to is null or d.received_on < cast($month_to as date) + interval 1 month)
)

select
    w.project_id,
    in_lang($lang, w.name_zh, w.name_en) as work,
    w.status,
    count(d.demand_id) as demands
from works as w
left join demands as d on d.project_id = w.project_id
group by all
having count(d.demand_id) > 0
    or (($township is null or any_value(w.township_id) = $township) and ($area is null or any_value(w.area) = $area))
order by w.project_id
