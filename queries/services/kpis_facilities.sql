/*---
title: {zh: 公共服务设施：报道公布的数字, en: "Service facilities: the published figures"}
description:
  zh: 报道中关于养老设施覆盖率、党群服务中心、综治中心和「雪亮工程」的数字，由设施明细重新计算，口径与 queries/published/figures.sql 相同。选择街镇或城乡时显示所选范围内的部分；不随时间段变化。
  en: "The report's figures on elderly-care coverage, party-mass service centres, governance centres and the Xueliang video-security project, recomputed from the facilities as queries/published/figures.sql defines them. A township or urban/rural selection shows its part; the period filter does not apply."
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
with units as (
    select c.community_id, c.kind, c.area, c.is_poor_village
    from communities as c
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

service_facilities as (
    select f.community_id, f.kind, f.build_mode, f.status, f.started_on, f.completed_on
    from facilities_located as f
    where ($township is null or f.township_id = $township)
        and ($area is null or f.area = $area)
),

-- Coverage: share of 村社 in an area with an elderly-care facility completed by the as-of date.
elderly_care as (
    select
        u.area,
        100.0 * count(distinct f.community_id) / count(distinct u.community_id) as coverage_pct
    from units as u
    cross join warehouse_as_of as a
    left join service_facilities as f
        on f.community_id = u.community_id
        and f.kind = 'elderly_care'
        and f.status = 'completed'
        and f.completed_on <= a.as_of_date
    group by u.area
),

facility_counts as (
    select
        count(*) filter (where f.kind = 'governance_centre' and f.status = 'completed') as governance_centres,
        count(*) filter (where f.kind = 'xueliang_site' and f.status = 'in_progress') as xueliang_sites,
        count(*) filter (
            where f.kind = 'party_mass_centre' and f.status = 'completed' and u.is_poor_village
        ) as poor_village_centres,
        count(*) filter (
            where f.kind = 'party_mass_centre' and u.kind = 'village' and f.build_mode = 'new'
            and year(f.started_on) = year(a.as_of_date)
        ) as village_centres_new,
        count(*) filter (
            where f.kind = 'party_mass_centre' and u.kind = 'village' and f.build_mode = 'renovated_idle_asset'
            and year(f.started_on) = year(a.as_of_date)
        ) as village_centres_renovated,
        count(*) filter (
            where f.kind = 'party_mass_centre' and u.kind = 'village'
            and f.build_mode in ('new', 'renovated_idle_asset')
            and year(f.started_on) = year(a.as_of_date)
        ) as village_centres_this_year
    from service_facilities as f
    left join communities as u using (community_id)
    cross join warehouse_as_of as a
),

computed as (
    select 1 as position, 'elderly_care_urban' as figure_id, (
        select ec.coverage_pct from elderly_care as ec where ec.area = 'urban'
    ) as value, false as city_wide
    union all select 2, 'elderly_care_rural', (select ec.coverage_pct from elderly_care as ec where ec.area = 'rural'),
        false
    union all select 3, 'governance_centres', fc.governance_centres, false from facility_counts as fc
    union all select 4, 'xueliang_sites', fc.xueliang_sites, false from facility_counts as fc
    union all select 5, 'poor_village_centres', fc.poor_village_centres, false from facility_counts as fc
    union all select 6, 'village_centres_new', fc.village_centres_new, false from facility_counts as fc
    union all select 7, 'village_centres_renovated', fc.village_centres_renovated, false from facility_counts as fc
    union all select 8, 'village_centres_this_year', fc.village_centres_this_year, false from facility_counts as fc
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
