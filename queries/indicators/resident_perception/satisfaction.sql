/*---
title: {zh: 居民总体满意度, en: Residents' overall satisfaction}
description:
  zh: 调查问卷总体满意度（1–5分）的均值，按截至当月的近3个月滚动计算；n 为回答人数，样本不足的月份不显示。目标为配置值。
  en: "Mean overall satisfaction (1–5) in the questionnaires, over a rolling three months ending with each month; n is the number of answers, and months with too few are hidden. The target is configured."
indicator:
  unit: score
  target: {value: 4.2, date: 2018-12-31}
  weight: 2
  decimals: 2
  note:
    zh: 配置假设：到2018年底满意度均值达到4.2分；基线为2017年9月的实测值
    en: "Assumption: mean satisfaction of 4.2 by the end of 2018; the baseline is measured in 2017-09"
order: 10
---*/
-- Rolling three-month answers of the selected places (answers_by_month in schema.sql).
select a.period, a.satisfaction as value, a.satisfaction_n as n
from answers_by_month($township, $area, $month_to) as a
order by a.period
