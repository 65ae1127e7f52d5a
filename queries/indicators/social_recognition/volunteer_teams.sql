/*---
title: {zh: 志愿者队伍数, en: Volunteer teams}
description:
  zh: 每月末累计成立的志愿者队伍数（含改革前成立的）。基线为2017年9月末的实测值；选择街镇或城乡时，目标按该范围常住人口占全市的份额（plan_share）分摊。
  en: "Volunteer teams founded by each month end, including those founded before the programme. The baseline is measured at the end of 2017-09; under a township or urban/rural selection the target is apportioned by the selection's share of the population (plan_share)."
indicator:
  unit: count
  target: {figure: volunteer_teams}
  note: {zh: 报道：志愿者队伍890支（截至2018-10-25）, en: "Report: 890 volunteer teams (by 2018-10-25)"}
order: 30
---*/
-- Teams founded by each month end, those before the programme included; the target's part is the
-- selection's share of the population (events_by_month and place_shares in schema.sql).
select e.period, e.events as value, coalesce(s.population_share, 0) as plan_share
from events_by_month('volunteer_team', null, null, $township, $area, $month_to) as e
cross join place_shares($township, $area) as s
order by e.period
