/*---
title: {zh: 各月民生需求, en: Resident demands by month}
description:
  zh: 按月份和收集渠道统计民生需求；可选街镇、村（社区）、起始月份和办理状态。
  en: "Resident demands per month and channel; choose a township, village or community, first month and status."
chart:
  type: bar
  x: month
  y: demands
  color: channel
  labels:
    month: {zh: 月份, en: Month}
    channel: {zh: 渠道, en: Channel}
    demands: {zh: 需求数, en: Demands}
params:
  township: {type: township, default: null, label: {zh: 街镇, en: Township}}
  community: {type: community, default: null, label: {zh: 村（社区）, en: Village or community}}
  month_from: {type: month, default: null, label: {zh: 起始月份, en: From month}}
  status:
    type: choice
    default: null
    label: {zh: 办理状态, en: Status}
    options:
      received: {zh: 已收到, en: Received}
      adopted: {zh: 已采纳, en: Adopted}
      in_progress: {zh: 实施中, en: Under way}
      resolved: {zh: 已办结, en: Resolved}
order: 10
---*/
with demands as (
    select d.*, c.township_id
    from resident_demands as d
    join communities as c using (community_id)
),

filtered as (
    select *
    from demands
    where ($township is null or township_id = $township)
        and ($community is null or community_id = $community)
        and ($month_from is null or received_on >= $month_from)
        and ($status is null or status = $status)
)

select
    strftime(date_trunc('month', received_on), '%Y-%m') as month,
    channel,  -- named by the shared code names when drawn (domains.code.channel)
    count(*) as demands
from filtered
group by all
order by month, channel
