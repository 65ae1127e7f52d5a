/*---
title: {zh: 快照信息, en: Snapshot}
description:
  zh: 当前数据仓库快照的编号、截至日期、数据类型，以及最近一次构建或加载。
  en: "Id, as-of date and kind of data of the live warehouse snapshot, with its latest build or load."
chart: {type: table}
scope: city
order: 1
---*/
with events as (
    select * from snapshot_info
),

latest as (
    select * from events order by built_at desc limit 1
)

select
    l.snapshot_id,
    l.built_at,
    (select max(e.as_of) from events as e) as as_of,
    l.data_kind,
    l.description,
    (select bool_or(e.data_kind = 'demo') from events as e) as includes_demo,
    (select count(*) from events as e where e.data_kind = 'loaded') as loads
from latest as l
