/*---
params:
  measure: {type: choice, options: [satisfaction, sense_of_gain, dissatisfied, recognition]}
indicator:
  target: {date: 2018-12-31}
order: 10
variants:
  resident_perception/satisfaction:
    params: {measure: satisfaction}
    title: {zh: 居民总体满意度, en: Residents' overall satisfaction}
    description: {zh: 调查问卷总体满意度（1–5分）的均值，按截至当月的近3个月滚动计算；n 为回答人数，样本不足的月份不显示。目标为配置值。, en: "Mean overall satisfaction (1–5) in the questionnaires, over a rolling three months ending with each month; n is the number of answers, and months with too few are hidden. The target is configured."}
    indicator: {unit: score, target: {value: 4.2}, weight: 2, decimals: 2, note: {zh: 配置假设：到2018年底满意度均值达到4.2分；基线为2017年9月的实测值, en: "Assumption: mean satisfaction of 4.2 by the end of 2018; the baseline is measured in 2017-09"}}
  resident_perception/sense_of_gain:
    params: {measure: sense_of_gain}
    title: {zh: 居民获得感, en: Residents' sense of gain}
    description: {zh: 调查问卷获得感（1–5分）的均值，按截至当月的近3个月滚动计算；n 为回答人数，样本不足的月份不显示。目标为配置值。, en: "Mean sense of gain (1–5) in the questionnaires, over a rolling three months ending with each month; n is the number of answers, and months with too few are hidden. The target is configured."}
    indicator: {unit: score, target: {value: 4.0}, decimals: 2, note: {zh: 配置假设：到2018年底获得感均值达到4.0分；基线为2017年9月的实测值, en: "Assumption: mean sense of gain of 4.0 by the end of 2018; the baseline is measured in 2017-09"}}
  resident_perception/dissatisfied_share:
    params: {measure: dissatisfied}
    title: {zh: 不满意率, en: Share of residents dissatisfied}
    description: {zh: 总体满意度打1–2分的问卷占比（%），按截至当月的近3个月滚动计算，越低越好；n 为回答人数。目标为配置值。, en: "Share of questionnaires scoring overall satisfaction 1–2 (%), over a rolling three months ending with each month; lower is better; n is the number of answers. The target is configured."}
    indicator: {unit: percent, direction: lower, target: {value: 5}, decimals: 1, note: {zh: 配置假设：到2018年底不满意率降至5%；基线为2017年9月的实测值, en: "Assumption: at most 5% dissatisfied by the end of 2018; the baseline is measured in 2017-09"}}
  # The first of its own pillar's indicators, whatever its place in this list.
  social_recognition/recognition_share:
    params: {measure: recognition}
    title: {zh: 居民认同率, en: Residents who recognise the work}
    description: {zh: 调查问卷中知晓并认可社区发展治理工作的居民占比（%），按截至当月的近3个月滚动计算；n 为回答人数。目标为配置值。, en: "Share of questionnaire respondents who know of and endorse the community-governance work (%), over a rolling three months ending with each month; n is the number of answers. The target is configured."}
    indicator: {unit: percent, target: {value: 80}, weight: 2, decimals: 1, note: {zh: 配置假设：到2018年底80%的受访居民认同；基线为2017年9月的实测值, en: "Assumption: 80% of respondents recognise the work by the end of 2018; the baseline is measured in 2017-09"}}
    order: 10
---*/
-- The variant's $measure over the rolling three months to each month of the selected places, with its number of
-- answers (answers_by_month and survey_measure in schema.sql).
select a.period, unnest(survey_measure($measure, a))
from answers_by_month($township, $area, $month_to) as a
order by a.period
