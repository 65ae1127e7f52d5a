/*---
params:
  kind: {type: choice, options: [urban, rural]}
indicator:
  unit: percent
  decimals: 1
order: 40
variants:
  elderly_care_urban:
    params: {kind: urban}
    title: {zh: 城市社区养老设施覆盖率, en: "Elderly care coverage, urban"}
    description: {zh: 城市街道的村社中，每月末已有建成养老设施的占比（%）。基线为2017年9月末的实测值。, en: "Share of the villages and communities of urban townships with a completed elderly-care facility at each month end (%). The baseline is measured at the end of 2017-09."}
    indicator: {target: {figure: elderly_care_urban}, note: {zh: 报道：城市社区养老设施覆盖率达98.5%（截至2018-10-25）, en: "Report: 98.5% of urban communities covered (by 2018-10-25)"}}
  elderly_care_rural:
    params: {kind: rural}
    title: {zh: 农村社区养老设施覆盖率, en: "Elderly care coverage, rural"}
    description: {zh: 农村乡镇的村社中，每月末已有建成养老设施的占比（%）。基线为2017年9月末的实测值。, en: "Share of the villages and communities of rural townships with a completed elderly-care facility at each month end (%). The baseline is measured at the end of 2017-09."}
    indicator: {target: {figure: elderly_care_rural}, note: {zh: 报道：农村社区养老设施覆盖率达30%（截至2018-10-25）, en: "Report: 30% of rural communities covered (by 2018-10-25)"}}
---*/
-- The share of the urban or rural area's villages and communities covered by each month end
-- (elderly_care_coverage in schema.sql); each variant fixes $kind.
select c.period, c.value
from elderly_care_coverage($kind, $township, $area, $month_to) as c
order by c.period
