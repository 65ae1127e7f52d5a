-- Warehouse schema: the one DDL file. Loaded by the build before any CSV.
-- Dates are local calendar dates; months are the first day of the month.

create table townships (
    township_id   varchar primary key,          -- e.g. 'T01'
    name_zh       varchar not null,
    name_en       varchar not null,
    kind          varchar not null check (kind in ('subdistrict', 'town', 'township')),
    area          varchar not null check (area in ('urban', 'rural')),
    source        varchar not null check (source in ('published', 'demo'))
);

create table communities (
    community_id  varchar primary key,          -- e.g. 'C0001'
    township_id   varchar not null references townships (township_id),
    name_zh       varchar not null,
    name_en       varchar not null,
    kind          varchar not null check (kind in ('community', 'village')),  -- 社区 / 村
    area          varchar not null check (area in ('urban', 'rural')),
    is_key_village     boolean not null,        -- 重点村
    is_poor_village    boolean not null,        -- 贫困村
    is_model_community boolean not null,        -- 示范社区
    households    integer not null check (households >= 0),
    population    integer not null check (population >= 0),
    source        varchar not null check (source in ('published', 'demo'))
);

-- One row per questionnaire returned (调查问卷). Scores are 1..5, null when skipped.
create table questionnaires (
    questionnaire_id  varchar primary key,
    community_id      varchar not null references communities (community_id),
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
    community_id  varchar not null references communities (community_id),
    visited_on    date not null,
    issues_raised tinyint not null check (issues_raised >= 0)
);

-- Consultation meetings (意见征求会 / 坝坝会).
create table consultation_meetings (
    meeting_id    varchar primary key,
    community_id  varchar not null references communities (community_id),
    held_on       date not null,
    topic_zh      varchar not null,
    topic_en      varchar not null,
    attendees     integer not null check (attendees >= 0)
);

-- The 21 key projects (重点项目) that absorb resident demands; each groups many works.
create table key_projects (
    key_project_id varchar primary key,          -- e.g. 'K01'
    name_zh        varchar not null,
    name_en        varchar not null,
    category       varchar not null,
    planned_start  date not null,
    planned_end    date not null,
    actual_start   date,
    actual_end     date,
    status         varchar not null check (status in ('planned', 'in_progress', 'completed')),
    source         varchar not null check (source in ('published', 'demo'))
);

-- Individual renovation and construction works.
create table projects (
    project_id     varchar primary key,          -- e.g. 'P0001'
    key_project_id varchar references key_projects (key_project_id),
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
    name_en        varchar not null,
    township_id    varchar not null references townships (township_id),
    community_id   varchar references communities (community_id),
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
    source         varchar not null check (source in ('published', 'demo'))
);

-- Resident demands and suggestions (民生需求, 群众建议), each traced to what adopted it.
create table resident_demands (
    demand_id      varchar primary key,
    community_id   varchar not null references communities (community_id),
    received_on    date not null,
    channel        varchar not null check (channel in ('questionnaire', 'household_visit', 'meeting')),
    category       varchar not null,
    summary_zh     varchar not null,
    summary_en     varchar not null,
    status         varchar not null check (status in ('received', 'adopted', 'in_progress', 'resolved')),
    key_project_id varchar references key_projects (key_project_id),
    project_id     varchar references projects (project_id),
    meeting_id     varchar references consultation_meetings (meeting_id)
);

-- Service facilities: elderly care, party-mass service centres, governance centres, 雪亮工程 sites,
-- social-organisation service points.
create table facilities (
    facility_id    varchar primary key,
    community_id   varchar references communities (community_id),
    township_id    varchar not null references townships (township_id),
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
    source         varchar not null check (source in ('published', 'demo'))
);

-- Services that reach a community (one row per community and service line).
create table service_coverage (
    community_id   varchar not null references communities (community_id),
    service        varchar not null,            -- e.g. 'three_left_behind_care'
    since          date not null,
    primary key (community_id, service)
);

create table volunteer_teams (
    team_id        varchar primary key,
    township_id    varchar not null references townships (township_id),
    community_id   varchar references communities (community_id),
    name_zh        varchar not null,
    name_en        varchar not null,
    founded_on     date not null,
    members        integer not null check (members >= 0)
);

-- Registered volunteers, counted per community and month of registration.
create table volunteer_registrations (
    community_id   varchar not null references communities (community_id),
    month          date not null,
    registered     integer not null check (registered >= 0),
    primary key (community_id, month)
);

create table volunteer_activities (
    activity_id    varchar primary key,
    team_id        varchar references volunteer_teams (team_id),
    community_id   varchar not null references communities (community_id),
    held_on        date not null,
    name_zh        varchar not null,
    name_en        varchar not null,
    volunteers     integer not null check (volunteers >= 0),
    external_org_zh varchar                     -- outside partner, e.g. a university
);

-- Figures stated in the source article, with where they come from.
create table published_figures (
    figure_id      varchar primary key,
    label_zh       varchar not null,
    label_en       varchar not null,
    value          double not null,
    unit           varchar not null,            -- count, households, percent, m2, spaces, year, month ...
    qualifier      varchar not null check (qualifier in ('exact', 'more_than')),  -- 余 = more than
    precision      double not null,             -- the step the article rounds to (1, 0.1, 1000 ...)
    pillar         varchar check (pillar in ('city_change', 'resident_perception', 'social_recognition')),
    source         varchar not null,
    source_date    date not null
);

