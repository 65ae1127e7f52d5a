/*---
title: {zh: 报道公布数据核对, en: Published figures reproduced}
description:
  zh: 报道中的每个数字与由明细表重新计算的值并列。「余」表示报道值为下限；百分比按报道的精度取整比较。各项口径见查询中的注释。
  en: "Every figure the source article states, next to the value recomputed from the detail tables. 余 figures are lower bounds; percentages compare at the article's precision. Each definition is commented in the query."
chart: {type: table}
source: published
---*/
with units as (
    select c.community_id, c.name_zh, c.kind, c.area, c.is_key_village, c.is_poor_village
    from communities as c
),

works as (
    select
        p.project_id, p.category, p.name_zh, p.community_id, p.community_zh, p.stage, p.status, p.actual_start,
        p.households_benefited, p.floor_area_before, p.floor_area_after, p.rooms_before,
        p.parking_spaces, p.built_year
    from projects_located as p
),

service_facilities as (
    select f.community_id, f.kind, f.level, f.build_mode, f.status, f.started_on, f.completed_on
    from facilities as f
),

survey_contacts as (
    select q.community_id from questionnaires as q
    union
    select v.community_id from household_visits as v
    union
    select m.community_id from consultation_meetings as m
),

-- A unit counts as surveyed (走访调研) when it has any questionnaire, household visit or 坝坝会.
survey_reach as (
    select
        count(*) filter (where u.kind = 'community') as surveyed_communities,
        count(*) filter (where u.kind = 'village' and u.is_key_village) as surveyed_key_villages
    from units as u
    where u.community_id in (select sc.community_id from survey_contacts as sc)
),

-- Resident voice: every questionnaire returned, household visited and meeting held; demands counted when
-- they were folded into a key project.
resident_voice as (
    select
        (select count(*) from questionnaires) as questionnaires,
        (select count(*) from household_visits) as household_visits,
        (select count(*) from consultation_meetings) as consultation_meetings,
        (select count(*) from resident_demands as d where d.key_project_id is not null) as resident_demands,
        (select count(*) from key_projects) as key_projects
),

-- Elderly-care coverage: share of 村社 in an area with an elderly-care facility completed by the as-of
-- date, in percent. Urban communities = 村社 of urban townships; rural communities = every 村社 (villages
-- and market-town communities) of rural townships.
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

-- City change, by work category. Renovated / rectified / new = completed; "building" (建设, 推动) = started
-- and not finished or finished; design and site selection count by the stage reached.
work_counts as (
    select
        count(*) filter (where w.category = 'old_courtyard' and w.status = 'completed') as old_courtyards,
        sum(w.households_benefited) filter (
            where w.category = 'shantytown' and w.status = 'completed'
        ) as shantytown_households,
        count(*) filter (
            where w.category = 'featured_street' and w.stage in ('design', 'construction', 'completed')
        ) as featured_streets,
        count(*) filter (where w.category = 'featured_town' and w.status <> 'planned') as featured_towns,
        count(*) filter (where w.category = 'linpan' and w.status <> 'planned') as linpan_settlements,
        count(*) filter (where w.category = 'back_street' and w.status = 'completed') as back_streets,
        count(*) filter (where w.category = 'two_demolish_one_add' and w.status <> 'planned') as two_demolish_one_add,
        count(*) filter (where w.category = 'pocket_park' and w.status = 'completed') as pocket_parks,
        count(*) filter (
            where w.category = 'community_complex' and w.stage = 'site_selection'
        ) as community_complex_sites,
        count(*) filter (where w.category = 'parking' and w.status = 'planned') as parking_lots_planned,
        sum(w.parking_spaces) filter (where w.category = 'parking' and w.status = 'planned') as parking_spaces_planned,
        count(*) filter (where w.category = 'market_demolition' and w.status = 'completed') as market_demolished
    from works as w
),

-- Facts about the works the article names, looked up by the name of the work or of its community.
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

-- Facilities: built = completed; 雪亮工程 sites under way = in progress; this year's village party-mass
-- centres = those in villages whose construction started in the as-of year, by build mode; the poor-village
-- centres are those completed in poor villages; the social-organisation system counts its distinct levels.
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
        ) as village_centres_this_year,
        count(distinct f.level) filter (where f.kind = 'social_org_centre') as social_org_levels
    from service_facilities as f
    left join units as u on u.community_id = f.community_id
    cross join warehouse_as_of as a
),

