/*---
title: {zh: 志愿服务与社会力量：报道公布的数字, en: "Volunteering and social forces: the published figures"}
description:
  zh: 报道中关于志愿者队伍、注册志愿者、志愿服务活动、服务延伸村社和社会组织服务体系的数字，由明细重新计算，口径与总览的「报道公布的数字」相同。选择街镇或城乡时显示所选范围内的部分；不随时间段变化。
  en: "The report's figures on volunteer teams, registered volunteers, activities, the villages and communities services reach and the social-organisation service system, recomputed from the detail records, counted as in the overview's figures stated in the report. A township or urban/rural selection shows its part; the period filter does not apply."
source: published
order: 2
---*/
-- The figures this page shows, in order, summed over the selected places (see published_figure_cards in
-- schema.sql).
select c.* exclude (position)
from published_figure_cards(
    [
        'volunteer_teams',
        'registered_volunteers',
        'volunteer_activities',
        'communities_served',
        'social_org_levels',
        'magic_classroom_volunteers'
    ],
    $township, $area, $lang
) as c
order by c.position
