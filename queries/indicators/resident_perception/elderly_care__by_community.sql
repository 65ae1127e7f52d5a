/*---
chart:
  labels:
    value: {zh: 已覆盖, en: Covered}
    covered_on: {zh: 建成日期, en: Completed on}
    pending: {zh: 在建或计划, en: In progress or planned}
params:
  kind: {type: choice, options: [urban, rural]}
variants:
  elderly_care_urban__by_community:
    params: {kind: urban}
    title: {zh: 城市社区养老设施：按村社, en: "Urban elderly care, by community"}
    description: {zh: 城市街道各村社截至所选月末是否已有建成的养老设施及其建成日期，尚未覆盖的排在前面。, en: "Whether each village or community of an urban township has a completed elderly-care facility by the end of the selected period, and since when; uncovered first."}
  elderly_care_rural__by_community:
    params: {kind: rural}
    title: {zh: 农村社区养老设施：按村社, en: "Rural elderly care, by community"}
    description: {zh: 农村乡镇各村社截至所选月末是否已有建成的养老设施及其建成日期，尚未覆盖的排在前面。, en: "Whether each village or community of a rural township has a completed elderly-care facility by the end of the selected period, and since when; uncovered first."}
---*/
-- Each village or community of the urban or rural area: covered by the end of the selected month or not
-- (elderly_care_by_community in schema.sql), uncovered first; each variant fixes $kind.
select c.*
from elderly_care_by_community($kind, $township, $area, $month_to, $lang) as c
order by c.value, c.township, c.community
