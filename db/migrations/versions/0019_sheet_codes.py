"""sheet codes: the opaque token printed as a QR code on 发文稿纸, 收文处理笺, 议题审批表 and 督办通知单

One new table, ``sheet_code`` (token, kind, record id), no change to older ones and no data
changed: tokens are made when a sheet is first printed.

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-08 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sheet_code",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sheet_code")),
        sa.UniqueConstraint("kind", "record_id", name=op.f("uq_sheet_code_kind")),
        sa.UniqueConstraint("token", name=op.f("uq_sheet_code_token")),
    )


def downgrade() -> None:
    op.drop_table("sheet_code")
