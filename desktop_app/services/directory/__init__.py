"""人员与分管 — the dated directory: persons, units, posts, portfolios, AB pairs and entrustments
(`commands` writes, `queries` reads, `dashboard` its 工作台 items). Imports only `system`."""
