"""meeting attendance recorded explicitly, minutes steps and objections

Attendance (R23.1, R27): nobody is 出席 by default any more; a line is 未登记 (``unrecorded``)
until the clerk records 出席 / 请假 / 缺席. Existing rows are migrated as follows:

- meetings already held, cancelled or voided keep every line as it is — what was recorded when
  the meeting was held stands (the quorum was checked against it);
- planned meetings (past or future — a planned meeting has not been certified as held): a line
  still marked 出席 and never edited since it was written (version 1: the old plan_meeting's
  default) becomes 未登记; a line the clerk edited (version above 1) or set to 请假 / 缺席 keeps
  its status, since that was recorded on purpose.

Downgrade turns 未登记 back into 出席, the only reading the old schema had.

Minutes (R23.7.2, R29.4): who drafted (常务秘书) and when, who reviewed legality (法制办) and who
reviewed as 常务副市长; the objections raised before issue (JSON, with how each was settled).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

attendance = sa.table(
    "attendance",
    sa.column("id", sa.Integer()),
    sa.column("meeting_id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("version", sa.Integer()),
)
meeting = sa.table(
    "meeting",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("voided_at", sa.DateTime(timezone=True)),
)

PEOPLE = ("drafter_id", "legal_reviewer_id", "exec_reviewer_id")


def upgrade() -> None:
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("drafter_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("drafted_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("objections_json", sa.Text(), nullable=False, server_default="[]")
        )
        batch_op.add_column(sa.Column("legal_reviewer_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("exec_reviewer_id", sa.Integer(), nullable=True))
        for column in PEOPLE:
            batch_op.create_foreign_key(
                batch_op.f(f"fk_minutes_{column}_person"), "person", [column], ["id"]
            )

    planned = sa.select(meeting.c.id).where(
        meeting.c.status == "planned", meeting.c.voided_at.is_(None)
    )
    untouched = (
        attendance.c.meeting_id.in_(planned),
        attendance.c.status == "present",
        attendance.c.version == 1,
    )
    bind = op.get_bind()
    ids = bind.execute(sa.select(attendance.c.id).where(*untouched)).scalars().all()
    bind.execute(attendance.update().where(*untouched).values(status="unrecorded"))
    # In the audit chain too: otherwise `fuban check` would report each line as edited
    # behind the app.
    from db.audit import record_migration_changes

    record_migration_changes(
        bind,
        "0010",
        "attendance",
        [(i, {"status": "present"}, {"status": "unrecorded"}) for i in ids],
    )


def downgrade() -> None:
    from db.audit import record_migration_changes

    bind = op.get_bind()
    ids = (
        bind.execute(sa.select(attendance.c.id).where(attendance.c.status == "unrecorded"))
        .scalars()
        .all()
    )
    bind.execute(
        attendance.update().where(attendance.c.status == "unrecorded").values(status="present")
    )
    record_migration_changes(
        bind,
        "0010",
        "attendance",
        [(i, {"status": "unrecorded"}, {"status": "present"}) for i in ids],
    )
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        for column in PEOPLE:
            batch_op.drop_constraint(batch_op.f(f"fk_minutes_{column}_person"), type_="foreignkey")
        for column in (*PEOPLE, "drafted_on", "objections_json"):
            batch_op.drop_column(column)
