/*---
title: {zh: 居民认同率, en: Residents who recognise the work}
description:
  zh: 调查问卷中知晓并认可社区发展治理工作的居民占比（%），按截至当月的近3个月滚动计算；n 为回答人数。目标为配置值。
  en: "Share of questionnaire respondents who know of and endorse the community-governance work (%), over a rolling three months ending with each month; n is the number of answers. The target is configured."
indicator:
  unit: percent
  target: {value: 80, date: 2018-12-31}
  weight: 2
  decimals: 1
  note:
    zh: 配置假设：到2018年底80%的受访居民认同；基线为2017年9月的实测值
    en: "Assumption: 80% of respondents recognise the work by the end of 2018; the baseline is measured in 2017-09"
order: 10
---*/
-- Rolling three-month answers of the selected places (answers_by_month in schema.sql).
select a.period, a.recognition_pct as value, a.recognition_n as n
from answers_by_month($township, $area, $month_to) as a
order by a.period
