"""full-text search index over documents

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 03:00:00

`document_search` holds each document's bigram tokens (db.models.search). The full-text index
over it is the engine's own: on SQLite an FTS5 table with external content, kept in step by
triggers; on PostgreSQL `tokens` is a tsvector with a GIN index. Existing documents are
indexed here. Also indexes for the first page of the 收文 and 发文 registers (newest first) for
accounts without the 机要 role.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from db import search_index
    from db.models import search

    op.create_table(
        "document_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("secrecy", sa.String(length=8), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("tokens", search.TOKENS_TYPE, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_search")),
        sa.UniqueConstraint("kind", "record_id", name=op.f("uq_document_search_kind")),
    )
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incoming_document_register", ["secrecy", "received_at", "id"], unique=False
        )
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outgoing_document_secrecy_register", ["secrecy", "register_on", "id"], unique=False
        )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in search.sqlite_ddl():
            op.execute(statement)
    else:
        op.execute(f"CREATE INDEX {search.PG_INDEX} ON document_search USING gin (tokens)")
    search_index.rebuild(bind)


def downgrade() -> None:
    from db.models import search

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in search.sqlite_drop_ddl():
            op.execute(statement)
    op.drop_table("document_search")
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_document_secrecy_register")
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.drop_index("ix_incoming_document_register")
