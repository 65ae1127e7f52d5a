/*---
title: {zh: 重点项目及其采纳的诉求数, en: Key projects and the demands they adopted}
description:
  zh: 在所选街镇、城乡和时间段内采纳了诉求的重点项目及采纳条数；也是诉求追溯中项目选择框的选项。
  en: "The key projects that adopted demands within the selection, and how many; also the options of the project picker in the demand trace."
chart:
  labels:
    key_project_id: {zh: 编号, en: Id}
    key_project: {zh: 重点项目, en: Key project}
    status: {zh: 状态, en: Status}
    demands: {zh: 采纳诉求, en: Demands adopted}
order: 20
---*/
select
    k.key_project_id,
    in_lang($lang, k.name_zh, k.name_en) as key_project,
    k.status,
    count(d.demand_id) as demands
from key_projects as k
join demands_received($township, $area, $month_from, $month_to) as d on d.key_project_id = k.key_project_id
group by all
order by k.key_project_id
