/*---
title: {zh: 督办事项落实情况, en: Follow-ups and where they stand}
description:
  zh: 截至所选日期（默认为数据截至日期）已交办的督办事项：交办期次、对象、内容、责任人、期限，以及已落实、已逾期或办理中。选择街镇时显示该街镇的事项和全市指标的事项。
  en: "Follow-ups assigned by the chosen day (default: the as-of date): the meeting that assigned each, its subject, task, owner and due date, and whether it is done, overdue or open. A township selection shows that township's follow-ups and those on city-wide indicators."
chart:
  labels:
    follow_up_id: {zh: 编号, en: No.}
    assigned_in: {zh: 交办期次, en: Assigned in}
    subject_name: {zh: 督办对象, en: Subject}
    task: {zh: 督办内容, en: Task}
    owner: {zh: 责任人, en: Owner}
    due_on: {zh: 完成期限, en: Due}
    done_on: {zh: 完成日期, en: Done on}
    status: {zh: 落实情况, en: Status}
params:
  township: {type: township, default: null}
  judged_on: {type: date, default: null, label: {zh: 截至日期, en: As of}}
  lang: {type: lang, default: zh}
order: 20
source: demo
---*/
with follow_ups as (
    select * from follow_ups
),

editions as (
    select e.edition_id, e.name as edition_name, e.as_of as assigned_on
    from editions as e
),

judged as (
    select coalesce($judged_on, (select w.as_of_date from warehouse_as_of as w)) as day
),

placed as (
    select
        f.*,
        e.edition_name,
        e.assigned_on,
        in_lang($lang, t.name_zh, t.name_en) as township_name
    from follow_ups as f
    join editions as e using (edition_id)
    left join townships as t on f.subject = 'township' and t.township_id = f.subject_id
)

select
    p.follow_up_id,
    p.edition_name as assigned_in,
    p.subject,
    p.subject_id,
    coalesce(p.township_name, p.subject_id) as subject_name,
    p.task,
    p.owner,
    p.due_on,
    p.done_on,
    case
        when p.done_on is not null and p.done_on <= j.day then 'done'
        when p.due_on < j.day then 'overdue'
        else 'open'
    end as status
from placed as p
cross join judged as j
where p.assigned_on <= j.day
    and ($township is null or p.subject = 'indicator' or p.subject_id = $township)
order by p.due_on, p.follow_up_id
