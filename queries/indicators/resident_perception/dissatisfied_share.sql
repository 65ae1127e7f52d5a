/*---
title: {zh: 不满意率, en: Share of residents dissatisfied}
description:
  zh: 总体满意度打1–2分的问卷占比（%），按截至当月的近3个月滚动计算，越低越好；n 为回答人数。目标为配置值。
  en: "Share of questionnaires scoring overall satisfaction 1–2 (%), over a rolling three months ending with each month; lower is better; n is the number of answers. The target is configured."
indicator:
  unit: percent
  direction: lower
  target: {value: 5, date: 2018-12-31}
  decimals: 1
  note:
    zh: 配置假设：到2018年底不满意率降至5%；基线为2017年9月的实测值
    en: "Assumption: at most 5% dissatisfied by the end of 2018; the baseline is measured in 2017-09"
order: 30
---*/
-- Rolling three-month answers of the selected places (answers_by_month in schema.sql).
select a.period, a.dissatisfied_pct as value, a.satisfaction_n as n
from answers_by_month($township, $area, $month_to) as a
order by a.period
