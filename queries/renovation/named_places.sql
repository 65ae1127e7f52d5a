/*---
title: {zh: 报道点名的改造：奥盾大院、政府街社区、蜀阳社区, en: "The renovations the report names: Aodun courtyard, Zhengfujie and Shuyang"}
description:
  zh: 报道点名的三处改造的事实，按工程或所在社区名称从工程明细中查得，口径与总览的「报道公布的数字」相同。这些是具体地点的事实，不随筛选变化。
  en: "Facts about the three renovations the report names, looked up in the works by the name of the work or its community, counted as in the overview's figures stated in the report. They are facts about named places and ignore the filters."
source: published
scope: city
order: 2
---*/
-- The figures this page shows, in order: facts about named places, not split by place (city_only), so no
-- selection applies.
select c.* exclude (position)
from published_figure_cards(
    [
        'aodun_built_year',
        'aodun_renovation_start',
        'zhengfujie_rooms_before',
        'zhengfujie_area_after',
        'shuyang_area_before',
        'shuyang_area_after'
    ],
    null, null, $lang
) as c
order by c.position
