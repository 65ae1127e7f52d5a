/*---
title: {zh: 棚户区改造：按村社, en: "Shantytown renovation, by community"}
description:
  zh: 各村社棚改项目的受益户数与截至所选月末已完工的户数，完成比例低的排在前面。
  en: "Households in each community's shantytown works and those in works completed by the end of the selected period, least complete first."
chart:
  labels:
    households: {zh: 计划户数, en: Households planned}
    value: {zh: 已改造户数, en: Households renovated}
    completed_share: {zh: 完成比例 %, en: Completed %}
---*/
-- Households in each community's shantytown works and in those completed by the end of the selected
-- month (works_by_community in schema.sql), least complete first.
select w.township, w.community, w.households, w.households_completed as value,
    round(100.0 * w.households_completed / nullif(w.households, 0), 1) as completed_share
from works_by_community('shantytown', $township, $area, $month_to, $lang) as w
order by completed_share, w.households desc, w.community
