/*---
title: {zh: 村级党群服务中心：按村, en: "Village party-mass centres, by village"}
description:
  zh: 年初尚无党群服务中心的村，截至所选月末是否已启动建设、建设方式与完工日期；未启动的排在前面。
  en: "Villages that had no party-mass centre at the start of 2018: whether one is started by the end of the selected period, how, and when it was completed; those not started first."
chart:
  labels:
    community: {zh: 村, en: Village}
    value: {zh: 已启动, en: Started}
    build_mode: {zh: 建设方式, en: Build mode}
    started_on: {zh: 启动日期, en: Started on}
    completed_on: {zh: 完工日期, en: Completed on}
---*/
-- A day counts up to counted_until($month_to) in schema.sql: the as-of date, or the selected month's end.
with needing as (
    select c.community_id, c.township_id, c.name_zh, c.name_en, c.township_zh, c.township_en
    from communities_located as c
    where c.kind = 'village'
        and ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
        and c.community_id not in (
            select f.community_id
            from facilities as f
            where f.kind = 'party_mass_centre' and f.completed_on < date '2018-01-01' and f.community_id is not null
        )
),

this_year as (
    select f.community_id, f.build_mode, f.started_on, f.completed_on
    from facilities as f
    where f.kind = 'party_mass_centre'
        and f.started_on >= date '2018-01-01' and f.started_on <= counted_until($month_to)
)

select
    in_lang($lang, n.township_zh, n.township_en) as township,
    in_lang($lang, n.name_zh, n.name_en) as community,
    (y.community_id is not null)::integer as value,
    y.build_mode,
    y.started_on,
    case when y.completed_on <= counted_until($month_to) then y.completed_on end as completed_on
from needing as n
left join this_year as y on y.community_id = n.community_id
order by value, township, community
