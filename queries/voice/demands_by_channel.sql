/*---
title: {zh: 群众诉求：按收集渠道, en: Resident demands by channel}
description:
  zh: 诉求来自问卷、入户走访还是意见征求会（坝坝会）。
  en: "Whether a demand came from a questionnaire, a household visit or a consultation meeting."
chart:
  type: pie
  x: channel
  y: demands
  labels:
    channel: {zh: 渠道, en: Channel}
    demands: {zh: 诉求条数, en: Demands}
order: 4
---*/
select d.channel, count(*) as demands
from demands_received($township, $area, $month_from, $month_to) as d
group by d.channel
order by demands desc, d.channel
