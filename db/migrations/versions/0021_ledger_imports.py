"""ledger imports: provenance of records imported from the office's spreadsheets

Three new tables, no change to older ones and no data changed: ``import_batch`` (one confirmed
import: register, file name and SHA-256, sheet, rows, mapping used), ``imported_record`` (each
record it made and its sheet row) and ``import_mapping`` (the column mapping each register last
used).

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-09 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
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
    ]


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.String(length=256), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("sheet", sa.String(length=128), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("mapping_json", sa.Text(), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
        sa.UniqueConstraint("kind", "file_hash", name=op.f("uq_import_batch_kind")),
    )
    op.create_table(
        "imported_record",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("sheet_row", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_imported_record_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_record")),
        sa.UniqueConstraint("table_name", "record_id", name=op.f("uq_imported_record_table_name")),
    )
    op.create_index("ix_imported_record_batch", "imported_record", ["batch_id"], unique=False)
    op.create_table(
        "import_mapping",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("mapping_json", sa.Text(), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mapping")),
        sa.UniqueConstraint("kind", name=op.f("uq_import_mapping_kind")),
    )


def downgrade() -> None:
    op.drop_table("import_mapping")
    op.drop_index("ix_imported_record_batch", table_name="imported_record")
    op.drop_table("imported_record")
    op.drop_table("import_batch")
