/*---
title: {zh: 城市社区养老设施：按村社, en: "Urban elderly care, by community"}
description:
  zh: 城市街道各村社截至所选月末是否已有建成的养老设施及其建成日期，尚未覆盖的排在前面。
  en: "Whether each village or community of an urban township has a completed elderly-care facility by the end of the selected period, and since when; uncovered first."
chart:
  labels:
    value: {zh: 已覆盖, en: Covered}
    covered_on: {zh: 建成日期, en: Completed on}
    pending: {zh: 在建或计划, en: In progress or planned}
order: 41
---*/
-- Each village or community of the area: covered by the end of the selected month or not
-- (elderly_care_by_community in schema.sql), uncovered first.
select c.*
from elderly_care_by_community('urban', $township, $area, $month_to, $lang) as c
order by c.value, c.township, c.community