-- One row: what this snapshot is.
create table snapshot_info (
    snapshot_id    varchar not null,
    built_at       timestamp not null,
    as_of          date not null,
    data_kind      varchar not null check (data_kind in ('demo', 'loaded')),
    description    varchar not null,
    schema_hash    varchar not null             -- hash of this file when the snapshot was built
);

-- Descriptions the schema browser shows (ad-hoc SQL page): '中文 | English'.
comment on table townships is '街镇：街道、镇、乡 | Townships: subdistricts, towns and townships';
comment on column townships.kind is '类型：街道、镇或乡 | Kind: subdistrict, town or township';
comment on column townships.area is '城市或农村 | Urban or rural';
comment on column townships.source is '公布数据或演示数据 | Published figure or demo data';

comment on table communities is '村与社区，含户数、人口与类型标记 | Villages and communities, with households, population and flags';
comment on column communities.kind is '社区或村 | Community or village';
comment on column communities.is_key_village is '是否重点村 | Key village';
comment on column communities.is_poor_village is '是否贫困村 | Poor village';
comment on column communities.is_model_community is '是否示范社区 | Model community';
comment on column communities.households is '户数 | Households';
comment on column communities.population is '人口 | Population';

comment on table questionnaires is '回收的调查问卷，每份一行 | Questionnaires returned, one row each';
comment on column questionnaires.satisfaction is '总体满意度，1–5 分，跳过为空 | Overall satisfaction, 1–5, null when skipped';
comment on column questionnaires.sense_of_gain is '获得感，1–5 分 | Sense of gain, 1–5';
comment on column questionnaires.recognises_work is '知晓并认同社治工作 | Aware of and endorses the work';
comment on column questionnaires.top_concern is '最关心的需求类别 | Demand category most raised';

comment on table household_visits is '入户走访，每次一行 | Household visits, one row per visit';
comment on column household_visits.issues_raised is '走访中提出的问题数 | Issues raised during the visit';

comment on table consultation_meetings is '意见征求会与坝坝会 | Consultation and open-air meetings';
comment on column consultation_meetings.attendees is '参会人数 | People attending';

comment on table key_projects is '吸纳群众需求的重点项目 | Key projects that absorb resident demands';
comment on column key_projects.status is '计划、进行中或已完成 | Planned, in progress or completed';

comment on table projects is '具体改造与建设项目 | Individual renovation and construction works';
comment on column projects.category is '项目类别，如老旧院落改造、背街小巷整治 | Category, e.g. old courtyard, back street';
comment on column projects.stage is '阶段：规划、设计、选址、施工、完工 | Stage: planning, design, site selection, construction, completed';
comment on column projects.budget_wan is '预算（万元） | Budget (10k yuan)';
comment on column projects.spent_wan is '已支出（万元） | Spent (10k yuan)';
comment on column projects.households_benefited is '受益户数 | Households benefiting';
comment on column projects.floor_area_before is '改造前面积（平方米） | Floor area before (m²)';
comment on column projects.floor_area_after is '改造后面积（平方米） | Floor area after (m²)';
comment on column projects.parking_spaces is '新增停车位 | Parking spaces added';
comment on column projects.built_year is '改造院落的始建年份 | Year the renovated estate was built';

comment on table resident_demands is '民生需求与群众建议，及其采纳去向 | Resident demands and suggestions, traced to what adopted them';
comment on column resident_demands.channel is '收集渠道：问卷、走访或会议 | Channel: questionnaire, household visit or meeting';
comment on column resident_demands.status is '已收集、已采纳、办理中或已解决 | Received, adopted, in progress or resolved';

comment on table facilities is '服务设施：养老、党群服务中心、综治中心、雪亮工程、社会组织服务点 | Service facilities: elderly care, party-mass and governance centres, video-watch sites, social-organisation points';
comment on column facilities.kind is '设施类型 | Kind of facility';
comment on column facilities.build_mode is '新建、利用闲置资产改建或原有 | New, converted idle asset, or existing';

comment on table service_coverage is '覆盖到村（社区）的服务，每村每项一行 | Services that reach a community, one row per community and service';

comment on table volunteer_teams is '志愿服务队 | Volunteer teams';
comment on column volunteer_teams.members is '队员人数 | Members';

comment on table volunteer_registrations is '按村（社区）和月份统计的志愿者注册数 | Volunteers registered, per community and month';

comment on table volunteer_activities is '志愿服务活动 | Volunteer activities';
comment on column volunteer_activities.external_org_zh is '外部合作单位，如高校 | Outside partner, e.g. a university';

comment on table published_figures is '报道公布的数字及其出处 | Figures stated in the source article, with their source';
comment on column published_figures.qualifier is '精确或“余”（多于） | Exact, or 余 (more than)';
comment on column published_figures.precision is '报道取整的步长 | Step the article rounds to';

comment on table snapshot_info is '本快照的编号、构建时间、截至日期与数据类型 | This snapshot: id, build time, as-of date and kind of data';

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
