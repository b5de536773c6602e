"""outgoing drafter and checker: 拟稿人 and 核稿人 of a 发文

Two text columns on ``outgoing_document``, ``drafter`` (拟稿人) and ``checker`` (核稿人): the names
as the clerk types them or picks them from the directory, printed on the 发文稿纸. Existing rows
get "" (not recorded) and their sheets print the two boxes blank as before. Schema only: no row
values change.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

NEW_COLUMNS = ("drafter", "checker")


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN on both engines: a batch copy of outgoing_document would drop
    # the table, which SQLite refuses while outgoing_signoff rows point at it.
    for name in NEW_COLUMNS:
        op.add_column(
            "outgoing_document",
            sa.Column(name, sa.String(length=64), nullable=False, server_default=""),
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in reversed(NEW_COLUMNS):  # ALTER TABLE DROP COLUMN (no table copy)
            op.execute(f"ALTER TABLE outgoing_document DROP COLUMN {name}")
        return
    for name in reversed(NEW_COLUMNS):
        op.drop_column("outgoing_document", name)
