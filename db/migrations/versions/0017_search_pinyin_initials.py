"""search by pinyin initials: the document search index also holds each document's initials

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 19:10:00

Every entry of `document_search` is spelled again with the letter pairs of the pinyin initials of
the fields that name the document (db.models.search.entry_tokens: 「防汛」 → 「fx」), so a clerk
who types 「fx」 finds 防汛 through the same full-text index. The index is derived data (never
audited): the full-text index is dropped, the entries written again in their order
(search_index.respell) and the index built again in one pass, several times faster than keeping
it current row by row.
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TRIGGERS = ("document_search_ai", "document_search_ad", "document_search_au")


def _respell(tokens) -> None:
    from db import search_index
    from db.models import search

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for statement in search.sqlite_drop_ddl():
            op.execute(statement)
        search_index.respell(bind, tokens)
        for statement in search.sqlite_ddl():
            op.execute(statement)
        op.execute(f"INSERT INTO {search.FTS_TABLE}({search.FTS_TABLE}) VALUES ('rebuild')")
    else:
        op.execute(f"DROP INDEX IF EXISTS {search.PG_INDEX}")
        search_index.respell(bind, tokens)
        op.execute(f"CREATE INDEX {search.PG_INDEX} ON document_search USING gin (tokens)")
        # statistics of the new words at once: the search picks the pairs it asks the index
        # for by them (desktop_app.services.documents.search_pg)
        op.execute("ANALYZE document_search")


def upgrade() -> None:
    from db.models import search

    _respell(search.entry_tokens)


def downgrade() -> None:
    from db.models import search

    _respell(lambda texts: search.document_tokens([t for _, t in texts]))
