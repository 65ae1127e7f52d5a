/*---
title: {zh: 数据表, en: Tables}
description:
  zh: 数据仓库中的每张表：行数、列数与说明（说明来自 schema.sql 的 comment on）。
  en: "Every table of the warehouse: rows, columns and description (from the comment on statements in schema.sql)."
chart:
  type: table
  labels:
    table_name: {zh: 表, en: Table}
    row_count: {zh: 行数, en: Rows}
    column_count: {zh: 列数, en: Columns}
    description: {zh: 说明, en: Description}
params:
  lang: {type: lang, default: zh}
source: derived
order: 40
---*/
with tables as (
    select table_name, estimated_size, column_count, comment
    from duckdb_tables()
    where database_name = current_database() and schema_name = 'main' and not internal
)

select
    table_name,
    estimated_size as row_count,
    column_count,
    case
        when $lang = 'en' then coalesce(nullif(trim(split_part(comment, '|', 2)), ''), comment, '')
        else coalesce(trim(split_part(comment, '|', 1)), '')
    end as description
from tables
order by table_name
