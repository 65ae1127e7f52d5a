/*---
title: {zh: 城市社区养老设施覆盖率, en: "Elderly care coverage, urban"}
description:
  zh: 城市街道的村社中，每月末已有建成养老设施的占比（%）。基线为2017年9月末的实测值。
  en: "Share of the villages and communities of urban townships with a completed elderly-care facility at each month end (%). The baseline is measured at the end of 2017-09."
indicator:
  unit: percent
  target: {figure: elderly_care_urban}
  decimals: 1
  note: {zh: 报道：城市社区养老设施覆盖率达98.5%（截至2018-10-25）, en: "Report: 98.5% of urban communities covered (by 2018-10-25)"}
order: 40
---*/
-- The share of the area's villages and communities covered by each month end (elderly_care_coverage in
-- schema.sql).
select c.period, c.value
from elderly_care_coverage('urban', $township, $area, $month_to) as c
order by c.period
