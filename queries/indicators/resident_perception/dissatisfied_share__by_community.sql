/*---
title: {zh: 不满意率：按村社, en: "Share dissatisfied, by community"}
description:
  zh: 各村社截至所选月末近3个月打1–2分的问卷占比与回答人数，高的排在前面；样本不足的村社不显示占比。
  en: "Share of answers scoring 1–2 per community over the three months to the end of the selected period, with the number of answers, highest first; communities with too few answers show no share."
chart:
  labels:
    value: {zh: 不满意率 %, en: Dissatisfied %}
    n: {zh: 回答人数, en: Answers}
order: 31
---*/
-- Per community, up to the end of the selected month (answers_by_community in schema.sql).
select a.township, a.community, a.dissatisfied_pct as value, a.satisfaction_n as n
from answers_by_community($township, $area, $month_to, $lang) as a
order by value desc, a.community
