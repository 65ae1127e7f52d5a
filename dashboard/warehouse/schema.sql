-- Warehouse schema: the one DDL file. Loaded by the build before any CSV.
-- Dates are local calendar dates; months are the first day of the month.
-- English text columns (*_en) are optional, null where a file leaves them empty: pick a language with
-- in_lang($lang, x_zh, x_en), which gives the Chinese text where the English is null.

create table townships (
    township_id   varchar primary key,          -- e.g. 'T01'
    name_zh       varchar not null,
    name_en       varchar,
    kind          varchar not null check (kind in ('subdistrict', 'town', 'township')),
    area          varchar not null check (area in ('urban', 'rural')),
    source        varchar not null default 'loaded' check (source in ('published', 'demo', 'loaded'))
);

create table communities (
    community_id  varchar primary key,          -- e.g. 'C0001'
    township_id   varchar not null,
    name_zh       varchar not null,
    name_en       varchar,
    kind          varchar not null check (kind in ('community', 'village')),  -- 社区 / 村
    area          varchar not null check (area in ('urban', 'rural')),
    is_key_village     boolean not null,        -- 重点村
    is_poor_village    boolean not null,        -- 贫困村
    is_model_community boolean not null,        -- 示范社区
    households    integer not null check (households >= 0),
    population    integer not null check (population >= 0),
    source        varchar not null default 'loaded' check (source in ('published', 'demo', 'loaded'))
);

-- One row per questionnaire returned (调查问卷). Scores are 1..5, null when skipped.
create table questionnaires (
    questionnaire_id  varchar primary key,
    community_id      varchar not null,
    collected_on      date not null,
    age_band          varchar check (age_band in ('18-34', '35-59', '60+')),
    satisfaction      tinyint check (satisfaction between 1 and 5),   -- overall satisfaction
    sense_of_gain     tinyint check (sense_of_gain between 1 and 5),  -- 获得感
    recognises_work   boolean,                                         -- aware of and endorses the work
    top_concern       varchar                                          -- demand category most raised
);

-- One row per household visited (入户走访).
create table household_visits (
    visit_id      varchar primary key,
    community_id  varchar not null,
    visited_on    date not null,
    issues_raised tinyint not null check (issues_raised >= 0)
);

-- Consultation meetings (意见征求会 / 坝坝会).
create table consultation_meetings (
    meeting_id    varchar primary key,
    community_id  varchar not null,
    held_on       date not null,
    topic_zh      varchar not null,
    topic_en      varchar,
    attendees     integer not null check (attendees >= 0)
);

-- The 21 key projects (重点项目) that absorb resident demands; each groups many works.
create table key_projects (
    key_project_id varchar primary key,          -- e.g. 'K01'
    name_zh        varchar not null,
    name_en        varchar,
    category       varchar not null,
    planned_start  date not null,
    planned_end    date not null,
    actual_start   date,
    actual_end     date,
    status         varchar not null check (status in ('planned', 'in_progress', 'completed')),
    source         varchar not null default 'loaded' check (source in ('published', 'demo', 'loaded'))
);

-- Individual renovation and construction works.
create table projects (
    project_id     varchar primary key,          -- e.g. 'P0001'
    key_project_id varchar,
    category       varchar not null check (category in (
        'old_courtyard',        -- 老旧院落改造
        'shantytown',           -- 棚户区改造
        'urban_village',        -- 城中村改造
        'back_street',          -- 背街小巷整治
        'featured_street',      -- 特色精品街区
        'featured_town',        -- 特色镇
        'linpan',               -- 林盘聚落
        'pocket_park',          -- 小游园·微绿地
        'two_demolish_one_add', -- 两拆一增
        'community_complex',    -- 社区综合体
        'parking',              -- 停车场
        'community_centre',     -- 社区 / 党群服务中心改造
        'market_demolition'     -- 拆除市场, 增加开敞空间
    )),
    name_zh        varchar not null,
    name_en        varchar,
    township_id    varchar not null,
    community_id   varchar,
    stage          varchar not null check (stage in ('planning', 'design', 'site_selection', 'construction', 'completed')),
    status         varchar not null check (status in ('planned', 'in_progress', 'completed')),
    planned_start  date not null,
    planned_end    date not null,
    actual_start   date,
    actual_end     date,
    budget_wan     decimal(12, 2),               -- 万元
    spent_wan      decimal(12, 2),
    households_benefited integer check (households_benefited >= 0),
    floor_area_before    decimal(10, 1),         -- m²
    floor_area_after     decimal(10, 1),
    rooms_before         integer,                -- office rooms before, where the area is not stated
    parking_spaces       integer check (parking_spaces >= 0),
    built_year           integer,                -- year the renovated estate was first built
    source         varchar not null default 'loaded' check (source in ('published', 'demo', 'loaded'))
);

-- Resident demands and suggestions (民生需求, 群众建议), each traced to what adopted it.
create table resident_demands (
    demand_id      varchar primary key,
    community_id   varchar not null,
    received_on    date not null,
    channel        varchar not null check (channel in ('questionnaire', 'household_visit', 'meeting')),
    category       varchar not null,
    summary_zh     varchar not null,
    summary_en     varchar,
    status         varchar not null check (status in ('received', 'adopted', 'in_progress', 'resolved')),
    key_project_id varchar,
    project_id     varchar,
    meeting_id     varchar
);

-- Service facilities: elderly care, party-mass service centres, governance centres, 雪亮工程 sites,
-- social-organisation service points.
create table facilities (
    facility_id    varchar primary key,
    community_id   varchar,
    township_id    varchar not null,
    kind           varchar not null check (kind in (
        'elderly_care',         -- 养老设施 / 托老中心
        'party_mass_centre',    -- 党群服务中心
        'governance_centre',    -- 综治中心
        'xueliang_site',        -- 雪亮工程
        'social_org_centre'     -- 社会组织服务中心 / 站 / 点
    )),
    level          varchar check (level in ('city', 'township', 'community')),
    build_mode     varchar check (build_mode in ('new', 'renovated_idle_asset', 'existing')),
    status         varchar not null check (status in ('planned', 'in_progress', 'completed')),
    started_on     date,
    completed_on   date,
    source         varchar not null default 'loaded' check (source in ('published', 'demo', 'loaded'))
);

