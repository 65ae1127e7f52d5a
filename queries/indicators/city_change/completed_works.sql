/*---
params:
  category: {type: choice, options: [old_courtyard, back_street]}
indicator:
  unit: count
  baseline: {value: 0}
order: 10
variants:
  old_courtyards:
    params: {category: old_courtyard}
    title: {zh: 老旧院落改造完成数, en: Old courtyards renovated}
    description: {zh: 每月末累计完成改造的老旧院落数。选择街镇或城乡时，目标按该范围在全市老旧院落改造计划中的份额（plan_share）分摊。, en: "Old courtyards whose renovation is completed, cumulative at each month end. Under a township or urban/rural selection the target is apportioned by the selection's share of the city's courtyard works (plan_share)."}
    indicator: {target: {figure: old_courtyards}, note: {zh: 报道：改造老旧院落19个（截至2018-10-25）, en: "Report: 19 old courtyards renovated (by 2018-10-25)"}}
  back_streets:
    params: {category: back_street}
    title: {zh: 背街小巷整治完成数, en: Back streets rectified}
    description: {zh: 每月末累计完成整治的背街小巷数。选择街镇或城乡时，目标按该范围在全市背街小巷整治计划中的份额（plan_share）分摊。, en: "Back streets whose rectification is completed, cumulative at each month end. Under a township or urban/rural selection the target is apportioned by the selection's share of the city's back-street works (plan_share)."}
    indicator: {target: {figure: back_streets}, note: {zh: 报道：整治背街小巷133条（截至2018-10-25）, en: "Report: 133 back streets rectified (by 2018-10-25)"}}
---*/
-- Works of the variant's $category completed by each month end; the target's part is the selection's share of
-- every such work the city plans, whatever its status (events_by_month in schema.sql).
select e.period, e.events as value, e.events_share as plan_share
from events_by_month('work_completed:' || $category, null, null, $township, $area, $month_to) as e
order by e.period
