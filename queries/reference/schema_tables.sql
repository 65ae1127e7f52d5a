/*---
title: {zh: 数据表、视图与表宏, en: "Tables, views and table macros"}
description:
  zh: 数据仓库中的每张表、每个视图与每个表宏：类型、行数（表）、列数与说明（说明来自 schema.sql 的 comment on）。视图与表宏是查询文件共用的构件，不存数据，因此没有行数；表宏的说明写明调用方式。
  en: "Every table, view and table macro of the warehouse: kind, rows (tables), columns and description (from the comment on statements in schema.sql). Views and table macros are building blocks the query files share; they store no rows, so they show no row count. A macro's description says how to call it."
chart:
  labels:
    table_name: {zh: 名称, en: Name}
    kind: {zh: 类型, en: Kind}
    row_count: {zh: 行数, en: Rows}
    column_count: {zh: 列数, en: Columns}
    description: {zh: 说明, en: Description}
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

-- Table macros take the calling file's $params, e.g. works_under_way($township, $area, $month_from, $month_to).
macros as (
    select function_name as table_name, 'macro' as kind, null::bigint as row_count, null::bigint as column_count,
        comment
    from duckdb_functions()
    where database_name = current_database() and schema_name = 'main' and not internal
        and function_type = 'table_macro'
),

relations as (
    select *, 1 as kind_order from tables
    union all
    select *, 2 from views
    union all
    select *, 3 from macros
)

select
    table_name,
    in_lang($lang, case kind when 'table' then '表' when 'view' then '视图' else '表宏' end, kind) as kind,
    row_count,
    column_count,
    -- A schema comment reads '中文 | English'; one without an English half shows whole.
    in_lang(
        $lang,
        coalesce(trim(split_part(comment, '|', 1)), ''),
        coalesce(nullif(trim(split_part(comment, '|', 2)), ''), comment, '')
    ) as description
from relations
order by relations.kind_order, table_name
