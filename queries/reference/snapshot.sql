/*---
title: {zh: 快照信息, en: Snapshot}
description:
  zh: 当前数据仓库快照的编号、截至日期与数据类型。
  en: "Id, as-of date and kind of data of the live warehouse snapshot."
chart: {type: table}
source: derived
order: 1
---*/
select snapshot_id, built_at, as_of, data_kind, description
from snapshot_info
