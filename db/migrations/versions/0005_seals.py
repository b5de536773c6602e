"""seals, seal uses (用印登记簿), lending

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 03:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # tables are added by the issue that owns this revision


def downgrade() -> None:
    pass
