/*---
title: {zh: 各村（社区）问卷结果, en: Questionnaire results by village and community}
description:
  zh: 每个村（社区）的满意度、获得感（1–5 分）和认同率，附答题人数和 95% 置信区间；答题人数不足最小样本量的格子注明「样本不足」。
  en: "Satisfaction and sense of gain (1–5) and the share who endorse the work in each village and community, with answers and 95% intervals; cells below the minimum sample say so."
chart:
  labels:
    township: {zh: 街镇, en: Township}
    community: {zh: 村（社区）, en: Village or community}
    satisfaction: {zh: 满意度（1–5 分）, en: Satisfaction (1–5)}
    sense_of_gain: {zh: 获得感（1–5 分）, en: Sense of gain (1–5)}
    recognises_work: {zh: 认同率, en: Share who endorse the work}
order: 13
---*/
with answers as (
    select
        q.community_id,
        q.satisfaction::integer as satisfaction,
        q.sense_of_gain::integer as sense_of_gain,
        q.recognises_work
    from questionnaires as q
    join communities as c using (community_id)
    where ($township is null or c.township_id = $township)
        and ($area is null or c.area = $area)
        and ($month_from is null or q.collected_on >= cast($month_from as date))
        and ($month_to is null or q.collected_on < cast($month_to as date) + interval 1 month)
)

select
    in_lang($lang, c.township_zh, c.township_en) as township,
    in_lang($lang, c.name_zh, c.name_en) as community,
    count(a.satisfaction) as satisfaction_n,
    coalesce(sum(a.satisfaction), 0)::bigint as satisfaction_sum,
    coalesce(sum(a.satisfaction * a.satisfaction), 0)::bigint as satisfaction_sumsq,
    count(a.sense_of_gain) as sense_of_gain_n,
    coalesce(sum(a.sense_of_gain), 0)::bigint as sense_of_gain_sum,
    coalesce(sum(a.sense_of_gain * a.sense_of_gain), 0)::bigint as sense_of_gain_sumsq,
    count(a.recognises_work) as recognises_work_n,
    count(*) filter (where a.recognises_work) as recognises_work_yes
from answers as a
join communities_located as c using (community_id)
group by c.township_id, c.community_id, township, community
order by c.township_id, c.community_id
