/*---
title: {zh: 志愿服务活动次数, en: Volunteer activities held}
description:
  zh: 2017年9月以来每月末累计开展的线上线下志愿服务活动次数。选择街镇或城乡时，目标按该范围常住人口占全市的份额（plan_share）分摊。
  en: "Volunteer activities, online and offline, held since 2017-09, cumulative at each month end. Under a township or urban/rural selection the target is apportioned by the selection's share of the population (plan_share)."
indicator:
  unit: count
  baseline: {value: 0}
  target: {figure: volunteer_activities}
  note: {zh: 报道：开展线上线下志愿服务活动2000余次（截至2018-10-25）, en: "Report: more than 2,000 volunteer activities (by 2018-10-25)"}
order: 40
---*/
-- Activities held from 2017-09 (counted_from) by each month end; the target's part is the selection's share
-- of the population (events_by_month and place_shares in schema.sql).
select e.period, e.events as value, coalesce(s.population_share, 0) as plan_share
from events_by_month('volunteer_activity', date '2017-09-01', null, $township, $area, $month_to) as e
cross join place_shares($township, $area) as s
order by e.period
