"""outgoing documents: portfolios from the directory, joint documents, major-matter basis

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 13:30:00

The vice mayors in charge of a 发文 are derived from the directory (R33.1, R33.2, R34): the
record now holds what the document touches (other units, areas) and the day the vice mayors were
last derived. Existing rows keep the vice mayors the clerk picked, readable as before, with no
derivation day (NULL): the next sign-off derives them from the drafting unit and what the
document touches. Also R37 (co-issuing units, disagreements and their outcome), R17 (the
government's designation of a normative document's drafting department) and R10 (the
major-matter category and the meeting and agenda item that decided it).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NEW_COLUMNS = (
    ("vice_mayors_on", sa.Date(), True, None),
    ("touched_unit_ids", sa.String(length=512), False, ""),
    ("touched_areas", sa.String(length=256), False, ""),
    ("joint_unit_ids", sa.String(length=512), False, ""),
    ("drafting_designation", sa.String(length=128), False, ""),
    ("major_matter", sa.String(length=16), False, ""),
    ("decided_meeting_id", sa.Integer(), True, None),
    ("decided_item_id", sa.Integer(), True, None),
)


FOREIGN_KEYS = (("decided_meeting_id", "meeting"), ("decided_item_id", "agenda_item"))


def _fk_name(column: str, table: str) -> str:
    return f"fk_outgoing_document_{column}_{table}"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Plain ALTER TABLE ADD COLUMN: a batch copy of outgoing_document would drop the table,
        # which SQLite refuses while outgoing_signoff rows point at it (foreign keys are on).
        for name, type_, nullable, default in NEW_COLUMNS:
            fk = dict(FOREIGN_KEYS).get(name)
            if fk is None:
                op.add_column(
                    "outgoing_document",
                    sa.Column(name, type_, nullable=nullable, server_default=default),
                )
            else:
                op.execute(
                    f"ALTER TABLE outgoing_document ADD COLUMN {name} INTEGER "
                    f"CONSTRAINT {_fk_name(name, fk)} REFERENCES {fk} (id)"
                )
    else:
        with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
            for name, type_, nullable, default in NEW_COLUMNS:
                batch_op.add_column(
                    sa.Column(name, type_, nullable=nullable, server_default=default)
                )
            for name, table in FOREIGN_KEYS:
                batch_op.create_foreign_key(op.f(_fk_name(name, table)), table, [name], ["id"])

    op.create_table(
        "outgoing_disagreement",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("positions", sa.Text(), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
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
            ["document_id"],
            ["outgoing_document.id"],
            name=op.f("fk_outgoing_disagreement_document_id_outgoing_document"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_disagreement")),
    )
    with op.batch_alter_table("outgoing_disagreement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outgoing_disagreement_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outgoing_disagreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outgoing_disagreement_document_id"))
    op.drop_table("outgoing_disagreement")
    if op.get_bind().dialect.name == "sqlite":
        for name, *_rest in reversed(NEW_COLUMNS):  # ALTER TABLE DROP COLUMN (no table copy)
            op.execute(f"ALTER TABLE outgoing_document DROP COLUMN {name}")
        return
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        for name, table in FOREIGN_KEYS:
            batch_op.drop_constraint(op.f(_fk_name(name, table)), type_="foreignkey")
        for name, *_rest in reversed(NEW_COLUMNS):
            batch_op.drop_column(name)