-- Services that reach a community (one row per community and service line).
create table service_coverage (
    community_id   varchar not null,
    service        varchar not null,            -- e.g. 'three_left_behind_care'
    since          date not null,
    primary key (community_id, service)
);

create table volunteer_teams (
    team_id        varchar primary key,
    township_id    varchar not null,
    community_id   varchar,
    name_zh        varchar not null,
    name_en        varchar,
    founded_on     date not null,
    members        integer not null check (members >= 0)
);

-- Registered volunteers, counted per community and month of registration.
create table volunteer_registrations (
    community_id   varchar not null,
    month          date not null,
    registered     integer not null check (registered >= 0),
    primary key (community_id, month)
);

create table volunteer_activities (
    activity_id    varchar primary key,
    team_id        varchar,
    community_id   varchar not null,
    held_on        date not null,
    name_zh        varchar not null,
    name_en        varchar,
    volunteers     integer not null check (volunteers >= 0),
    external_org_zh varchar                     -- outside partner, e.g. a university
);

-- Figures stated in the source article, with where they come from.
create table published_figures (
    figure_id      varchar primary key,
    label_zh       varchar not null,
    label_en       varchar,
    value          double not null,
    unit           varchar not null,            -- count, households, percent, m2, spaces, year, month ...
    qualifier      varchar not null check (qualifier in ('exact', 'more_than')),  -- 余 = more than
    precision      double not null,             -- the step the article rounds to (1, 0.1, 1000 ...)
    pillar         varchar check (pillar in ('city_change', 'resident_perception', 'social_recognition')),
    source         varchar not null,
    source_date    date not null
);

-- Meetings. An edition (期次) is a named, frozen view for one meeting: the snapshot it reads and the day it is
-- judged on. The snapshot is pinned, so pruning, loads and rollbacks never change what an edition shows.
create table editions (
    edition_id     varchar primary key,          -- e.g. '2018-10'
    name           varchar not null,             -- e.g. '2018年10月例会'
    as_of          date not null,                -- the day indicators are judged on in this edition
    snapshot_id    varchar not null,             -- the frozen snapshot it reads
    created_at     timestamp not null,
    created_by     varchar not null
);

-- Follow-ups (督办事项) a meeting assigns: what, who, by when, about an indicator or a township. Their status in
-- a later edition (done, overdue, open) follows from done_on and due_on against that edition's date.
create table follow_ups (
    follow_up_id   varchar primary key,          -- e.g. 'F2018-10-01'
    edition_id     varchar not null,  -- the meeting that assigned it
    subject        varchar not null check (subject in ('indicator', 'township')),
    subject_id     varchar not null,             -- an indicator's query id, or a township_id
    task           varchar not null,             -- what is to be done
    owner          varchar not null,             -- who answers for it
    due_on         date not null,
    done_on        date,                         -- empty until it is done
    note           varchar,
    source         varchar not null default 'loaded' check (source in ('published', 'demo', 'loaded'))
);

-- Boundaries of townships and communities for the maps: one GeoJSON Polygon or MultiPolygon per place, in
-- WGS84 longitude/latitude whatever the loaded file used. `python -m dashboard boundaries load` writes them
-- from a city's own GeoJSON; the demo build writes a schematic layout (source 'schematic'), which every map
-- and export labels as not real.
create table boundaries (
    level          varchar not null check (level in ('township', 'community')),
    place_id       varchar not null,             -- a township_id or a community_id
    geometry       varchar not null,             -- GeoJSON geometry, WGS84 lon/lat
    source         varchar not null,             -- 'schematic', or the name of the file it came from
    crs            varchar not null check (crs in ('wgs84', 'gcj02', 'bd09', 'schematic')),  -- as loaded
    loaded_at      timestamp not null,
    primary key (level, place_id)
);

-- One row per event in this snapshot's history: the build it started from, then every load, correction,
-- removal, rollback and schema carry-over, each with the rows it added, replaced and removed.
create table snapshot_info (
    snapshot_id    varchar not null,
    built_at       timestamp not null,
    as_of          date not null,
    data_kind      varchar not null check (data_kind in ('demo', 'empty', 'loaded', 'rollback', 'migrated', 'meeting')),
    description    varchar not null,
    schema_hash    varchar not null,            -- hash of this file when the snapshot was written
    based_on       varchar,                     -- the snapshot this one was written from
    rows_added     bigint not null default 0,
    rows_replaced  bigint not null default 0,
    rows_removed   bigint not null default 0
);

-- What each loadable column is called and means, written from the column dictionary with every snapshot.
create table column_labels (
    table_name     varchar not null,
    column_name    varchar not null,
    label_zh       varchar not null,
    label_en       varchar not null,
    meaning_zh     varchar not null,
    meaning_en     varchar not null,
    primary key (table_name, column_name)
);

