/*---
title: {zh: 注册志愿者人数, en: Registered volunteers}
description:
  zh: 每月末累计注册的志愿者人数（含改革前注册的）。基线为2017年9月末的实测值；选择街镇或城乡时，目标按该范围常住人口占全市的份额（plan_share）分摊。
  en: "Volunteers registered by each month end, including those registered before the programme. The baseline is measured at the end of 2017-09; under a township or urban/rural selection the target is apportioned by the selection's share of the population (plan_share)."
indicator:
  unit: people
  target: {figure: registered_volunteers}
  note: {zh: 报道：注册志愿者12万余名（截至2018-10-25）, en: "Report: more than 120,000 registered volunteers (by 2018-10-25)"}
order: 20
---*/
-- Volunteers registered by each month end, those before the programme included; the target's part is the
-- selection's share of the population (events_by_month and place_shares in schema.sql).
select e.period, e.amount as value, coalesce(s.population_share, 0) as plan_share
from events_by_month('volunteers_registered', null, null, $township, $area, $month_to) as e
cross join place_shares($township, $area) as s
order by e.period
