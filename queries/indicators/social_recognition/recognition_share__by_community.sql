/*---
title: {zh: 居民认同率：按村社, en: "Recognition of the work, by community"}
description:
  zh: 各村社截至所选月末近3个月认同社治工作的受访者占比与回答人数，低的排在前面；样本不足的村社不显示占比。
  en: "Share of respondents per community who recognise the work, over the three months to the end of the selected period, with the number of answers, lowest first; communities with too few answers show no share."
chart:
  labels:
    value: {zh: 认同率 %, en: Recognise %}
    n: {zh: 回答人数, en: Answers}
order: 11
---*/
-- Per community, up to the end of the selected month (answers_by_community in schema.sql).
select a.township, a.community, a.recognition_pct as value, a.recognition_n as n
from answers_by_community($township, $area, $month_to, $lang) as a
order by value, a.community
