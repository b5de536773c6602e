"""leaders' absences (外出请示报备)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 03:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # tables are added by the issue that owns this revision


def downgrade() -> None:
    pass
