"""会议 — planning (`planning`), 议题 (`agenda`, `agenda_steps`, `agenda_view`), attendance,
minutes (`minutes`, `minutes_draft`, `minutes_dto`, `minutes_review`, `minutes_issue`), decisions
and their follow-up, emergency decisions, confidential meetings (`secrecy`), `export` and the 工作台
items. Imports `system`, `directory` and `absences`."""
