/*---
title: {zh: 居民获得感, en: Residents' sense of gain}
description:
  zh: 调查问卷获得感（1–5分）的均值，按截至当月的近3个月滚动计算；n 为回答人数，样本不足的月份不显示。目标为配置值。
  en: "Mean sense of gain (1–5) in the questionnaires, over a rolling three months ending with each month; n is the number of answers, and months with too few are hidden. The target is configured."
indicator:
  unit: score
  target: {value: 4.0, date: 2018-12-31}
  decimals: 2
  note:
    zh: 配置假设：到2018年底获得感均值达到4.0分；基线为2017年9月的实测值
    en: "Assumption: mean sense of gain of 4.0 by the end of 2018; the baseline is measured in 2017-09"
order: 20
---*/
-- Rolling three-month answers of the selected places (answers_by_month in schema.sql).
select a.period, a.sense_of_gain as value, a.sense_of_gain_n as n
from answers_by_month($township, $area, $month_to) as a
order by a.period
