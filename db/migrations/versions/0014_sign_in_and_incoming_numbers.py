"""sign-in attempts for the back-off; 收文 numbers unique

`sign_in_attempt` counts consecutive failed sign-ins per user name. 收文〔年〕N号 gets the UNIQUE
constraint 发文 and 用印 numbers already had; a database that somehow holds a 收文 number twice is
not upgraded (nothing is renumbered: a number once issued stays) and the message lists them.

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


def _duplicate_incoming_numbers() -> list[str]:
    rows = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT year, seq, COUNT(*) FROM incoming_document GROUP BY year, seq "
                "HAVING COUNT(*) > 1 ORDER BY year, seq"
            )
        )
        .all()
    )
    return [f"收文〔{year}〕{seq}号（{n}条）" for year, seq, n in rows]


def upgrade() -> None:
    duplicates = _duplicate_incoming_numbers()
    if duplicates:
        from db.errors import FubanError

        raise FubanError(
            "数据库中有重复的收文编号，未升级（数据没有改动）："
            f"{'、'.join(duplicates[:20])}。请用 fuban check 检查并与管理员核实后处理。"
        )
    op.create_index(
        "ix_incoming_document_number", "incoming_document", ["year", "seq"], unique=True
    )
    op.create_table(
        "sign_in_attempt",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_sign_in_attempt")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_attempt")
    op.drop_index("ix_incoming_document_number", table_name="incoming_document")
