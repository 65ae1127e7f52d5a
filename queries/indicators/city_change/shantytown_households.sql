/*---
title: {zh: 棚户区改造户数, en: Shantytown households renovated}
description:
  zh: 每月末累计完成改造的棚户区户数（已完工项目的受益户数之和）。选择街镇或城乡时，目标按该范围在全市棚改受益户数中的份额（plan_share）分摊。
  en: "Households in shantytown works completed by each month end. Under a township or urban/rural selection the target is apportioned by the selection's share of all shantytown households in the plan (plan_share)."
indicator:
  unit: households
  baseline: {value: 0}
  target: {figure: shantytown_households}
  note: {zh: 报道：改造棚户区1442户（截至2018-10-25）, en: "Report: 1,442 shantytown households renovated (by 2018-10-25)"}
order: 30
---*/
-- Households in shantytown works completed by each month end; the target's part is the selection's share
-- of the households every planned shantytown work will benefit (events_by_month in schema.sql).
select e.period, e.amount as value, coalesce(e.amount_share, 0) as plan_share
from events_by_month('work_completed:shantytown', null, null, $township, $area, $month_to) as e
order by e.period
