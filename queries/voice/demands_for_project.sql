/*---
title: {zh: 项目回应了哪些诉求, en: The demands a project answers}
description:
  zh: 所选重点项目（或其下某项工程）采纳的每条诉求：来自哪个村（社区）、哪个渠道、何时收到、现在的状态。
  en: "Every demand the chosen key project (or one of its works) adopted: where and through which channel it came, when, and where it stands."
chart:
  labels:
    demand_id: {zh: 诉求编号, en: Demand no.}
    received_on: {zh: 收到日期, en: Received}
    township: {zh: 街镇, en: Township}
    community: {zh: 村（社区）, en: Village or community}
    channel: {zh: 渠道, en: Channel}
    category: {zh: 类别, en: Category}
    summary: {zh: 诉求内容, en: What was asked}
    status: {zh: 诉求状态, en: Demand status}
    work: {zh: 回应工程, en: Work answering it}
    work_status: {zh: 工程状态, en: Work status}
params:
  key_project: {type: text, default: K01}
  project: {type: text, default: null}
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
  lang: {type: lang, default: zh}
order: 22
---*/
with demands as (
    select d.*, c.township_id, c.township_zh, c.township_en, c.name_zh as community_zh, c.name_en as community_en
    from resident_demands as d
    join communities_located as c using (community_id)
    where d.key_project_id = $key_project
        and ($project is null or d.project_id = $project)
        and ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
        and ($month_from is null or d.received_on >= cast($month_from as date))
        and ($month_to is null or d.received_on < cast($month_to as date) + interval 1 month)
)

select
    d.demand_id,
    d.received_on,
    in_lang($lang, d.township_zh, d.township_en) as township,
    in_lang($lang, d.community_zh, d.community_en) as community,
    d.channel,
    d.category,
    in_lang($lang, d.summary_zh, d.summary_en) as summary,
    d.status,
    in_lang($lang, w.name_zh, w.name_en) as work,
    w.status as work_status
from demands as d
left join projects as w on w.project_id = d.project_id
order by d.received_on, d.demand_id
