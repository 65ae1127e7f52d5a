/*---
title: {zh: 城市更新：报道公布的数字, en: "Urban renewal: the published figures"}
description:
  zh: 报道中关于老旧院落、棚户区、街区、特色镇、停车场等工程的数字，由工程明细重新计算，口径与总览的「报道公布的数字」相同：改造、整治、新建按已完工计，建设、推动按已开工计，设计、选址按所到阶段计，规划按尚未开工计。选择街镇或城乡时显示所选范围内的部分；不随时间段变化。
  en: "The report's figures on courtyards, shantytowns, streets, featured towns, car parks and other works, recomputed from the works and counted as in the overview's figures stated in the report: renovated, rectified and new count completed works; building counts started works; design and site selection count the stage reached; planned counts works not yet started. A township or urban/rural selection shows its part; the period filter does not apply."
source: published
order: 1
---*/
-- The figures this page shows, in order, summed over the selected places (see published_figure_cards in
-- schema.sql).
select c.* exclude (position)
from published_figure_cards(
    [
        'key_projects',
        'old_courtyards',
        'shantytown_households',
        'back_streets',
        'featured_streets',
        'featured_towns',
        'linpan_settlements',
        'two_demolish_one_add',
        'pocket_parks',
        'community_complex_sites',
        'market_demolished',
        'parking_lots_planned',
        'parking_spaces_planned'
    ],
    $township, $area, $lang
) as c
order by c.position
