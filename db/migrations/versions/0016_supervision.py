"""supervision: the 督办 register and its written reports (R70–R73, R57–R60, R29.3)

Three new tables, no change to older ones: ``supervision_item`` (one row per item, from a meeting
decision, a document, a leader's 批示, a major decision, an NPC suggestion or CPPCC proposal, or a
request) with ``supervision_step`` (the recorded approval steps of R13, R67 and R72) and
``supervision_report`` (the written progress reports on an item).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 17:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervision_item",
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("incoming_document_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("instruction_by_id", sa.Integer(), nullable=True),
        sa.Column("instruction_on", sa.Date(), nullable=True),
        sa.Column("instruction_on_what", sa.String(length=256), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("responsible_person", sa.String(length=64), nullable=False),
        sa.Column("assisting_units", sa.String(length=256), nullable=False),
        sa.Column("vice_mayor_id", sa.Integer(), nullable=True),
        sa.Column("quality", sa.Text(), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("secrecy", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("escalated_to_id", sa.Integer(), nullable=True),
        sa.Column("escalated_on", sa.Date(), nullable=True),
        sa.Column("escalation_reason", sa.Text(), nullable=False),
        sa.Column("request_form", sa.String(length=8), nullable=False),
        sa.Column("request_from", sa.String(length=128), nullable=False),
        sa.Column("received_by", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("from_grassroots", sa.Boolean(), nullable=False),
        sa.Column("several_portfolios", sa.Boolean(), nullable=False),
        sa.Column("major_category", sa.String(length=64), nullable=False),
        sa.Column("route", sa.String(length=16), nullable=False),
        sa.Column("matter", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
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
            ["decision_id"], ["decision.id"], name=op.f("fk_supervision_item_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["escalated_to_id"],
            ["person.id"],
            name=op.f("fk_supervision_item_escalated_to_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["incoming_document_id"],
            ["incoming_document.id"],
            name=op.f("fk_supervision_item_incoming_document_id_incoming_document"),
        ),
        sa.ForeignKeyConstraint(
            ["instruction_by_id"],
            ["person.id"],
            name=op.f("fk_supervision_item_instruction_by_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_supervision_item_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["vice_mayor_id"], ["person.id"], name=op.f("fk_supervision_item_vice_mayor_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_item")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_supervision_item_decision_id")),
    )
    op.create_index(
        op.f("ix_supervision_item_deadline"), "supervision_item", ["deadline"], unique=False
    )
    op.create_index(
        op.f("ix_supervision_item_incoming_document_id"),
        "supervision_item",
        ["incoming_document_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_supervision_item_instruction_by_id"),
        "supervision_item",
        ["instruction_by_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_supervision_item_source_kind"), "supervision_item", ["source_kind"], unique=False
    )
    op.create_index(
        op.f("ix_supervision_item_status"), "supervision_item", ["status"], unique=False
    )
    op.create_index(
        "ix_supervision_item_unit_deadline",
        "supervision_item",
        ["unit_id", "deadline"],
        unique=False,
    )
    op.create_table(
        "supervision_report",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attachment_name", sa.String(length=256), nullable=False),
        sa.Column("attachment_sha256", sa.String(length=64), nullable=False),
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
            ["item_id"],
            ["supervision_item.id"],
            name=op.f("fk_supervision_report_item_id_supervision_item"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_report")),
    )
    op.create_index(
        op.f("ix_supervision_report_item_id"), "supervision_report", ["item_id"], unique=False
    )

    op.create_table(
        "supervision_step",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("signer_id", sa.Integer(), nullable=True),
        sa.Column("signer_name", sa.String(length=64), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("capacity", sa.String(length=16), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
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
            ["item_id"],
            ["supervision_item.id"],
            name=op.f("fk_supervision_step_item_id_supervision_item"),
        ),
        sa.ForeignKeyConstraint(
            ["signer_id"], ["person.id"], name=op.f("fk_supervision_step_signer_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_step")),
    )
    op.create_index(
        op.f("ix_supervision_step_item_id"), "supervision_step", ["item_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_supervision_step_item_id"), table_name="supervision_step")
    op.drop_table("supervision_step")
    op.drop_index(op.f("ix_supervision_report_item_id"), table_name="supervision_report")
    op.drop_table("supervision_report")
    op.drop_index("ix_supervision_item_unit_deadline", table_name="supervision_item")
    op.drop_index(op.f("ix_supervision_item_status"), table_name="supervision_item")
    op.drop_index(op.f("ix_supervision_item_source_kind"), table_name="supervision_item")
    op.drop_index(op.f("ix_supervision_item_instruction_by_id"), table_name="supervision_item")
    op.drop_index(op.f("ix_supervision_item_incoming_document_id"), table_name="supervision_item")
    op.drop_index(op.f("ix_supervision_item_deadline"), table_name="supervision_item")
    op.drop_table("supervision_item")
