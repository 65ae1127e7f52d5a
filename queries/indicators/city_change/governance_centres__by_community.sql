/*---
title: {zh: 综治中心：按村社, en: "Governance centres, by community"}
description:
  zh: 有综治中心计划的村社：截至所选月末是否建成、建设方式与日期；未建成的排在前面。
  en: "Communities with a governance centre in the plan: whether it is built by the end of the selected period, how, and when; unfinished first."
chart:
  labels:
    value: {zh: 已建成, en: Built}
    build_mode: {zh: 建设方式, en: Build mode}
    started_on: {zh: 开工日期, en: Started on}
    completed_on: {zh: 建成日期, en: Completed on}
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end.
select
    in_lang($lang, t.name_zh, t.name_en) as township,
    in_lang($lang, c.name_zh, c.name_en) as community,
    (f.completed_on is not null and f.completed_on <= counted_until($month_to))::integer as value,
    f.build_mode,
    f.started_on,
    case when f.completed_on <= counted_until($month_to) then f.completed_on end as completed_on
from facilities as f
join communities as c using (community_id)
join townships as t on t.township_id = c.township_id
where f.kind = 'governance_centre'
    and ($township is null or c.township_id = $township)
    and ($area is null or t.area = $area)
order by value, f.started_on nulls last, township, community
