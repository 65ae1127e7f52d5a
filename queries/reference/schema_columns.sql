/*---
title: {zh: 数据列, en: Columns}
description:
  zh: 每张表与每个视图的列、类型、是否可为空与说明；可只看一张表或一个视图。视图从表中带来的列，说明见该表。
  en: "The columns of every table and view, with type, whether they may be empty, and description; optionally of one table or view. A view's columns taken over from a table are described at that table."
chart:
  labels:
    table_name: {zh: 表或视图, en: Table or view}
    column_name: {zh: 列, en: Column}
    data_type: {zh: 类型, en: Type}
    nullable: {zh: 可为空, en: Nullable}
    description: {zh: 说明, en: Description}
params:
  table_name: {type: text, default: null, label: {zh: 表名或视图名, en: Table or view name}}
  lang: {type: lang, default: zh}
order: 41
---*/
with columns as (
    select table_name, column_index, column_name, data_type, is_nullable, comment
    from duckdb_columns()
    where database_name = current_database() and schema_name = 'main' and not internal
),

-- The column dictionary (what the load templates and the load's headers use) describes table columns;
-- views describe their own in schema.sql comments.
labelled as (
    select
        c.*,
        in_lang($lang, l.label_zh || '：' || l.meaning_zh, l.label_en || ': ' || l.meaning_en) as dictionary
    from columns as c
    left join column_labels as l using (table_name, column_name)
)

select
    table_name,
    column_name,
    data_type,
    is_nullable as nullable,
    -- A schema comment reads '中文 | English'; one without an English half shows whole.
    coalesce(dictionary, in_lang(
        $lang,
        coalesce(trim(split_part(comment, '|', 1)), ''),
        coalesce(nullif(trim(split_part(comment, '|', 2)), ''), comment, '')
    )) as description
from labelled
where $table_name is null or table_name = $table_name
order by table_name, column_index
