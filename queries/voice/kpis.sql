/*---
title: {zh: 走访调研与群众诉求：报道公布的数字, en: "Survey and resident demands: the published figures"}
description:
  zh: 报道中关于走访调研和民生需求的数字，由明细记录重新计算，口径与 queries/published/figures.sql 相同。选择街镇或城乡时显示所选范围内的部分；不随时间段变化。
  en: "The report's figures on the door-to-door survey and resident demands, recomputed from the detail records as queries/published/figures.sql defines them. A township or urban/rural selection shows its part; the period filter does not apply."
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
    select c.community_id, c.kind, c.is_key_village
    from communities as c
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
),

contacts as (
    select 'questionnaire' as channel, q.community_id from questionnaires as q
    union all
    select 'household_visit' as channel, v.community_id from household_visits as v
    union all
    select 'meeting' as channel, m.community_id from consultation_meetings as m
),

scoped_contacts as (
    select c.channel, c.community_id
    from contacts as c
    join units as u using (community_id)
),

-- A unit counts as surveyed (走访调研) when it has any questionnaire, household visit or 坝坝会.
survey_reach as (
    select
        count(*) filter (where u.kind = 'community') as surveyed_communities,
        count(*) filter (where u.kind = 'village' and u.is_key_village) as surveyed_key_villages
    from units as u
    where u.community_id in (select sc.community_id from scoped_contacts as sc)
),

contact_counts as (
    select
        count(*) filter (where sc.channel = 'questionnaire') as questionnaires,
        count(*) filter (where sc.channel = 'household_visit') as household_visits,
        count(*) filter (where sc.channel = 'meeting') as consultation_meetings
    from scoped_contacts as sc
),

-- Demands count when a key project adopted them.
adopted as (
    select count(*) as resident_demands
    from resident_demands as d
    join units as u using (community_id)
    where d.key_project_id is not null
),

computed as (
    select 1 as position, 'questionnaires' as figure_id, cc.questionnaires::double as value, false as city_wide
    from contact_counts as cc
    union all select 2, 'household_visits', cc.household_visits, false from contact_counts as cc
    union all select 3, 'consultation_meetings', cc.consultation_meetings, false from contact_counts as cc
    union all select 4, 'resident_demands', a.resident_demands, false from adopted as a
    union all select 5, 'key_projects', (select count(*) from key_projects), true
    union all select 6, 'surveyed_communities', sr.surveyed_communities, false from survey_reach as sr
    union all select 7, 'surveyed_key_villages', sr.surveyed_key_villages, false from survey_reach as sr
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
