/*---
title: {zh: 公共服务设施：报道公布的数字, en: "Service facilities: the published figures"}
description:
  zh: 报道中关于养老设施覆盖率、党群服务中心、综治中心和「雪亮工程」的数字，由设施明细重新计算，口径定义在视图 published_figure_parts 中，与 queries/published/figures.sql 共用。选择街镇或城乡时显示所选范围内的部分；不随时间段变化。
  en: "The report's figures on elderly-care coverage, party-mass service centres, governance centres and the Xueliang video-security project, recomputed from the facilities as the view published_figure_parts defines them for queries/published/figures.sql too. A township or urban/rural selection shows its part; the period filter does not apply."
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
        (1, 'elderly_care_urban'),
        (2, 'elderly_care_rural'),
        (3, 'governance_centres'),
        (4, 'xueliang_sites'),
        (5, 'poor_village_centres'),
        (6, 'village_centres_new'),
        (7, 'village_centres_renovated'),
        (8, 'village_centres_this_year')
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
