/*---
title: {zh: 构建与加载记录, en: Builds and loads}
description:
  zh: 当前快照的来历：每次构建、加载、更正、删除、回滚与结构迁移的时间、文件，以及新增、替换、删除的行数。
  en: "How the live snapshot came to be: every build, load, correction, removal, rollback and schema carry-over, with time, file and rows added, replaced and removed."
chart:
  labels:
    snapshot_id: {zh: 快照, en: Snapshot}
    built_at: {zh: 时间, en: Written at}
    data_kind: {zh: 类型, en: Kind}
    description: {zh: 内容, en: What}
    rows_added: {zh: 新增行, en: Rows added}
    rows_replaced: {zh: 替换行, en: Rows replaced}
    rows_removed: {zh: 删除行, en: Rows removed}
order: 2
---*/
select
    snapshot_id,
    built_at,
    data_kind,
    description,
    rows_added,
    rows_replaced,
    rows_removed
from snapshot_info
order by built_at desc