-- Social recognition: teams founded, volunteers registered and activities held by the as-of date; the
-- magic-classroom figure is the size of the Wuhan University group at 清水村 (the most at any session);
-- services reach a 村社 when any service line has started there.
volunteering as (
    select
        (select count(*) from volunteer_teams as t where t.founded_on <= a.as_of_date) as volunteer_teams,
        (
            select sum(r.registered) from volunteer_registrations as r where r.month <= a.as_of_date
        ) as registered_volunteers,
        (select count(*) from volunteer_activities as va where va.held_on <= a.as_of_date) as volunteer_activities,
        (
            select max(va.volunteers)
            from volunteer_activities as va
            join units as u on u.community_id = va.community_id
            where u.name_zh = '清水村' and va.external_org_zh = '武汉大学'
        ) as magic_classroom_volunteers,
        (
            select count(distinct sc.community_id) from service_coverage as sc where sc.since <= a.as_of_date
        ) as communities_served
    from warehouse_as_of as a
),

computed as (
    select 'surveyed_communities' as figure_id, sr.surveyed_communities::double as computed_value
    from survey_reach as sr
    union all select 'surveyed_key_villages', sr.surveyed_key_villages from survey_reach as sr
    union all select 'questionnaires', rv.questionnaires from resident_voice as rv
    union all select 'household_visits', rv.household_visits from resident_voice as rv
    union all select 'consultation_meetings', rv.consultation_meetings from resident_voice as rv
    union all select 'resident_demands', rv.resident_demands from resident_voice as rv
    union all select 'key_projects', rv.key_projects from resident_voice as rv
    union all select 'elderly_care_urban', ec.coverage_pct from elderly_care as ec where ec.area = 'urban'
    union all select 'elderly_care_rural', ec.coverage_pct from elderly_care as ec where ec.area = 'rural'
    union all select 'old_courtyards', wc.old_courtyards from work_counts as wc
    union all select 'shantytown_households', wc.shantytown_households from work_counts as wc
    union all select 'featured_streets', wc.featured_streets from work_counts as wc
    union all select 'featured_towns', wc.featured_towns from work_counts as wc
    union all select 'linpan_settlements', wc.linpan_settlements from work_counts as wc
    union all select 'back_streets', wc.back_streets from work_counts as wc
    union all select 'two_demolish_one_add', wc.two_demolish_one_add from work_counts as wc
    union all select 'pocket_parks', wc.pocket_parks from work_counts as wc
    union all select 'community_complex_sites', wc.community_complex_sites from work_counts as wc
    union all select 'parking_lots_planned', wc.parking_lots_planned from work_counts as wc
    union all select 'parking_spaces_planned', wc.parking_spaces_planned from work_counts as wc
    union all select 'market_demolished', wc.market_demolished from work_counts as wc
    union all select 'aodun_built_year', nw.aodun_built_year from named_works as nw
    union all select 'aodun_renovation_start', nw.aodun_renovation_start from named_works as nw
    union all select 'zhengfujie_rooms_before', nw.zhengfujie_rooms_before from named_works as nw
    union all select 'zhengfujie_area_after', nw.zhengfujie_area_after from named_works as nw
    union all select 'shuyang_area_before', nw.shuyang_area_before from named_works as nw
    union all select 'shuyang_area_after', nw.shuyang_area_after from named_works as nw
    union all select 'governance_centres', fc.governance_centres from facility_counts as fc
    union all select 'xueliang_sites', fc.xueliang_sites from facility_counts as fc
    union all select 'poor_village_centres', fc.poor_village_centres from facility_counts as fc
    union all select 'village_centres_new', fc.village_centres_new from facility_counts as fc
    union all select 'village_centres_renovated', fc.village_centres_renovated from facility_counts as fc
    union all select 'village_centres_this_year', fc.village_centres_this_year from facility_counts as fc
    union all select 'social_org_levels', fc.social_org_levels from facility_counts as fc
    union all select 'volunteer_teams', vo.volunteer_teams from volunteering as vo
    union all select 'registered_volunteers', vo.registered_volunteers from volunteering as vo
    union all select 'volunteer_activities', vo.volunteer_activities from volunteering as vo
    union all select 'magic_classroom_volunteers', vo.magic_classroom_volunteers from volunteering as vo
    union all select 'communities_served', vo.communities_served from volunteering as vo
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
