"""keyed audit chain: audit_head.keyed_from

The seq from which every audit entry's hash is keyed (HMAC-SHA256 with the key kept outside the
database). 0 for an existing chain: its entries stay plain SHA-256 and still verify as such;
keying starts at the next entry written with a key (db.audit).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("keyed_from", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("keyed_from")
