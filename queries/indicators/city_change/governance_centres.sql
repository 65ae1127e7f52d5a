/*---
title: {zh: 村（社区）综治中心建成数, en: Governance centres built}
description:
  zh: 每月末累计建成的村（社区）综治中心数（含改革前已建成的）。基线为2017年9月末的实测值；选择街镇或城乡时，目标按该范围在全市综治中心计划中的份额（plan_share）分摊。
  en: "Governance centres completed by each month end, including those built before the programme. The baseline is measured at the end of 2017-09; under a township or urban/rural selection the target is apportioned by the selection's share of all planned centres (plan_share)."
indicator:
  unit: count
  target: {figure: governance_centres}
  note: {zh: 报道：建成村（社区）综治中心291个（截至2018-10-25）, en: "Report: 291 governance centres built (by 2018-10-25)"}
order: 50
---*/
-- Governance centres completed by each month end; the target's part is the selection's share of all
-- planned centres (events_by_month in schema.sql).
select e.period, e.events as value, e.events_share as plan_share
from events_by_month('facility_completed:governance_centre', null, null, $township, $area, $month_to) as e
order by e.period
