/*---
title: {zh: 居民满意度：按村社, en: "Residents' satisfaction, by community"}
description:
  zh: 各村社截至所选月末近3个月的满意度均值与回答人数，低的排在前面；样本不足的村社不显示均值。
  en: "Mean satisfaction per community over the three months to the end of the selected period, with the number of answers, lowest first; communities with too few answers show no mean."
chart:
  labels:
    value: {zh: 满意度均值, en: Mean satisfaction}
    n: {zh: 回答人数, en: Answers}
order: 11
---*/
-- Per community, up to the end of the selected month (answers_by_community in schema.sql).
select a.township, a.community, a.satisfaction as value, a.satisfaction_n as n
from answers_by_community($township, $area, $month_to, $lang) as a
order by value, a.community
