"""leaders' absences (外出请示报备)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.String(length=64), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "absence",
        sa.Column("amends_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("person_name", sa.String(length=64), nullable=False),
        sa.Column("post_code", sa.String(length=32), nullable=False),
        sa.Column("post_title", sa.String(length=128), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("unit_name", sa.String(length=128), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("for_meeting", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("destination", sa.String(length=256), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("start_half", sa.String(length=8), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("end_half", sa.String(length=8), nullable=False),
        sa.Column("transport", sa.String(length=64), nullable=False),
        sa.Column("contact", sa.String(length=128), nullable=False),
        sa.Column("acting_name", sa.String(length=64), nullable=False),
        sa.Column("acting_post", sa.String(length=128), nullable=False),
        sa.Column("acting_contact", sa.String(length=128), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("emergency_reason", sa.Text(), nullable=False),
        sa.Column("both_away_reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("returned_half", sa.String(length=8), nullable=False),
        sa.Column("return_due", sa.Date(), nullable=True),
        sa.Column("reported_back_on", sa.Date(), nullable=True),
        sa.Column("report_required", sa.Boolean(), nullable=False),
        sa.Column("report_received_on", sa.Date(), nullable=True),
        sa.Column("report_note", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["amends_id"], ["absence.id"], name=op.f("fk_absence_amends_id_absence")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_absence_person_id_person")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_absence_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence")),
    )
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.create_index("ix_absence_dates", ["start_date", "end_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_absence_amends_id"), ["amends_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_absence_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_absence_status"), ["status"], unique=False)

    op.create_table(
        "absence_approval",
        sa.Column("absence_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("signer_id", sa.Integer(), nullable=True),
        sa.Column("signer_name", sa.String(length=64), nullable=False),
        sa.Column("signer_post", sa.String(length=128), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("capacity", sa.String(length=16), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["absence_id"], ["absence.id"], name=op.f("fk_absence_approval_absence_id_absence")
        ),
        sa.ForeignKeyConstraint(
            ["signer_id"], ["person.id"], name=op.f("fk_absence_approval_signer_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_approval")),
    )
    with op.batch_alter_table("absence_approval", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_absence_approval_absence_id"), ["absence_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("absence_approval", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_approval_absence_id"))
    op.drop_table("absence_approval")
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_status"))
        batch_op.drop_index(batch_op.f("ix_absence_person_id"))
        batch_op.drop_index(batch_op.f("ix_absence_amends_id"))
        batch_op.drop_index("ix_absence_dates")
    op.drop_table("absence")
