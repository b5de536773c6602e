"""outgoing documents (发文), sign-offs, filings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
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
        "outgoing_document",
        sa.Column("issuer", sa.String(length=16), nullable=False),
        sa.Column("doc_type", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("drafting_unit_id", sa.Integer(), nullable=False),
        sa.Column("drafted_on", sa.Date(), nullable=False),
        sa.Column("register_on", sa.Date(), nullable=False),
        sa.Column("vice_mayor_ids", sa.String(length=128), nullable=False),
        sa.Column("main_to", sa.Text(), nullable=False),
        sa.Column("cc", sa.Text(), nullable=False),
        sa.Column("to_party_or_congress", sa.Boolean(), nullable=False),
        sa.Column("to_higher_government", sa.Boolean(), nullable=False),
        sa.Column("reports_on_higher_instructions", sa.Boolean(), nullable=False),
        sa.Column("is_normative", sa.Boolean(), nullable=False),
        sa.Column("important", sa.Boolean(), nullable=False),
        sa.Column("tv_announcement", sa.Boolean(), nullable=False),
        sa.Column("secrecy", sa.String(length=8), nullable=False),
        sa.Column("secrecy_term", sa.String(length=32), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("copy_numbers", sa.String(length=128), nullable=False),
        sa.Column("openness", sa.String(length=8), nullable=False),
        sa.Column("openness_reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("confidentiality_reviewed_on", sa.Date(), nullable=True),
        sa.Column("confidentiality_reviewed_by", sa.String(length=64), nullable=False),
        sa.Column("legal_reviewed_on", sa.Date(), nullable=True),
        sa.Column("legal_reviewed_by", sa.String(length=64), nullable=False),
        sa.Column("in_normative_plan", sa.Boolean(), nullable=False),
        sa.Column("meeting_decided_on", sa.Date(), nullable=True),
        sa.Column("meeting_ref", sa.String(length=64), nullable=False),
        sa.Column("filed_higher_on", sa.Date(), nullable=True),
        sa.Column("filed_congress_on", sa.Date(), nullable=True),
        sa.Column("interpretation_drafted_on", sa.Date(), nullable=True),
        sa.Column("interpretation_reviewed_on", sa.Date(), nullable=True),
        sa.Column("interpretation_published_on", sa.Date(), nullable=True),
        sa.Column("archive_ref", sa.String(length=64), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["drafting_unit_id"],
            ["unit.id"],
            name=op.f("fk_outgoing_document_drafting_unit_id_unit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_document")),
        sa.UniqueConstraint("prefix", "year", "seq", name=op.f("uq_outgoing_document_prefix")),
    )
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outgoing_document_drafting_unit_id"), ["drafting_unit_id"], unique=False
        )
        batch_op.create_index("ix_outgoing_document_register", ["register_on", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outgoing_document_secrecy"), ["secrecy"], unique=False)

    op.create_table(
        "outgoing_signoff",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("step_key", sa.String(length=24), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("for_person_id", sa.Integer(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("capacity", sa.String(length=16), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["outgoing_document.id"],
            name=op.f("fk_outgoing_signoff_document_id_outgoing_document"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_outgoing_signoff_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["for_person_id"],
            ["person.id"],
            name=op.f("fk_outgoing_signoff_for_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_signoff")),
    )
    with op.batch_alter_table("outgoing_signoff", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outgoing_signoff_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outgoing_signoff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outgoing_signoff_document_id"))
    op.drop_table("outgoing_signoff")
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outgoing_document_secrecy"))
        batch_op.drop_index("ix_outgoing_document_register")
        batch_op.drop_index(batch_op.f("ix_outgoing_document_drafting_unit_id"))
    op.drop_table("outgoing_document")
