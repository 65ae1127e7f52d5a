/*---
title: {zh: 走访调研与群众诉求：报道公布的数字, en: "Survey and resident demands: the published figures"}
description:
  zh: 报道中关于走访调研和民生需求的数字，由明细记录重新计算，口径与总览的「报道公布的数字」相同。选择街镇或城乡时显示所选范围内的部分；不随时间段变化。
  en: "The report's figures on the door-to-door survey and resident demands, recomputed from the detail records, counted as in the overview's figures stated in the report. A township or urban/rural selection shows its part; the period filter does not apply."
source: published
order: 1
---*/
-- The figures this page shows, in order, summed over the selected places (see published_figure_cards in
-- schema.sql).
select c.* exclude (position)
from published_figure_cards(
    [
        'questionnaires',
        'household_visits',
        'consultation_meetings',
        'resident_demands',
        'key_projects',
        'surveyed_communities',
        'surveyed_key_villages'
    ],
    $township, $area, $lang
) as c
order by c.position
