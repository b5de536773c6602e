"""外出请示报备 — leaders' absences (R62, R66): `commands` (file, change, void), `approvals`,
`returns` (销假, written report), `queries` and `dto`, `export`; `away` answers who is away on a day
and `in_charge` who is in charge of a unit or area then, with the AB partner standing in.
Imports `system` and `directory`."""
