/*---
chart:
  labels:
    n: {zh: 回答人数, en: Answers}
params:
  measure: {type: choice, options: [satisfaction, sense_of_gain, dissatisfied, recognition]}
variants:
  resident_perception/satisfaction__by_community:
    params: {measure: satisfaction}
    title: {zh: 居民满意度：按村社, en: "Residents' satisfaction, by community"}
    description: {zh: 各村社截至所选月末近3个月的满意度均值与回答人数，低的排在前面；样本不足的村社不显示均值。, en: "Mean satisfaction per community over the three months to the end of the selected period, with the number of answers, lowest first; communities with too few answers show no mean."}
    chart: {labels: {value: {zh: 满意度均值, en: Mean satisfaction}}}
  resident_perception/sense_of_gain__by_community:
    params: {measure: sense_of_gain}
    title: {zh: 居民获得感：按村社, en: "Residents' sense of gain, by community"}
    description: {zh: 各村社截至所选月末近3个月的获得感均值与回答人数，低的排在前面；样本不足的村社不显示均值。, en: "Mean sense of gain per community over the three months to the end of the selected period, with the number of answers, lowest first; communities with too few answers show no mean."}
    chart: {labels: {value: {zh: 获得感均值, en: Mean sense of gain}}}
  resident_perception/dissatisfied_share__by_community:
    params: {measure: dissatisfied}
    title: {zh: 不满意率：按村社, en: "Share dissatisfied, by community"}
    description: {zh: 各村社截至所选月末近3个月打1–2分的问卷占比与回答人数，高的排在前面；样本不足的村社不显示占比。, en: "Share of answers scoring 1–2 per community over the three months to the end of the selected period, with the number of answers, highest first; communities with too few answers show no share."}
    chart: {labels: {value: {zh: 不满意率 %, en: Dissatisfied %}}}
  social_recognition/recognition_share__by_community:
    params: {measure: recognition}
    title: {zh: 居民认同率：按村社, en: "Recognition of the work, by community"}
    description: {zh: 各村社截至所选月末近3个月认同社治工作的受访者占比与回答人数，低的排在前面；样本不足的村社不显示占比。, en: "Share of respondents per community who recognise the work, over the three months to the end of the selected period, with the number of answers, lowest first; communities with too few answers show no share."}
    chart: {labels: {value: {zh: 认同率 %, en: Recognise %}}}
---*/
-- The variant's $measure per community up to the end of the selected month, with its number of answers
-- (answers_by_community and survey_measure in schema.sql); the worst first: the lowest, or the highest share
-- dissatisfied.
with picked as (
    select a.township, a.community, unnest(survey_measure($measure, a))
    from answers_by_community($township, $area, $month_to, $lang) as a
)

select p.township, p.community, p.value, p.n
from picked as p
order by case when $measure = 'dissatisfied' then -p.value else p.value end, p.community
