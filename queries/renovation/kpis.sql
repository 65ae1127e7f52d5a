/*---
title: {zh: 城市更新：报道公布的数字, en: "Urban renewal: the published figures"}
description:
  zh: 报道中关于老旧院落、棚户区、街区、特色镇、停车场等工程的数字，由工程明细重新计算，口径定义在视图 published_figure_parts 中，与 queries/published/figures.sql 共用：改造、整治、新建按已完工计，建设、推动按已开工计，设计、选址按所到阶段计，规划按尚未开工计。选择街镇或城乡时显示所选范围内的部分；不随时间段变化。
  en: "The report's figures on courtyards, shantytowns, streets, featured towns, car parks and other works, recomputed from the works as the view published_figure_parts defines them for queries/published/figures.sql too: renovated, rectified and new count completed works; building counts started works; design and site selection count the stage reached; planned counts works not yet started. A township or urban/rural selection shows its part; the period filter does not apply."
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
-- The figures this page shows, in order, summed over the selected places (see published_figure_parts).
with picked (position, figure_id) as (
    values
        (1, 'key_projects'),
        (2, 'old_courtyards'),
        (3, 'shantytown_households'),
        (4, 'back_streets'),
        (5, 'featured_streets'),
        (6, 'featured_towns'),
        (7, 'linpan_settlements'),
        (8, 'two_demolish_one_add'),
        (9, 'pocket_parks'),
        (10, 'community_complex_sites'),
        (11, 'market_demolished'),
        (12, 'parking_lots_planned'),
        (13, 'parking_spaces_planned')
),

selected as (
    select fp.figure_id, fp.city_only, sum(fp.numerator) / coalesce(sum(fp.denominator), 1) as value
    from published_figure_parts as fp
    -- A city_only figure holds for every selection; the others add up the selected places' parts.
    where fp.city_only
        or (($township is null or fp.township_id = $township) and ($area is null or fp.area = $area))
    group by fp.figure_id, fp.city_only
)

select
    k.figure_id,
    coalesce(case when $lang = 'en' then p.label_en else p.label_zh end, k.figure_id) as label,
    s.value,
    p.value as published_value,
    coalesce(p.unit, 'count') as unit,
    coalesce(p.qualifier, 'exact') as qualifier,
    coalesce(p.precision, 1) as precision,
    coalesce(s.city_only, false) as city_wide
from picked as k
left join selected as s using (figure_id)
left join published_figures as p using (figure_id)
order by k.position
