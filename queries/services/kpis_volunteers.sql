/*---
title: {zh: 志愿服务与社会力量：报道公布的数字, en: "Volunteering and social forces: the published figures"}
description:
  zh: 报道中关于志愿者队伍、注册志愿者、志愿服务活动、服务延伸村社和社会组织服务体系的数字，由明细重新计算，口径与 queries/published/figures.sql 相同。选择街镇或城乡时显示所选范围内的部分；不随时间段变化。
  en: "The report's figures on volunteer teams, registered volunteers, activities, the villages and communities services reach and the social-organisation service system, recomputed from the detail records as queries/published/figures.sql defines them. A township or urban/rural selection shows its part; the period filter does not apply."
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
order: 2
---*/
with units as (
    select c.community_id, c.name_zh
    from communities as c
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

teams as (
    select vt.founded_on
    from volunteer_teams as vt
    join townships as t using (township_id)
    where ($township is null or vt.township_id = $township)
        and ($area is null or t.area = $area)
),

volunteering as (
    select
        (select count(*) from teams as tm where tm.founded_on <= a.as_of_date) as volunteer_teams,
        (
            select coalesce(sum(r.registered), 0)
            from volunteer_registrations as r
            join units as u using (community_id)
            where r.month <= a.as_of_date
        ) as registered_volunteers,
        (
            select count(*)
            from volunteer_activities as va
            join units as u using (community_id)
            where va.held_on <= a.as_of_date
        ) as volunteer_activities,
        (
            select count(distinct sc.community_id)
            from service_coverage as sc
            join units as u using (community_id)
            where sc.since <= a.as_of_date
        ) as communities_served
    from warehouse_as_of as a
),

-- Facts about named places and the city-wide system: not affected by the place filters.
city_facts as (
    select
        (
            select max(va.volunteers)
            from volunteer_activities as va
            join communities as c using (community_id)
            where c.name_zh = '清水村' and va.external_org_zh = '武汉大学'
        ) as magic_classroom_volunteers,
        (
            select count(distinct f.level) from facilities as f where f.kind = 'social_org_centre'
        ) as social_org_levels
),

computed as (
    select 1 as position, 'volunteer_teams' as figure_id, vo.volunteer_teams::double as value, false as city_wide
    from volunteering as vo
    union all select 2, 'registered_volunteers', vo.registered_volunteers, false from volunteering as vo
    union all select 3, 'volunteer_activities', vo.volunteer_activities, false from volunteering as vo
    union all select 4, 'communities_served', vo.communities_served, false from volunteering as vo
    union all select 5, 'social_org_levels', cf.social_org_levels, true from city_facts as cf
    union all select 6, 'magic_classroom_volunteers', cf.magic_classroom_volunteers, true from city_facts as cf
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
