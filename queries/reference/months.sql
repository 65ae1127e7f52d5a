/*---
title: {zh: 数据覆盖月份, en: Months covered}
description:
  zh: 从首条记录到截至日期的每个月，供时间筛选使用。
  en: "Every month from the first record to the as-of date, for the period filter."
chart: {type: table}
scope: city
order: 30
---*/
with bounds as (
    select
        least(
            (select min(collected_on) from questionnaires),
            (select min(received_on) from resident_demands),
            (select min(held_on) from volunteer_activities)
        ) as first_day,
        (select as_of_date from warehouse_as_of) as last_day
)

select cast(month as date) as month
from bounds, range(date_trunc('month', first_day), date_trunc('month', last_day) + interval 1 month, interval 1 month) as r(month)
order by month