-- Which column holds keys of which table: the references between tables, declared here once. They are not
-- FOREIGN KEY constraints: DuckDB turns an UPDATE of a row with an indexed column into a delete and an insert,
-- and refuses the delete while other rows refer to the row (duckdb.org/docs/stable/sql/indexes, "Over-eager
-- constraint checking in foreign keys"), so a referenced community or work could never be corrected. Instead
-- every write is refused when it leaves a reference naming no stored row (warehouse/references.py), and a load
-- refuses values that name no stored row and deletes of rows still referred to, naming the rows.
create view table_references as
select *
from (values
    ('communities', 'township_id', 'townships', 'township_id'),
    ('questionnaires', 'community_id', 'communities', 'community_id'),
    ('household_visits', 'community_id', 'communities', 'community_id'),
    ('consultation_meetings', 'community_id', 'communities', 'community_id'),
    ('projects', 'key_project_id', 'key_projects', 'key_project_id'),
    ('projects', 'township_id', 'townships', 'township_id'),
    ('projects', 'community_id', 'communities', 'community_id'),
    ('resident_demands', 'community_id', 'communities', 'community_id'),
    ('resident_demands', 'key_project_id', 'key_projects', 'key_project_id'),
    ('resident_demands', 'project_id', 'projects', 'project_id'),
    ('resident_demands', 'meeting_id', 'consultation_meetings', 'meeting_id'),
    ('facilities', 'community_id', 'communities', 'community_id'),
    ('facilities', 'township_id', 'townships', 'township_id'),
    ('service_coverage', 'community_id', 'communities', 'community_id'),
    ('volunteer_teams', 'township_id', 'townships', 'township_id'),
    ('volunteer_teams', 'community_id', 'communities', 'community_id'),
    ('volunteer_registrations', 'community_id', 'communities', 'community_id'),
    ('volunteer_activities', 'team_id', 'volunteer_teams', 'team_id'),
    ('volunteer_activities', 'community_id', 'communities', 'community_id'),
    ('follow_ups', 'edition_id', 'editions', 'edition_id')
) as r (table_name, column_name, referenced_table, referenced_column);

-- Descriptions the schema browser shows (ad-hoc SQL page): '中文 | English'.
comment on table townships is '街镇：街道、镇、乡 | Townships: subdistricts, towns and townships';

comment on table communities is '村与社区，含户数、人口与类型标记 | Villages and communities, with households, population and flags';

comment on table questionnaires is '回收的调查问卷，每份一行 | Questionnaires returned, one row each';

comment on table household_visits is '入户走访，每次一行 | Household visits, one row per visit';

comment on table consultation_meetings is '意见征求会与坝坝会 | Consultation and open-air meetings';

comment on table key_projects is '吸纳群众需求的重点项目 | Key projects that absorb resident demands';

comment on table projects is '具体改造与建设项目 | Individual renovation and construction works';

comment on table resident_demands is '民生需求与群众建议，及其采纳去向 | Resident demands and suggestions, traced to what adopted them';

comment on table facilities is '服务设施：养老、党群服务中心、综治中心、雪亮工程、社会组织服务点 | Service facilities: elderly care, party-mass and governance centres, video-watch sites, social-organisation points';

comment on table service_coverage is '覆盖到村（社区）的服务，每村每项一行 | Services that reach a community, one row per community and service';

comment on table volunteer_teams is '志愿服务队 | Volunteer teams';

comment on table volunteer_registrations is '按村（社区）和月份统计的志愿者注册数 | Volunteers registered, per community and month';

comment on table volunteer_activities is '志愿服务活动 | Volunteer activities';

comment on table published_figures is '报道公布的数字及其出处 | Figures stated in the source article, with their source';

comment on table boundaries is '边界：街镇与村社的地图形状（WGS84），示意布局或城市自有文件 | Boundaries: the map shapes of townships and communities (WGS84), schematic or the city''s own file';
comment on table editions is '期次：为一次例会冻结的快照及其评估日期，永不清理 | Editions: a snapshot frozen for one meeting and the day it is judged on, never pruned';

comment on table follow_ups is '督办事项：例会交办的事项、责任人、期限与完成日期 | Follow-ups: what a meeting assigned, to whom, by when, and when it was done';

comment on table snapshot_info is '本快照的来历：每次构建、加载、更正、删除、回滚与迁移，及其新增、替换、删除的行数 | This snapshot''s history: every build, load, correction, removal, rollback and carry-over, with rows added, replaced and removed';
comment on table column_labels is '数据字典：每个可加载列的中英文名称与含义（模板与加载所用） | Column dictionary: each loadable column''s names and meaning (used by templates and loads)';

-- Views: building blocks the query files share. They take no parameters (each file keeps its own
-- $param filters) and read only the tables above, so every build and every load carries them.

-- One row: the snapshot's as-of date. Each build or load adds a snapshot_info row; the latest date wins.
create view warehouse_as_of as
select max(s.as_of) as as_of_date
from snapshot_info as s;

-- One row per month from the programme's start, 2017-09-01, to the as-of month (first days of months).
create view programme_months as
select cast(r.month as date) as period
from warehouse_as_of as a,
    range(date '2017-09-01', date_trunc('month', a.as_of_date) + interval 1 month, interval 1 month) as r (month);

-- Villages and communities with their township's names.
create view communities_located as
select c.*, t.name_zh as township_zh, t.name_en as township_en
from communities as c
join townships as t using (township_id);

-- Works with their township's area and names, their community's names (null for works without one), and
-- when they are under way: from the actual (else planned) start to the actual end, or, while unfinished,
-- to the later of the planned end and the as-of date.
create view projects_located as
select
    p.*,
    t.area,
    t.name_zh as township_zh,
    t.name_en as township_en,
    c.name_zh as community_zh,
    c.name_en as community_en,
    coalesce(p.actual_start, p.planned_start) as under_way_from,
    coalesce(p.actual_end, greatest(p.planned_end, a.as_of_date)) as under_way_until
from projects as p
join townships as t using (township_id)
left join communities as c using (community_id)
cross join warehouse_as_of as a;

-- Service facilities with their township's area and names, and their community's names (null for
-- facilities that serve a whole township).
create view facilities_located as
select
    f.*,
    t.area,
    t.name_zh as township_zh,
    t.name_en as township_en,
    c.name_zh as community_zh,
    c.name_en as community_en
from facilities as f
join townships as t using (township_id)
left join communities as c using (community_id);

comment on view table_references is '表间引用：哪一列存放哪张表的编号；每次写入都检查引用的行存在 | References between tables: which column holds keys of which table; every write checks the rows referred to exist';
comment on column table_references.table_name is '引用方表 | Referring table';
comment on column table_references.column_name is '引用列 | Referring column';
comment on column table_references.referenced_table is '被引用表 | Table referred to';
comment on column table_references.referenced_column is '被引用表的编号列 | Key column of the table referred to';

comment on view warehouse_as_of is '本快照的截至日期（各次构建与加载中最晚的一个），一行 | The snapshot''s as-of date (the latest of its builds and loads), one row';
comment on column warehouse_as_of.as_of_date is '截至日期 | As-of date';

comment on view programme_months is '从项目开始（2017-09）到截至月份的每个月，每月一行 | Every month from the programme start (2017-09) to the as-of month, one row each';
comment on column programme_months.period is '月份（当月第一天） | Month (its first day)';

comment on view communities_located is '村与社区，附所属街镇名称 | Villages and communities with their township''s names';
comment on column communities_located.township_zh is '街镇中文名 | Township name in Chinese';
comment on column communities_located.township_en is '街镇英文名 | Township name in English';

comment on view projects_located is '工程，附所在街镇的城乡类别与名称、村（社区）名称及在建起止日期 | Works with their township''s area and names, their community''s names and the dates they are under way';
comment on column projects_located.area is '所在街镇：城市或农村 | Urban or rural, by the work''s township';
comment on column projects_located.township_zh is '街镇中文名 | Township name in Chinese';
comment on column projects_located.township_en is '街镇英文名 | Township name in English';
comment on column projects_located.community_zh is '村（社区）中文名，无则为空 | Community name in Chinese, null when none';
comment on column projects_located.community_en is '村（社区）英文名，无则为空 | Community name in English, null when none';
comment on column projects_located.under_way_from is '开始日期：实际开工，否则计划开工 | Under way from: actual start, else planned start';
comment on column projects_located.under_way_until is '结束日期：实际完工；未完工时取计划完工与截至日期中较晚者 | Under way until: actual end; while unfinished, the later of planned end and as-of date';

comment on view facilities_located is '服务设施，附所在街镇的城乡类别与名称及村（社区）名称 | Service facilities with their township''s area and names and their community''s names';
comment on column facilities_located.area is '所在街镇：城市或农村 | Urban or rural, by the facility''s township';
comment on column facilities_located.township_zh is '街镇中文名 | Township name in Chinese';
comment on column facilities_located.township_en is '街镇英文名 | Township name in English';
comment on column facilities_located.community_zh is '村（社区）中文名，服务全街镇的设施为空 | Community name in Chinese, null for a township-wide facility';
comment on column facilities_located.community_en is '村（社区）英文名，服务全街镇的设施为空 | Community name in English, null for a township-wide facility';

-- Every figure the source article states, defined once, in parts that add up: one row per figure and
-- place (township_id, area). A figure's value for any selection of places is
--     sum(numerator) / coalesce(sum(denominator), 1)
-- over the selected rows, and its city-wide value is that over all of its rows.
--   * Counts and summed quantities: one row for every township and both areas (an urban township's rural
--     row is 0), numerator 0 where nothing is counted or summed, denominator null; so every selection
--     sums to a number.
--     A work, facility or volunteer team belongs to its township; everything else to its 村社.
--   * Shares (elderly-care coverage, in percent): numerator 100 × the 村社 covered, denominator all 村社 of
--     the figure's area, one row per township that has such 村社; a selection without any has no value.
--   * city_only rows (township_id and area null) hold a figure that does not add up over places: key
--     projects (not placed), the number of distinct service levels, the largest session, and facts about
--     the works the report names. The value holds for the whole city and every selection shows it.
-- published/figures.sql compares the city values with published_figures; the domain KPI queries show a
-- selection's part next to it.
create view published_figure_parts as
with places as (
    select t.township_id, a.area
    from townships as t
    cross join (values ('urban'), ('rural')) as a (area)
),

-- A 村社 counts as surveyed (走访调研) when it has any questionnaire, household visit or 坝坝会.
surveyed as (
    select q.community_id from questionnaires as q
    union
    select v.community_id from household_visits as v
    union
    select m.community_id from consultation_meetings as m
),

-- 村社 any service line has reached by the as-of date.
served as (
    select sc.community_id
    from service_coverage as sc
    cross join warehouse_as_of as a
    where sc.since <= a.as_of_date
),

-- 村社 with an elderly-care facility completed by the as-of date.
elderly_cared as (
    select f.community_id
    from facilities as f
    cross join warehouse_as_of as a
    where f.kind = 'elderly_care' and f.status = 'completed' and f.completed_on <= a.as_of_date
),

unit_parts as (
    select
        c.township_id,
        c.area,
        count(*) filter (
            where c.kind = 'community' and c.community_id in (select s.community_id from surveyed as s)
        ) as surveyed_communities,
        count(*) filter (
            where c.kind = 'village' and c.is_key_village
            and c.community_id in (select s.community_id from surveyed as s)
        ) as surveyed_key_villages,
        count(*) filter (where c.community_id in (select sv.community_id from served as sv)) as communities_served
    from communities as c
    group by c.township_id, c.area
),

-- Records kept in a 村社, tagged with the figure they count toward: every questionnaire, household visit and
-- meeting; demands a key project adopted; volunteer activities held and volunteers registered (a row carries
-- the number) by the as-of date.
community_records as (
    select q.community_id, 'questionnaires' as figure_id, 1 as amount from questionnaires as q
    union all select v.community_id, 'household_visits', 1 from household_visits as v
    union all select m.community_id, 'consultation_meetings', 1 from consultation_meetings as m
    union all
    select d.community_id, 'resident_demands', 1 from resident_demands as d where d.key_project_id is not null
    union all
    select va.community_id, 'volunteer_activities', 1
    from volunteer_activities as va cross join warehouse_as_of as a
    where va.held_on <= a.as_of_date
    union all
    select r.community_id, 'registered_volunteers', r.registered
    from volunteer_registrations as r cross join warehouse_as_of as a
    where r.month <= a.as_of_date
),

record_parts as (
    select
        c.township_id,
        c.area,
        sum(r.amount) filter (where r.figure_id = 'questionnaires') as questionnaires,
        sum(r.amount) filter (where r.figure_id = 'household_visits') as household_visits,
        sum(r.amount) filter (where r.figure_id = 'consultation_meetings') as consultation_meetings,
        sum(r.amount) filter (where r.figure_id = 'resident_demands') as resident_demands,
        sum(r.amount) filter (where r.figure_id = 'volunteer_activities') as volunteer_activities,
        sum(r.amount) filter (where r.figure_id = 'registered_volunteers') as registered_volunteers
    from community_records as r
    join communities as c using (community_id)
    group by c.township_id, c.area
),

-- Works by category. Renovated / rectified / new = completed; "building" (建设, 推动) = started, finished or
-- not; design and site selection count by the stage reached; planned = not yet started.
work_parts as (
    select
        w.township_id,
        w.area,
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
    from projects_located as w
    group by w.township_id, w.area
),

-- Facilities: built = completed; 雪亮工程 sites under way = in progress; the poor-village centres are those
-- completed in poor villages; this year's village party-mass centres = those in villages whose construction
-- started in the as-of year, by build mode.
facility_parts as (
    select
        f.township_id,
        f.area,
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
    from facilities_located as f
    left join communities as u on u.community_id = f.community_id
    cross join warehouse_as_of as a
    group by f.township_id, f.area
),

-- Volunteer teams founded by the as-of date, by their township.
team_parts as (
    select vt.township_id, t.area, count(*) as volunteer_teams
    from volunteer_teams as vt
    join townships as t using (township_id)
    cross join warehouse_as_of as a
    where vt.founded_on <= a.as_of_date
    group by vt.township_id, t.area
),

split_parts as (
    select *
    from places
    left join unit_parts using (township_id, area)
    left join record_parts using (township_id, area)
    left join work_parts using (township_id, area)
    left join facility_parts using (township_id, area)
    left join team_parts using (township_id, area)
),

-- Not split by place. The magic-classroom figure is the size of the Wuhan University group at 清水村 (the
-- most at any session); the social-organisation system counts its distinct levels; the named works are
-- looked up by the name of the work or of its community.
city_facts as (
    select
        (select count(*) from key_projects) as key_projects,
        (
            select count(distinct f.level) from facilities as f where f.kind = 'social_org_centre'
        ) as social_org_levels,
        (
            select max(va.volunteers)
            from volunteer_activities as va
            join communities as c using (community_id)
            where c.name_zh = '清水村' and va.external_org_zh = '武汉大学'
        ) as magic_classroom_volunteers,
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
    from projects_located as w
)

-- Each column of split_parts (after its place) is a figure: one row per place and column.
select
    s.figure_id,
    s.township_id,
    s.area,
    coalesce(s.numerator, 0)::double as numerator,
    null::double as denominator,
    false as city_only
from split_parts unpivot include nulls (numerator for figure_id in (columns(* exclude (township_id, area)))) as s
union all
-- Elderly-care coverage of urban 村社 (elderly_care_urban) and of rural ones (elderly_care_rural).
select
    case c.area when 'urban' then 'elderly_care_urban' else 'elderly_care_rural' end,
    c.township_id,
    c.area,
    100.0 * count(*) filter (where c.community_id in (select e.community_id from elderly_cared as e)),
    count(*),
    false
from communities as c
group by c.township_id, c.area
union all
select cf.figure_id, null, null, cf.numerator::double, null, true
from city_facts unpivot include nulls (numerator for figure_id in (columns(*))) as cf;

comment on view published_figure_parts is '报道公布的各项数字的唯一口径，按街镇与城乡拆成可相加的部分：任一范围的值 = 所选行的分子之和 ÷ 分母之和（分母为空时按 1）；city_only 行不随范围拆分 | Each figure the source article states, defined once, in additive parts by township and area: a selection''s value is sum(numerator) / sum(denominator) over its rows (1 when the denominator is null); city_only rows are not split by place';

-- A text in the reader's language: the English one when lang is 'en', else the Chinese one. English columns are
-- optional (null where a file left them empty), so an English reader gets the Chinese text rather than a blank.
-- Every query file and macro that picks a language calls this, so the fallback is said once.
create macro in_lang(lang, zh_text, en_text) as case when lang = 'en' then coalesce(en_text, zh_text) else zh_text end;

-- Table macros: blocks that many query files share and that take the file's own $params, called as
-- `from works_under_way($township, $area, $month_from, $month_to)`. A null argument means "all".
-- Parameter names differ from every column name they are compared with, so none shadows another.

-- Each published figure summed over a selection of places: sum(numerator) / coalesce(sum(denominator), 1)
-- over the selected rows of published_figure_parts, where a city_only figure holds for every selection.
create macro published_figure_values(for_township, for_area) as table
select fp.figure_id, fp.city_only, sum(fp.numerator) / coalesce(sum(fp.denominator), 1) as value
from published_figure_parts as fp
where fp.city_only
    or ((for_township is null or fp.township_id = for_township) and (for_area is null or fp.area = for_area))
group by fp.figure_id, fp.city_only;

-- The row of KPI cards a page shows: the listed figures, in list order (column position), each with its
-- value over the selection next to the published value and how that is stated. A figure id the warehouse
-- does not hold still gets its row, labelled by its id, with no values.
create macro published_figure_cards(figure_ids, for_township, for_area, lang) as table
with picked as (
    select unnest(figure_ids) as figure_id, generate_subscripts(figure_ids, 1) as position
)

select
    k.figure_id,
    coalesce(in_lang(lang, p.label_zh, p.label_en), k.figure_id) as label,
    s.value,
    p.value as published_value,
    coalesce(p.unit, 'count') as unit,
    coalesce(p.qualifier, 'exact') as qualifier,
    coalesce(p.precision, 1) as precision,
    coalesce(s.city_only, false) as city_wide,
    k.position
from picked as k
left join published_figure_values(for_township, for_area) as s using (figure_id)
left join published_figures as p using (figure_id);

-- Works of a selection of places that were under way during a period of months: from their start to their
-- end (or, while unfinished, to the later of their planned end and the as-of date; see projects_located).
create macro works_under_way(for_township, for_area, month_from, month_to) as table
select p.*
from projects_located as p
where (for_township is null or p.township_id = for_township)
    and (for_area is null or p.area = for_area)
    and (month_from is null or p.under_way_until >= cast(month_from as date))
    and (month_to is null or p.under_way_from < cast(month_to as date) + interval 1 month);

-- The resident demands of a selection of places received during a period of months, as every demand chart of the
-- voice page counts them.
create macro demands_received(for_township, for_area, month_from, month_to) as table
select d.*
from resident_demands as d
join communities as c using (community_id)
where (for_township is null or c.township_id = for_township)
    and (for_area is null or c.area = for_area)
    and (month_from is null or d.received_on >= cast(month_from as date))
    and (month_to is null or d.received_on < cast(month_to as date) + interval 1 month);


-- Series macros: the indicator files' monthly series and their community breakdowns, each defined once. The
-- series run over programme_months up to month_to (null: the as-of month); a value counts at a month's end.

-- The programme's months from first_month (null: 2017-09) up to month_to (null: the as-of month).
create macro months_until(first_month, month_to) as table
select m.period
from programme_months as m
where m.period >= coalesce(cast(first_month as date), m.period)
    and m.period <= coalesce(cast(month_to as date), m.period);

-- Dated records the cumulative indicators count, one row each: `event` names what is counted, `on_day` when
-- it counts (null: not yet), `amount` what it adds to a sum, and the place it belongs to. Works and facilities
-- carry their township's area (as projects_located does); volunteering carries its community's.
create view programme_events as
select 'work_completed:' || p.category as event, p.township_id, p.area, p.actual_end as on_day,
    coalesce(p.households_benefited, 0) as amount
from projects_located as p
union all
select 'facility_completed:' || f.kind, f.township_id, f.area, f.completed_on, 1
from facilities_located as f
union all
select 'facility_started:' || f.kind, f.township_id, f.area, f.started_on, 1
from facilities_located as f
where f.status <> 'planned'
union all
select 'village_centre_started', c.township_id, c.area, f.started_on, 1
from facilities as f
join communities as c using (community_id)
where f.kind = 'party_mass_centre' and c.kind = 'village' and f.build_mode in ('new', 'renovated_idle_asset')
union all
select 'volunteers_registered', c.township_id, c.area, r.month, r.registered
from volunteer_registrations as r
join communities as c using (community_id)
union all
select 'volunteer_activity', c.township_id, c.area, va.held_on, va.volunteers
from volunteer_activities as va
join communities as c using (community_id)
union all
select 'volunteer_team', t.township_id, t.area, vt.founded_on, vt.members
from volunteer_teams as vt
join townships as t using (township_id)
union all
select 'community_reached', c.township_id, c.area, min(sc.since), 1
from service_coverage as sc
join communities as c using (community_id)
group by c.community_id, c.township_id, c.area;

-- One event's monthly series over a selection of places, counting events on or after counted_from (null: all):
-- per month, the events and the sum of their amounts by its end, and the selection's share of every event of
-- that kind, dated or not (the share a target is apportioned by), in events and in amounts.
create macro events_by_month(event_name, counted_from, first_month, for_township, for_area, month_to) as table
with all_events as (
    select e.*
    from programme_events as e
    where e.event = event_name
),

selected as (
    select e.*
    from all_events as e
    where (for_township is null or e.township_id = for_township) and (for_area is null or e.area = for_area)
),

plan as (
    select
        (select count(*) from selected)::double / nullif((select count(*) from all_events), 0) as events_share,
        (select sum(s.amount) from selected as s)::double
        / nullif((select sum(a.amount) from all_events as a), 0) as amount_share
)

select
    m.period,
    count(s.on_day)::double as events,
    coalesce(sum(s.amount), 0)::double as amount,
    any_value(pl.events_share) as events_share,
    any_value(pl.amount_share) as amount_share
from months_until(first_month, month_to) as m
cross join plan as pl
left join selected as s
    on s.on_day < m.period + interval 1 month
    and (counted_from is null or s.on_day >= cast(counted_from as date))
group by m.period;

-- A selection's share of the city's villages and communities, and of its population (a target's part).
create macro place_shares(for_township, for_area) as table
select
    count(*) filter (where (for_township is null or c.township_id = for_township)
        and (for_area is null or c.area = for_area))::double / nullif(count(*), 0) as communities_share,
    sum(c.population) filter (where (for_township is null or c.township_id = for_township)
        and (for_area is null or c.area = for_area))::double / nullif(sum(c.population), 0) as population_share
from communities as c;

-- Questionnaire answers over the three months ending with each month, for a selection of places: mean
-- satisfaction and sense of gain (1-5), the share scoring satisfaction 1-2 and the share recognising the work
-- (%), each with its number of answers.
create macro answers_by_month(for_township, for_area, month_to) as table
with answers as (
    select q.*
    from questionnaires as q
    join communities as c using (community_id)
    where (for_township is null or c.township_id = for_township) and (for_area is null or c.area = for_area)
)

select
    m.period,
    avg(a.satisfaction) as satisfaction,
    100.0 * avg((a.satisfaction <= 2)::integer) as dissatisfied_pct,
    count(a.satisfaction) as satisfaction_n,
    avg(a.sense_of_gain) as sense_of_gain,
    count(a.sense_of_gain) as sense_of_gain_n,
    100.0 * avg(a.recognises_work::integer) as recognition_pct,
    count(a.recognises_work) as recognition_n
from months_until(null, month_to) as m
left join answers as a
    on a.collected_on >= m.period - interval 2 month
    and a.collected_on < m.period + interval 1 month
group by m.period;

-- The last day a community breakdown counts: the as-of date, or the end of month_to if that is earlier.
create macro counted_until(month_to) as
(select least(a.as_of_date, coalesce(last_day(cast(month_to as date)), a.as_of_date)) from warehouse_as_of as a);

-- The villages and communities of a selection (communities_located rows), with the township and the community
-- named in lang, as every community breakdown lists them.
create macro communities_named(for_township, for_area, lang) as table
select c.*, in_lang(lang, c.township_zh, c.township_en) as township, in_lang(lang, c.name_zh, c.name_en) as community
from communities_located as c
where (for_township is null or c.township_id = for_township)
    and (for_area is null or c.area = for_area);

-- The same answers per community of a selection, over the three months to counted_until(month_to), rounded as
-- shown (means to 2 decimals, shares to 1), with the township and community named in lang.
create macro answers_by_community(for_township, for_area, month_to, lang) as table
select
    in_lang(lang, c.township_zh, c.township_en) as township,
    in_lang(lang, c.name_zh, c.name_en) as community,
    round(avg(q.satisfaction), 2) as satisfaction,
    round(100.0 * avg((q.satisfaction <= 2)::integer), 1) as dissatisfied_pct,
    count(q.satisfaction) as satisfaction_n,
    round(avg(q.sense_of_gain), 2) as sense_of_gain,
    count(q.sense_of_gain) as sense_of_gain_n,
    round(100.0 * avg(q.recognises_work::integer), 1) as recognition_pct,
    count(q.recognises_work) as recognition_n
from questionnaires as q
join communities_located as c using (community_id)
where q.collected_on <= counted_until(month_to)
    and q.collected_on >= date_trunc('month', counted_until(month_to)) - interval 2 month
    and (for_township is null or c.township_id = for_township)
    and (for_area is null or c.area = for_area)
-- By the community, not by its names: two 村社 of one township may share an English name.
group by c.community_id, township, community;

-- One measure of a row of answers_by_month or answers_by_community (passed whole, as `a`), with the number of answers
-- it is taken over: satisfaction, sense_of_gain, dissatisfied (the share scoring satisfaction 1–2, counted among the
-- satisfaction answers) or recognition. A survey query file's variants pick the measure as a bound $measure.
create macro survey_measure(measure, a) as case measure
    when 'satisfaction' then {'value': a.satisfaction, 'n': a.satisfaction_n}
    when 'sense_of_gain' then {'value': a.sense_of_gain, 'n': a.sense_of_gain_n}
    when 'dissatisfied' then {'value': a.dissatisfied_pct, 'n': a.satisfaction_n}
    when 'recognition' then {'value': a.recognition_pct, 'n': a.recognition_n}
end;

-- Works of one category per community of a selection: how many, how many completed by counted_until(month_to),
-- and the households they benefit, in all and in those completed.
create macro works_by_community(work_category, for_township, for_area, month_to, lang) as table
with works as (
    select p.community_id, p.actual_end, coalesce(p.households_benefited, 0) as households
    from projects_located as p
    where p.category = work_category
        and (for_township is null or p.township_id = for_township)
        and (for_area is null or p.area = for_area)
)

select
    in_lang(lang, c.township_zh, c.township_en) as township,
    in_lang(lang, c.name_zh, c.name_en) as community,
    count(*) as works,
    count(*) filter (where w.actual_end <= counted_until(month_to)) as completed,
    sum(w.households) as households,
    coalesce(sum(w.households) filter (where w.actual_end <= counted_until(month_to)), 0) as households_completed
from works as w
join communities_located as c using (community_id)
-- By the community, not by its names: two 村社 of one township may share an English name.
group by c.community_id, township, community;

-- Elderly-care coverage of the 村社 of one area (urban or rural) within a selection: per month, the share (%)
-- with an elderly-care facility completed by its end.
create macro elderly_care_coverage(community_area, for_township, for_area, month_to) as table
with units as (
    select c.community_id
    from communities as c
    where c.area = community_area
        and (for_township is null or c.township_id = for_township)
        and (for_area is null or c.area = for_area)
),

covered as (
    select f.community_id, min(f.completed_on) as covered_on
    from facilities as f
    where f.kind = 'elderly_care' and f.status = 'completed'
    group by f.community_id
)

select m.period, 100.0 * count(cv.community_id) / count(*) as value
from months_until(null, month_to) as m
cross join units as u
left join covered as cv
    on cv.community_id = u.community_id
    and cv.covered_on < m.period + interval 1 month
group by m.period;

-- The same per 村社: covered by counted_until(month_to) or not, since when, and whether a facility is pending.
create macro elderly_care_by_community(community_area, for_township, for_area, month_to, lang) as table
with care as (
    select
        f.community_id,
        min(f.completed_on) filter (where f.status = 'completed') as covered_on,
        count(*) filter (where f.status <> 'completed') > 0 as pending
    from facilities as f
    where f.kind = 'elderly_care'
    group by f.community_id
)

select
    in_lang(lang, c.township_zh, c.township_en) as township,
    in_lang(lang, c.name_zh, c.name_en) as community,
    coalesce(cr.covered_on <= counted_until(month_to), false)::integer as value,
    case when cr.covered_on <= counted_until(month_to) then cr.covered_on end as covered_on,
    coalesce(cr.pending, false) as pending
from communities_located as c
left join care as cr on cr.community_id = c.community_id
where c.area = community_area
    and (for_township is null or c.township_id = for_township)
    and (for_area is null or c.area = for_area);

comment on macro table published_figure_values is '各项报道数字在所选街镇与城乡范围内的值（参数为空即全部）；调用：published_figure_values($township, $area) | Each published figure''s value over a selection of places (a null argument means all); call as published_figure_values($township, $area)';
comment on macro table published_figure_cards is '页面顶部的报道数字卡片：所列数字按列表顺序（position 列），附所选范围的值与报道值；调用：published_figure_cards([''key_projects'', ...], $township, $area, $lang) | The KPI cards a page shows: the listed figures in list order (column position), with the selection''s value next to the published one; call as published_figure_cards([''key_projects'', ...], $township, $area, $lang)';
comment on macro table works_under_way is '所选街镇与城乡范围内、在所选月份期间在建的工程（projects_located 的行）；调用：works_under_way($township, $area, $month_from, $month_to) | Works of a selection of places under way during a period of months (rows of projects_located); call as works_under_way($township, $area, $month_from, $month_to)';
comment on macro table demands_received is '所选街镇与城乡范围内、在所选月份期间收到的群众诉求（resident_demands 的行）；调用：demands_received($township, $area, $month_from, $month_to) | Resident demands of a selection of places received during a period of months (rows of resident_demands); call as demands_received($township, $area, $month_from, $month_to)';
comment on view programme_events is '累计类指标所计的带日期记录，每条一行：event 为所计事项，on_day 为计入日期（空为尚未），amount 为求和时的数量，附所属街镇与城乡 | Dated records the cumulative indicators count, one row each: event names what is counted, on_day when it counts (null: not yet), amount what it adds to a sum, with its township and area';
comment on macro table months_until is '项目月份：从 first_month（空为2017-09）到 month_to（空为截至月份）；调用：months_until(null, $month_to) | The programme''s months from first_month (null: 2017-09) to month_to (null: the as-of month); call as months_until(null, $month_to)';
comment on macro table events_by_month is '某一事项在所选范围内的逐月累计：次数、数量之和，及所选范围在该事项全部记录中的份额；调用：events_by_month(''work_completed:back_street'', null, null, $township, $area, $month_to) | One event''s monthly cumulative series over a selection: events, summed amounts, and the selection''s share of every such event; call as events_by_month(''work_completed:back_street'', null, null, $township, $area, $month_to)';
comment on macro table place_shares is '所选范围在全市村社数与常住人口中的份额；调用：place_shares($township, $area) | A selection''s share of the city''s villages and communities and of its population; call as place_shares($township, $area)';
comment on macro table answers_by_month is '所选范围内截至每月的近3个月问卷：满意度、获得感均值，不满意率与认同率（%），及各自回答人数；调用：answers_by_month($township, $area, $month_to) | Questionnaire answers over the three months to each month for a selection: mean satisfaction and sense of gain, shares dissatisfied and recognising the work (%), each with its number of answers; call as answers_by_month($township, $area, $month_to)';
comment on macro table answers_by_community is '同上，按村社，截至所选月末的近3个月；调用：answers_by_community($township, $area, $month_to, $lang) | The same per community, over the three months to the end of the selected month; call as answers_by_community($township, $area, $month_to, $lang)';
comment on macro table works_by_community is '某类工程按村社：项目数、截至所选月末完工数、受益户数及已完工户数；调用：works_by_community(''back_street'', $township, $area, $month_to, $lang) | Works of one category per community: works, completed by the end of the selected month, households benefited and in completed works; call as works_by_community(''back_street'', $township, $area, $month_to, $lang)';
comment on macro table elderly_care_coverage is '城市或农村村社的养老设施逐月覆盖率（%）；调用：elderly_care_coverage(''urban'', $township, $area, $month_to) | Monthly elderly-care coverage (%) of the urban or rural villages and communities; call as elderly_care_coverage(''urban'', $township, $area, $month_to)';
comment on macro table elderly_care_by_community is '同上，按村社：截至所选月末是否覆盖、建成日期、是否在建或计划；调用：elderly_care_by_community(''urban'', $township, $area, $month_to, $lang) | The same per community: covered by the end of the selected month, since when, and whether one is pending; call as elderly_care_by_community(''urban'', $township, $area, $month_to, $lang)';
comment on macro in_lang is '读者语言的文字：lang 为 en 时取英文（英文为空时取中文），否则取中文；调用：in_lang($lang, c.name_zh, c.name_en) | A text in the reader''s language: English when lang is en (the Chinese when the English is empty), else Chinese; call as in_lang($lang, c.name_zh, c.name_en)';
comment on macro table communities_named is '所选街镇与城乡范围内的村社（communities_located 的行），附按语言命名的 township 与 community 列；调用：communities_named($township, $area, $lang) | The villages and communities of a selection (rows of communities_located), with township and community named in lang; call as communities_named($township, $area, $lang)';
comment on macro counted_until is '村社明细计到的最后一天：截至日期，或所选月份月末（若更早）；调用：counted_until($month_to) | The last day a community breakdown counts: the as-of date, or the end of the selected month if earlier; call as counted_until($month_to)';
comment on macro survey_measure is '问卷某一项（satisfaction 满意度、sense_of_gain 获得感、dissatisfied 不满意率、recognition 认同率）的值与回答人数；调用：unnest(survey_measure(''satisfaction'', a))，a 为 answers_by_month 或 answers_by_community 的一行 | One survey measure (satisfaction, sense_of_gain, dissatisfied, recognition) with its number of answers; call as unnest(survey_measure(''satisfaction'', a)), a being a row of answers_by_month or answers_by_community';
