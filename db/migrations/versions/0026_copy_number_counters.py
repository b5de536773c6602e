"""copy number counters: the 份号 last printed on each classified paper (R44)

Five integer columns, each the last 份号 printed of one record's paper: ``minutes.copies_printed``
(confidential minutes), ``meeting.agenda_copies_printed`` and ``meeting.notice_copies_printed``
(the 议程 and the 会议通知 of a confidential meeting), ``agenda_item.copies_printed`` (its 议题审批表)
and ``supervision_item.copies_printed`` (a classified item's 督办通知单). Every print takes the next
numbers (db.copy_numbers), so two printed copies never carry the same 份号.

Existing rows start at 0, except minutes already printed: before this revision confidential
minutes printed with 份号 000001 each time (their audit print entries say 「…第000001份」), so
their counter starts at the highest 份号 those entries name and the next print is 000002 — no
number printed before is given again. That change is recorded in the audit chain (actor
「system:migration 0026」), so `fuban check` does not report it as an edit behind the app; on a
keyed chain the upgrade therefore needs this PC's audit.key, like any save. The 议程, 会议通知,
议题审批表 and 督办通知单 carried no 份号 before: they start at 0.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-08 16:00:00
"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

NEW_COLUMNS = (
    ("minutes", "copies_printed"),
    ("meeting", "agenda_copies_printed"),
    ("meeting", "notice_copies_printed"),
    ("agenda_item", "copies_printed"),
    ("supervision_item", "copies_printed"),
)


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN on both engines: a batch copy of these tables would drop them,
    # which SQLite refuses while other rows point at them (decisions, minutes, reports).
    for table, name in NEW_COLUMNS:
        op.add_column(
            table, sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
    _continue_printed_minutes()


_COPY = re.compile(r"第(\d+)份")


def _continue_printed_minutes() -> None:
    """Minutes printed before start their counter at the highest 份号 printed (000001 unless a
    caller chose another), recorded in the audit chain."""
    audit = sa.table(
        "audit_entry",
        sa.column("table_name", sa.String()),
        sa.column("record_id", sa.Integer()),
        sa.column("action", sa.String()),
        sa.column("after_json", sa.Text()),
    )
    minutes = sa.table("minutes", sa.column("id", sa.Integer()), sa.column("copies_printed"))
    bind = op.get_bind()
    printed: dict[int, int] = {}
    rows = bind.execute(
        sa.select(audit.c.record_id, audit.c.after_json).where(
            audit.c.table_name == "minutes", audit.c.action == "print"
        )
    )
    for record_id, after_json in rows:
        what = str((json.loads(after_json) if after_json else {}).get("what", ""))
        numbers = [int(n) for n in _COPY.findall(what)] or [1]
        printed[record_id] = max(printed.get(record_id, 0), *numbers)
    existing = set(bind.execute(sa.select(minutes.c.id)).scalars())
    changes = [(i, n) for i, n in sorted(printed.items()) if i in existing]
    for record_id, last in changes:
        bind.execute(minutes.update().where(minutes.c.id == record_id).values(copies_printed=last))
    from db.audit import record_migration_changes

    record_migration_changes(
        bind,
        "0026",
        "minutes",
        [(i, {"copies_printed": 0}, {"copies_printed": n}) for i, n in changes],
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, name in reversed(NEW_COLUMNS):  # ALTER TABLE DROP COLUMN (no table copy)
            op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
        return
    for table, name in reversed(NEW_COLUMNS):
        op.drop_column(table, name)
