/*---
title: {zh: 报道公布数据核对, en: Published figures reproduced}
description:
  zh: 报道中的每个数字与由明细表重新计算的值并列。「余」表示报道值为下限；百分比按报道的精度取整比较。各项数字的统计口径与各专题页面的数字卡片相同。
  en: "Every figure the source article states, next to the value recomputed from the detail tables. 余 figures are lower bounds; percentages compare at the article's precision. Each figure is counted the same way as on the topic pages' figure cards."
chart: {type: table}
scope: city
---*/
-- The city-wide value of each figure: the sum of all its parts (see the view's comment in schema.sql).
with computed as (
    select fp.figure_id, sum(fp.numerator) / coalesce(sum(fp.denominator), 1) as computed_value
    from published_figure_parts as fp
    group by fp.figure_id
)

select
    p.figure_id,
    p.label_zh,
    p.label_en,
    p.unit,
    p.pillar,
    p.qualifier,
    p.precision,
    p.value as published_value,
    c.computed_value,
    p.source,
    p.source_date
from published_figures as p
left join computed as c using (figure_id)
order by p.figure_id
