"""sign-in attempts: consecutive failures per user name, for the back-off

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 13:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempt",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_sign_in_attempt")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_attempt")
