/*---
title: {zh: 居民获得感：按村社, en: "Residents' sense of gain, by community"}
description:
  zh: 各村社截至所选月末近3个月的获得感均值与回答人数，低的排在前面；样本不足的村社不显示均值。
  en: "Mean sense of gain per community over the three months to the end of the selected period, with the number of answers, lowest first; communities with too few answers show no mean."
chart:
  labels:
    value: {zh: 获得感均值, en: Mean sense of gain}
    n: {zh: 回答人数, en: Answers}
order: 21
---*/
-- Per community, up to the end of the selected month (answers_by_community in schema.sql).
select a.township, a.community, a.sense_of_gain as value, a.sense_of_gain_n as n
from answers_by_community($township, $area, $month_to, $lang) as a
order by value, a.community
