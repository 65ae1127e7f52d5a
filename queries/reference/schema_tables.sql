/*---
title: {zh: 数据表与视图, en: Tables and views}
description:
  zh: 数据仓库中的每张表与每个视图：类型、行数（表）、列数与说明（说明来自 schema.sql 的 comment on）。视图是查询文件共用的构件，不存数据，因此没有行数。
  en: "Every table and view of the warehouse: kind, rows (tables), columns and description (from the comment on statements in schema.sql). Views are building blocks the query files share; they store no rows, so they show no row count."
chart:
  type: table
  labels:
    table_name: {zh: 表或视图, en: Table or view}
    kind: {zh: 类型, en: Kind}
    row_count: {zh: 行数, en: Rows}
    column_count: {zh: 列数, en: Columns}
    description: {zh: 说明, en: Description}
params:
  lang: {type: lang, default: zh}
source: derived
order: 40
---*/
with tables as (
    select table_name, 'table' as kind, estimated_size as row_count, column_count, comment
    from duckdb_tables()
    where database_name = current_database() and schema_name = 'main' and not internal
),

views as (
    select view_name as table_name, 'view' as kind, null::bigint as row_count, column_count, comment
    from duckdb_views()
    where database_name = current_database() and schema_name = 'main' and not internal
),

relations as (
    select * from tables
    union all
    select * from views
)

select
    table_name,
    case
        when $lang = 'en' then kind
        when kind = 'table' then '表'
        else '视图'
    end as kind,
    row_count,
    column_count,
    case
        when $lang = 'en' then coalesce(nullif(trim(split_part(comment, '|', 2)), ''), comment, '')
        else coalesce(trim(split_part(comment, '|', 1)), '')
    end as description
from relations
order by relations.kind, table_name
