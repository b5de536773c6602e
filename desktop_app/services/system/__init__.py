"""The ground every area stands on: the signed-in user and the unit of work (`common`),
accounts and passwords, the organisation profile, the work calendar's notices, the database
connection, backups and the integrity check (`maintenance`, `backup_signature`, `integrity`), the
.xlsx writer every export shares (`spreadsheet`) and the 工作台 collector (`dashboard`). It imports
no other area."""
