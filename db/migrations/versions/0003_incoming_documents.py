"""incoming documents

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 17:42:00.858536
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "incoming_document",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sender", sa.String(length=128), nullable=False),
        sa.Column("sender_number", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("doc_type", sa.String(length=8), nullable=False),
        sa.Column("secrecy", sa.String(length=8), nullable=False),
        sa.Column("secrecy_term", sa.String(length=32), nullable=False),
        sa.Column("urgency", sa.String(length=8), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("copy_numbers", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("reverse_flow", sa.Boolean(), nullable=False),
        sa.Column("nature", sa.String(length=16), nullable=False),
        sa.Column("from_higher", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("return_reason", sa.Text(), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("route_kind", sa.String(length=16), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.Column("lead_unit_id", sa.Integer(), nullable=True),
        sa.Column("assist_unit_ids", sa.String(length=256), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("archive_ref", sa.String(length=64), nullable=False),
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
            ["lead_unit_id"], ["unit.id"], name=op.f("fk_incoming_document_lead_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["leader_id"], ["person.id"], name=op.f("fk_incoming_document_leader_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_document")),
    )
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incoming_document_deadline"), ["deadline"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_incoming_document_received_at"), ["received_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_incoming_document_secrecy"), ["secrecy"], unique=False)

    op.create_table(
        "incoming_chase",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("chased_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["incoming_document.id"],
            name=op.f("fk_incoming_chase_document_id_incoming_document"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_chase")),
    )
    with op.batch_alter_table("incoming_chase", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incoming_chase_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "incoming_reading",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["incoming_document.id"],
            name=op.f("fk_incoming_reading_document_id_incoming_document"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_incoming_reading_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_incoming_reading_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_reading")),
    )
    with op.batch_alter_table("incoming_reading", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incoming_reading_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("incoming_reading", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incoming_reading_document_id"))

    op.drop_table("incoming_reading")
    with op.batch_alter_table("incoming_chase", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incoming_chase_document_id"))

    op.drop_table("incoming_chase")
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incoming_document_secrecy"))
        batch_op.drop_index(batch_op.f("ix_incoming_document_received_at"))
        batch_op.drop_index(batch_op.f("ix_incoming_document_deadline"))

    op.drop_table("incoming_document")
