"""incoming channel, bulletins and spokesperson releases

收文 filed as information only (R32: an irregular document is not approved by a leader) and the
approval of a bulletin by 市委/市政府 (R42); the register of the government spokesperson's
releases and their approval (R52).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("info_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column(
                "bulletin_approved_by", sa.String(length=8), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("bulletin_approver", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("bulletin_approved_on", sa.Date(), nullable=True))

    op.create_table(
        "spokesperson_release",
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("important", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("approver_post", sa.String(length=32), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("approval_note", sa.Text(), nullable=False),
        sa.Column("released_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.String(length=64), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approver_id"],
            ["person.id"],
            name=op.f("fk_spokesperson_release_approver_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spokesperson_release")),
    )
    with op.batch_alter_table("spokesperson_release", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_spokesperson_release_planned_on"), ["planned_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("spokesperson_release", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spokesperson_release_planned_on"))
    op.drop_table("spokesperson_release")
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.drop_column("bulletin_approved_on")
        batch_op.drop_column("bulletin_approver")
        batch_op.drop_column("bulletin_approved_by")
        batch_op.drop_column("info_only")
