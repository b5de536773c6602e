"""incoming status index: the 工作台's 收文 waiting for 拟办 (R43) and the 机要 reminders

An index on ``incoming_document`` (status, secrecy, received_at, id), so the 工作台 finds the few
收文 still 待拟办 (R43) and the routed ones R35 reminds of, for accounts with or without the 机要
role (R44), without walking every document of the register. The secrecy column is in it because
SQLite keeps no statistics: with status alone it picks the secrecy index for an account that
does not see classified records (one equality each) and walks every unclassified document.
Schema only: no row changes.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-10 10:00:00
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incoming_document_status",
            ["status", "secrecy", "received_at", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.drop_index("ix_incoming_document_status")
