/*---
title: {zh: 工程：按街镇, en: Works by township}
description:
  zh: 各街镇的工程数量及状态。
  en: "Works in each township, by status."
chart: {type: bar, x: township, y: works, y_format: integer, color: status}
order: 4
---*/
-- A work belongs to the period when it was under way during it (see works_under_way in schema.sql).
select
    w.township_id,
    in_lang($lang, w.township_zh, w.township_en) as township,
    w.status,
    count(*) as works
from works_under_way($township, $area, $month_from, $month_to) as w
group by all
order by w.township_id, w.status
