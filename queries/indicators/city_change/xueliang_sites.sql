/*---
title: {zh: 已开工「雪亮工程」点位, en: Xueliang video-security sites started}
description:
  zh: 2018年3月以来每月末累计开工的「雪亮工程」点位数。选择街镇或城乡时，目标按该范围村社数占全市的份额（plan_share）分摊。
  en: "Xueliang video-security sites started since 2018-03, cumulative at each month end. Under a township or urban/rural selection the target is apportioned by the selection's share of the city's villages and communities (plan_share)."
indicator:
  unit: count
  baseline: {value: 0, date: 2018-03-01}
  target: {figure: xueliang_sites}
  note: {zh: 报道：正在实施「雪亮工程」176个（截至2018-10-25）, en: "Report: 176 Xueliang sites under way (by 2018-10-25)"}
order: 60
---*/
-- Sites started by each month end from 2018-03; the target's part is the selection's share of the city's
-- villages and communities (events_by_month and place_shares in schema.sql).
select e.period, e.events as value, s.communities_share as plan_share
from events_by_month('facility_started:xueliang_site', null, date '2018-03-01', $township, $area, $month_to) as e
cross join place_shares($township, $area) as s
order by e.period
