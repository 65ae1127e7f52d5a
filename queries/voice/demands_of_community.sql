/*---
title: {zh: 村（社区）的诉求及其去向, en: "A community's demands and what became of each"}
description:
  zh: 所选村（社区）提出的每条诉求：状态、采纳它的重点项目和工程，以及项目现在的状态。
  en: "Every demand the chosen village or community raised: its status, the key project and work that adopted it, and where those stand."
chart:
  labels:
    demand_id: {zh: 诉求编号, en: Demand no.}
    received_on: {zh: 收到日期, en: Received}
    channel: {zh: 渠道, en: Channel}
    category: {zh: 类别, en: Category}
    summary: {zh: 诉求内容, en: What was asked}
    status: {zh: 诉求状态, en: Demand status}
    key_project: {zh: 采纳的重点项目, en: Adopted by key project}
    key_project_status: {zh: 项目状态, en: Key project status}
    work: {zh: 回应工程, en: Work answering it}
    work_status: {zh: 工程状态, en: Work status}
params:
  township: {type: township, default: null}
  community: {type: community, default: C0001}
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  lang: {type: lang, default: zh}
order: 24
---*/
with demands as (
    select d.*
    from resident_demands as d
    join communities as c using (community_id)
    -- The township keeps a township-scoped reader to their own communities, whichever id is asked for.
    where d.community_id = $community
        and ($township is null or c.township_id = $township)
        and ($month_from is null or d.received_on >= cast($month_from as date))
        and ($month_to is null or d.received_on < cast($month_to as date) + interval 1 month)
)

select
    d.demand_id,
    d.received_on,
    d.channel,
    d.category,
    in_lang($lang, d.summary_zh, d.summary_en) as summary,
    d.status,
    in_lang($lang, k.name_zh, k.name_en) as key_project,
    k.status as key_project_status,
    in_lang($lang, w.name_zh, w.name_en) as work,
    w.status as work_status
from demands as d
left join key_projects as k on k.key_project_id = d.key_project_id
left join projects as w on w.project_id = d.project_id
order by d.received_on, d.demand_id
