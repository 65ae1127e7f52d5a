/*---
chart:
  labels:
    works: {zh: 项目数, en: Works}
    value: {zh: 已完成, en: Completed}
    completed_share: {zh: 完成比例 %, en: Completed %}
params:
  category: {type: choice, options: [old_courtyard, back_street]}
variants:
  old_courtyards__by_community:
    params: {category: old_courtyard}
    title: {zh: 老旧院落改造：按村社, en: "Old courtyards renovated, by community"}
    description: {zh: 各村社的老旧院落改造项目数与截至所选月末的完成数，完成比例低的排在前面。, en: "Courtyard works per community and how many are completed by the end of the selected period, least complete first."}
  back_streets__by_community:
    params: {category: back_street}
    title: {zh: 背街小巷整治：按村社, en: "Back streets rectified, by community"}
    description: {zh: 各村社的背街小巷整治项目数与截至所选月末的完成数，完成比例低的排在前面。, en: "Back-street works per community and how many are completed by the end of the selected period, least complete first."}
---*/
-- Works of the variant's $category per community and those completed by the end of the selected month
-- (works_by_community in schema.sql), least complete first.
select w.township, w.community, w.works, w.completed as value,
    round(100.0 * w.completed / w.works, 1) as completed_share
from works_by_community($category, $township, $area, $month_to, $lang) as w
-- Communities in different townships can share a name: the township breaks the tie.
order by completed_share, w.works desc, w.community, w.township
