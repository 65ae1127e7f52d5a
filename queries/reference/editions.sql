/*---
title: {zh: 例会期次, en: Meeting editions}
description:
  zh: 每个期次：名称、评估日期、所读取的冻结快照，以及该期次交办的督办事项数。
  en: "Every edition: its name, the day it is judged on, the frozen snapshot it reads, and how many follow-ups it assigned."
chart: {type: table}
scope: city
order: 40
---*/
with editions as (
    select * from editions
),

assigned as (
    select f.edition_id, count(*) as follow_ups
    from follow_ups as f
    group by f.edition_id
)

select
    e.edition_id,
    e.name,
    e.as_of,
    e.snapshot_id,
    e.created_at,
    e.created_by,
    coalesce(a.follow_ups, 0) as follow_ups
from editions as e
left join assigned as a using (edition_id)
order by e.as_of, e.edition_id
