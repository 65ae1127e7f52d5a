/*---
title: {zh: 公共服务延伸村社数, en: Communities reached by services}
description:
  zh: 2018年3月以来每月末已有「三留守」关爱等至少一项服务延伸到的村社数。选择街镇或城乡时，目标按该范围村社数占全市的份额（plan_share）分摊，即该范围的全部村社。
  en: "Villages and communities reached by at least one service line (care for the left-behind and others) by each month end, since 2018-03. Under a township or urban/rural selection the target is apportioned by the selection's share of all villages and communities (plan_share), i.e. all of the selection's."
indicator:
  unit: count
  baseline: {value: 0, date: 2018-03-01}
  target: {figure: communities_served}
  note: {zh: 报道：立体多元化服务延伸全市678个村社（截至2018-10-25）, en: "Report: services extended to all 678 villages and communities (by 2018-10-25)"}
order: 50
---*/
-- Communities reached by a service line by each month end from 2018-03; the target's part is the
-- selection's share of the villages and communities (events_by_month and place_shares in schema.sql).
select e.period, e.events as value, s.communities_share as plan_share
from events_by_month('community_reached', null, date '2018-03-01', $township, $area, $month_to) as e
cross join place_shares($township, $area) as s
order by e.period
