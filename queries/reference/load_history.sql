/*---
title: {zh: 构建与加载记录, en: Builds and loads}
description:
  zh: 当前快照的来历：每次构建与文件加载的时间、文件和行数。
  en: "How the live snapshot came to be: every build and file load, with time, file and rows."
chart: {type: table}
source: derived
order: 2
---*/
select
    snapshot_id,
    built_at,
    data_kind,
    description
from snapshot_info
order by built_at desc
