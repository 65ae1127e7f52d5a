/*---
title: {zh: 公共服务设施：报道公布的数字, en: "Service facilities: the published figures"}
description:
  zh: 报道中关于养老设施覆盖率、党群服务中心、综治中心和「雪亮工程」的数字，由设施明细重新计算，口径与总览的「报道公布的数字」相同。选择街镇或城乡时显示所选范围内的部分；不随时间段变化。
  en: "The report's figures on elderly-care coverage, party-mass service centres, governance centres and the Xueliang video-security project, recomputed from the facilities, counted as in the overview's figures stated in the report. A township or urban/rural selection shows its part; the period filter does not apply."
source: published
order: 1
---*/
-- The figures this page shows, in order, summed over the selected places (see published_figure_cards in
-- schema.sql).
select c.* exclude (position)
from published_figure_cards(
    [
        'elderly_care_urban',
        'elderly_care_rural',
        'governance_centres',
        'xueliang_sites',
        'poor_village_centres',
        'village_centres_new',
        'village_centres_renovated',
        'village_centres_this_year'
    ],
    $township, $area, $lang
) as c
order by c.position
