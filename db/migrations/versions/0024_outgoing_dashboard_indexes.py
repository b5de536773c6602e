"""outgoing dashboard indexes: the 工作台's 发文 reminders without walking the register

Two indexes on ``outgoing_document``, so the 工作台's first load finds its 发文 without reading
every unclassified document (29,400 of 30,000 in the 200,000-document benchmark, 10–26 ms each):
- (status, secrecy, issued_on, id, openness, voided_at): documents signed and waiting for a
  number (status 「signed」), and R55's issued documents waiting for publication, the earliest
  first; openness and voided_at make R55's count of the rest an index-only read.
- (is_normative, secrecy): the normative documents of R16 (filing) and R18/R38.
secrecy is in both because SQLite keeps no statistics: with one equality each it would pick
the secrecy index (as with 0022's index of 收文). Schema only: no row changes.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 22:00:00
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outgoing_document_status",
            ["status", "secrecy", "issued_on", "id", "openness", "voided_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_outgoing_document_normative", ["is_normative", "secrecy"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_document_normative")
        batch_op.drop_index("ix_outgoing_document_status")
