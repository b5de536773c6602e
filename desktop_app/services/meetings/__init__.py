"""会议 — planning (`planning`), 议题 (`agenda`, `agenda_meeting`, `agenda_steps`, `agenda_view`),
attendance (`attendance`, `attendance_record`) and holding or cancelling a meeting (`holding`),
minutes (`minutes`, `minutes_draft`, `minutes_dto`, `minutes_review`, `minutes_issue`), decisions
and their follow-up, emergency decisions, confidential meetings (`secrecy`), `export` and the 工作台
items. Imports `system`, `directory` and `absences`."""
