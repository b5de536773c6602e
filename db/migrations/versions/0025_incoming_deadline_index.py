"""incoming deadline index: the 工作台's R35 reminders without walking every closed 收文

An index on ``incoming_document`` (status, secrecy, deadline, id). The 工作台 asks for the routed
收文 whose handling deadline has passed, most overdue first, the first 51. On PostgreSQL the
planner answered the ORDER BY deadline … LIMIT by walking the deadline index from the oldest
deadline and filtering: in the 200,000-document benchmark it passed 168,732 closed documents to
find 51 routed ones (120 ms on every 工作台 read). With status and secrecy first, the routed
unclassified documents lie in deadline order in this index and the read stops after 51 entries.
Schema only: no row changes.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 13:00:00
"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incoming_document_deadline_open",
            ["status", "secrecy", "deadline", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.drop_index("ix_incoming_document_deadline_open")
