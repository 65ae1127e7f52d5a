/*---
title: {zh: 报道点名的改造：奥盾大院、政府街社区、蜀阳社区, en: "The renovations the report names: Aodun courtyard, Zhengfujie and Shuyang"}
description:
  zh: 报道点名的三处改造的事实，按工程或所在社区名称从工程明细中查得，口径与 queries/published/figures.sql 相同。这些是具体地点的事实，不随筛选变化。
  en: "Facts about the three renovations the report names, looked up in the works by the name of the work or its community, as queries/published/figures.sql does. They are facts about named places and ignore the filters."
chart:
  type: table
  labels:
    label: {zh: 指标, en: Figure}
    value: {zh: 计算值, en: Computed}
    published_value: {zh: 报道值, en: Published}
params:
  lang: {type: lang, default: zh}
source: published
order: 2
---*/
with works as (
    select
        p.name_zh, p.category, p.actual_start, p.floor_area_before, p.floor_area_after, p.rooms_before,
        p.built_year, p.community_zh
    from projects_located as p
),

named_works as (
    select
        max(w.built_year) filter (where w.name_zh like '奥盾大院%') as aodun_built_year,
        max(year(w.actual_start) * 100 + month(w.actual_start)) filter (
            where w.name_zh like '奥盾大院%'
        ) as aodun_renovation_start,
        max(w.rooms_before) filter (
            where w.community_zh = '政府街社区' and w.category = 'community_centre'
        ) as zhengfujie_rooms_before,
        max(w.floor_area_after) filter (
            where w.community_zh = '政府街社区' and w.category = 'community_centre'
        ) as zhengfujie_area_after,
        max(w.floor_area_before) filter (
            where w.community_zh = '蜀阳社区' and w.category = 'community_centre'
        ) as shuyang_area_before,
        max(w.floor_area_after) filter (
            where w.community_zh = '蜀阳社区' and w.category = 'community_centre'
        ) as shuyang_area_after
    from works as w
),

computed as (
    select 1 as position, 'aodun_built_year' as figure_id, nw.aodun_built_year::double as value, true as city_wide
    from named_works as nw
    union all select 2, 'aodun_renovation_start', nw.aodun_renovation_start, true from named_works as nw
    union all select 3, 'zhengfujie_rooms_before', nw.zhengfujie_rooms_before, true from named_works as nw
    union all select 4, 'zhengfujie_area_after', nw.zhengfujie_area_after, true from named_works as nw
    union all select 5, 'shuyang_area_before', nw.shuyang_area_before, true from named_works as nw
    union all select 6, 'shuyang_area_after', nw.shuyang_area_after, true from named_works as nw
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
