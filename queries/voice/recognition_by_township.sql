/*---
title: {zh: 对社治工作的认同率：按街镇, en: Share who endorse the work by township}
description:
  zh: 回答了认同题的问卷数和回答「认同」的份数；页面据此计算认同率及 Wilson 95% 置信区间，样本不足的格子不显示。
  en: "Questionnaires that answered the endorsement question and those that said yes; the page turns them into a share with a Wilson 95% interval and hides cells below the minimum sample."
chart:
  labels:
    township: {zh: 街镇, en: Township}
order: 11
---*/
with answers as (
    select c.township_id, c.township_zh, c.township_en, q.recognises_work
    from questionnaires as q
    join communities_located as c using (community_id)
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
        and ($month_from is null or q.collected_on >= cast($month_from as date))
        and ($month_to is null or q.collected_on < cast($month_to as date) + interval 1 month)
)

select
    in_lang($lang, a.township_zh, a.township_en) as township,
    count(a.recognises_work) as recognises_work_n,
    count(*) filter (where a.recognises_work) as recognises_work_yes
from answers as a
group by a.township_id, township
order by a.township_id
