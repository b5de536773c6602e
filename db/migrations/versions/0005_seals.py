"""seals, seal uses (用印登记簿), lending

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seal_file",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=256), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_seal_file")),
    )
    op.create_table(
        "seal",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("imprint_sha256", sa.String(length=64), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
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
            ["imprint_sha256"], ["seal_file.sha256"], name=op.f("fk_seal_imprint_sha256_seal_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal")),
    )
    with op.batch_alter_table("seal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seal_kind"), ["kind"], unique=False)

    op.create_table(
        "seal_application",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("handler", sa.String(length=64), nullable=False),
        sa.Column("contact", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("seal_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("is_formal", sa.Boolean(), nullable=False),
        sa.Column("outgoing_id", sa.Integer(), nullable=True),
        sa.Column("important", sa.Boolean(), nullable=False),
        sa.Column("important_category", sa.String(length=128), nullable=False),
        sa.Column("is_contract", sa.Boolean(), nullable=False),
        sa.Column("joint_with_party", sa.Boolean(), nullable=False),
        sa.Column("tv_announcement", sa.Boolean(), nullable=False),
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
            ["outgoing_id"],
            ["outgoing_document.id"],
            name=op.f("fk_seal_application_outgoing_id_outgoing_document"),
        ),
        sa.ForeignKeyConstraint(
            ["seal_id"], ["seal.id"], name=op.f("fk_seal_application_seal_id_seal")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_seal_application_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_application")),
        sa.UniqueConstraint("year", "seq", name=op.f("uq_seal_application_year")),
    )
    with op.batch_alter_table("seal_application", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seal_application_applied_on"), ["applied_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_seal_application_outgoing_id"), ["outgoing_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_seal_application_seal_id"), ["seal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_seal_application_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "seal_custody",
        sa.Column("seal_id", sa.Integer(), nullable=False),
        sa.Column("custodian", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("handed_over_by", sa.String(length=64), nullable=False),
        sa.Column("document", sa.String(length=256), nullable=False),
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
            ["person_id"], ["person.id"], name=op.f("fk_seal_custody_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["seal_id"], ["seal.id"], name=op.f("fk_seal_custody_seal_id_seal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_custody")),
    )
    with op.batch_alter_table("seal_custody", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seal_custody_seal_id"), ["seal_id"], unique=False)

    op.create_table(
        "seal_event",
        sa.Column("seal_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("document", sa.String(length=256), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("witness_1", sa.String(length=64), nullable=False),
        sa.Column("witness_2", sa.String(length=64), nullable=False),
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
            ["file_sha256"], ["seal_file.sha256"], name=op.f("fk_seal_event_file_sha256_seal_file")
        ),
        sa.ForeignKeyConstraint(["seal_id"], ["seal.id"], name=op.f("fk_seal_event_seal_id_seal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_event")),
    )
    with op.batch_alter_table("seal_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seal_event_seal_id"), ["seal_id"], unique=False)

    op.create_table(
        "seal_loan",
        sa.Column("seal_id", sa.Integer(), nullable=False),
        sa.Column("borrower", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=False),
        sa.Column("approver_title", sa.String(length=64), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_back_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_by", sa.String(length=64), nullable=False),
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
            ["approver_id"], ["person.id"], name=op.f("fk_seal_loan_approver_id_person")
        ),
        sa.ForeignKeyConstraint(["seal_id"], ["seal.id"], name=op.f("fk_seal_loan_seal_id_seal")),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_seal_loan_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_loan")),
    )
    with op.batch_alter_table("seal_loan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seal_loan_due_back_at"), ["due_back_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_seal_loan_seal_id"), ["seal_id"], unique=False)

    op.create_table(
        "seal_approval",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("signer_name", sa.String(length=64), nullable=False),
        sa.Column("signer_title", sa.String(length=64), nullable=False),
        sa.Column("b_role", sa.Boolean(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
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
            ["application_id"],
            ["seal_application.id"],
            name=op.f("fk_seal_approval_application_id_seal_application"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_seal_approval_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_approval")),
    )
    with op.batch_alter_table("seal_approval", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seal_approval_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "seal_use",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("copies_stamped", sa.Integer(), nullable=False),
        sa.Column("copies_spoiled", sa.Integer(), nullable=False),
        sa.Column("supervisor", sa.String(length=64), nullable=False),
        sa.Column("no_blank_paper", sa.Boolean(), nullable=False),
        sa.Column("scan_sha256", sa.String(length=64), nullable=True),
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
            ["application_id"],
            ["seal_application.id"],
            name=op.f("fk_seal_use_application_id_seal_application"),
        ),
        sa.ForeignKeyConstraint(
            ["scan_sha256"], ["seal_file.sha256"], name=op.f("fk_seal_use_scan_sha256_seal_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_use")),
        sa.UniqueConstraint("year", "seq", name=op.f("uq_seal_use_year")),
    )
    with op.batch_alter_table("seal_use", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seal_use_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_seal_use_used_at"), ["used_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("seal_use", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seal_use_used_at"))
        batch_op.drop_index(batch_op.f("ix_seal_use_application_id"))

    op.drop_table("seal_use")
    with op.batch_alter_table("seal_approval", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seal_approval_application_id"))

    op.drop_table("seal_approval")
    with op.batch_alter_table("seal_loan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seal_loan_seal_id"))
        batch_op.drop_index(batch_op.f("ix_seal_loan_due_back_at"))

    op.drop_table("seal_loan")
    with op.batch_alter_table("seal_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seal_event_seal_id"))

    op.drop_table("seal_event")
    with op.batch_alter_table("seal_custody", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seal_custody_seal_id"))

    op.drop_table("seal_custody")
    with op.batch_alter_table("seal_application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seal_application_unit_id"))
        batch_op.drop_index(batch_op.f("ix_seal_application_seal_id"))
        batch_op.drop_index(batch_op.f("ix_seal_application_outgoing_id"))
        batch_op.drop_index(batch_op.f("ix_seal_application_applied_on"))

    op.drop_table("seal_application")
    with op.batch_alter_table("seal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seal_kind"))

    op.drop_table("seal")
    op.drop_table("seal_file")
