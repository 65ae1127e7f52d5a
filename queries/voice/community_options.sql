/*---
title: {zh: 提出诉求的村（社区）, en: Villages and communities that raised demands}
description:
  zh: 所选范围内提出过诉求的村（社区）及诉求条数；诉求追溯中村社选择框的选项。
  en: "Villages and communities in the selection that raised demands, with how many; the options of the community picker in the demand trace."
chart:
  labels:
    community_id: {zh: 编号, en: Id}
    community: {zh: 村（社区）, en: Village or community}
    township: {zh: 街镇, en: Township}
    demands: {zh: 诉求条数, en: Demands}
order: 23
---*/
with demands as (
    select d.community_id, count(*) as demands
    from resident_demands as d
    where ($month_from is null or d.received_on >= cast($month_from as date))
        and ($month_to is null or d.received_on < cast($month_to as date) + interval 1 month)
    group by d.community_id
)

select
    c.community_id,
    in_lang($lang, c.name_zh, c.name_en) as community,
    in_lang($lang, c.township_zh, c.township_en) as township,
    d.demands
from demands as d
join communities_located as c using (community_id)
where ($township is null or c.township_id = $township)
    and ($area is null or c.area = $area)
order by c.township_id, c.community_id
