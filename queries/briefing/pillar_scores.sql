/*---
title: {zh: 三大支柱临时得分, en: Provisional pillar scores}
description:
  zh: 简报封面用的临时口径（0–100）：城市有变化 = 已完工项目占比；市民有感受 = 满意度均分折算；社会有认同 = 认同社治工作的受访者占比。指标核心接入后由其得分取代。
  en: "Provisional 0–100 scores for the briefing title slide: the city changes = share of works completed; residents feel it = mean satisfaction rescaled; society recognises it = share of respondents who endorse the work. To be replaced by the indicator core's scores."
chart: {type: bar, x: pillar_name, y: score, labels: {pillar_name: {zh: 支柱, en: Pillar}, score: {zh: 得分（0–100）, en: Score (0–100)}}}
params:
  month_from: {type: month, default: null}
  month_to: {type: month, default: null}
  township: {type: township, default: null}
  area: {type: area, default: null}
  lang: {type: lang, default: zh}
source: derived
order: 90
---*/
with works as (
    select p.status, p.planned_start as day, p.township_id, t.area
    from projects as p
    join townships as t using (township_id)
),

answers as (
    select q.satisfaction, q.recognises_work, q.collected_on as day, c.township_id, c.area
    from questionnaires as q
    join communities as c using (community_id)
),

works_in_scope as (
    select * from works
    where ($township is null or township_id = $township)
        and ($area is null or area = $area)
        and ($month_from is null or day >= $month_from)
        and ($month_to is null or date_trunc('month', day) <= $month_to)
),

answers_in_scope as (
    select * from answers
    where ($township is null or township_id = $township)
        and ($area is null or area = $area)
        and ($month_from is null or day >= $month_from)
        and ($month_to is null or date_trunc('month', day) <= $month_to)
),

scores as (
    select 'city_change' as pillar, 1 as position,
        100.0 * avg(case when status = 'completed' then 1 else 0 end) as score, count(*) as n
    from works_in_scope
    union all
    select 'resident_perception', 2, 100.0 * (avg(satisfaction) - 1) / 4, count(satisfaction)
    from answers_in_scope
    union all
    select 'social_recognition', 3, 100.0 * avg(recognises_work::integer), count(recognises_work)
    from answers_in_scope
)

select
    pillar,
    case pillar
        when 'city_change' then case when $lang = 'en' then 'The city changes' else '城市有变化' end
        when 'resident_perception' then case when $lang = 'en' then 'Residents feel it' else '市民有感受' end
        else case when $lang = 'en' then 'Society recognises it' else '社会有认同' end
    end as pillar_name,
    round(score, 1) as score,
    n
from scores
order by position
