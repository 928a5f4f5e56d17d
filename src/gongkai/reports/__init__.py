"""An agency's annual report (政府信息公开工作年度报告) as a record: composed from the year's work,
checked on every save, signed along the agency's chain, filed with the supervising office,
published, corrected. The report itself as data (editions, rules, rendering) is
``gongkai.annual_report``; this app keeps the record, its chain and its history."""
