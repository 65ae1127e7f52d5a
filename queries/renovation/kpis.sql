/*---
title: {zh: 城市更新：报道公布的数字, en: "Urban renewal: the published figures"}
description:
  zh: 报道中关于老旧院落、棚户区、街区、特色镇、停车场等工程的数字，由工程明细重新计算，口径与 queries/published/figures.sql 相同：改造、整治、新建按已完工计，建设、推动按已开工计，设计、选址按所到阶段计，规划按尚未开工计。选择街镇或城乡时显示所选范围内的部分；不随时间段变化。
  en: "The report's figures on courtyards, shantytowns, streets, featured towns, car parks and other works, recomputed from the works as queries/published/figures.sql defines them: renovated, rectified and new count completed works; building counts started works; design and site selection count the stage reached; planned counts works not yet started. A township or urban/rural selection shows its part; the period filter does not apply."
chart:
  type: table
  labels:
    label: {zh: 指标, en: Figure}
    value: {zh: 计算值, en: Computed}
    published_value: {zh: 报道值, en: Published}
params:
  township: {type: township, default: null}
  area: {type: area, default: null}
  lang: {type: lang, default: zh}
source: published
order: 1
---*/
with works as (
    select p.category, p.stage, p.status, p.households_benefited, p.parking_spaces
    from projects_located as p
    where ($township is null or p.township_id = $township)
        and ($area is null or p.area = $area)
),

work_counts as (
    select
        count(*) filter (where w.category = 'old_courtyard' and w.status = 'completed') as old_courtyards,
        coalesce(sum(w.households_benefited) filter (
            where w.category = 'shantytown' and w.status = 'completed'
        ), 0) as shantytown_households,
        count(*) filter (
            where w.category = 'featured_street' and w.stage in ('design', 'construction', 'completed')
        ) as featured_streets,
        count(*) filter (where w.category = 'featured_town' and w.status <> 'planned') as featured_towns,
        count(*) filter (where w.category = 'linpan' and w.status <> 'planned') as linpan_settlements,
        count(*) filter (where w.category = 'back_street' and w.status = 'completed') as back_streets,
        count(*) filter (where w.category = 'two_demolish_one_add' and w.status <> 'planned') as two_demolish_one_add,
        count(*) filter (where w.category = 'pocket_park' and w.status = 'completed') as pocket_parks,
        count(*) filter (
            where w.category = 'community_complex' and w.stage = 'site_selection'
        ) as community_complex_sites,
        count(*) filter (where w.category = 'market_demolition' and w.status = 'completed') as market_demolished,
        count(*) filter (where w.category = 'parking' and w.status = 'planned') as parking_lots_planned,
        coalesce(sum(w.parking_spaces) filter (
            where w.category = 'parking' and w.status = 'planned'
        ), 0) as parking_spaces_planned
    from works as w
),

computed as (
    select 1 as position, 'key_projects' as figure_id, (select count(*) from key_projects)::double as value,
        true as city_wide
    union all select 2, 'old_courtyards', wc.old_courtyards, false from work_counts as wc
    union all select 3, 'shantytown_households', wc.shantytown_households, false from work_counts as wc
    union all select 4, 'back_streets', wc.back_streets, false from work_counts as wc
    union all select 5, 'featured_streets', wc.featured_streets, false from work_counts as wc
    union all select 6, 'featured_towns', wc.featured_towns, false from work_counts as wc
    union all select 7, 'linpan_settlements', wc.linpan_settlements, false from work_counts as wc
    union all select 8, 'two_demolish_one_add', wc.two_demolish_one_add, false from work_counts as wc
    union all select 9, 'pocket_parks', wc.pocket_parks, false from work_counts as wc
    union all select 10, 'community_complex_sites', wc.community_complex_sites, false from work_counts as wc
    union all select 11, 'market_demolished', wc.market_demolished, false from work_counts as wc
    union all select 12, 'parking_lots_planned', wc.parking_lots_planned, false from work_counts as wc
    union all select 13, 'parking_spaces_planned', wc.parking_spaces_planned, false from work_counts as wc
)

select
    c.figure_id,
    coalesce(case when $lang = 'en' then p.label_en else p.label_zh end, c.figure_id) as label,
    c.value,
    p.value as published_value,
    coalesce(p.unit, 'count') as unit,
    coalesce(p.qualifier, 'exact') as qualifier,
    coalesce(p.precision, 1) as precision,
    c.city_wide
from computed as c
left join published_figures as p using (figure_id)
order by c.position
