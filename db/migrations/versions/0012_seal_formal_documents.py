"""seal applications linked to the outgoing register

R45.2: a seal approval records the vice mayor in charge it was for (`for_person_id`, derived
from the directory on the day signed): the signer himself, or the one his AB partner signed in
place of (B角代签, R6.2).

R45.1, existing data: applications marked 正式公文 without a linked 发文 record are kept as
they are (the flag is not changed behind the register's back, and the audit log still matches
every row). The app shows them 「未关联发文」 and refuses to record a use of them until the
issued record is linked (seals.link_outgoing) — or the clerk voids the application and applies
again as an other use (R45.2 / R46). Approvals recorded before this revision keep a NULL
`for_person_id`: whom a B角 signature stood in for was not recorded then, and is not guessed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("seal_approval", schema=None) as batch_op:
        batch_op.add_column(sa.Column("for_person_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_seal_approval_for_person_id_person"), "person", ["for_person_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("seal_approval", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_seal_approval_for_person_id_person"), type_="foreignkey"
        )
        batch_op.drop_column("for_person_id")
