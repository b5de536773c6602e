"""公文 — 收文 (`incoming`), 发文 (`outgoing` and its steps `outgoing_*`), publication
(`releases`), the registers (`register`), full-text search (`search`), `export` and the 工作台
items. Imports `system`, `directory`, `absences` and `meetings`."""
