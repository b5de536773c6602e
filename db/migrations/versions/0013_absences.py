"""absences: the party line, the mayor's trips, trips abroad

The township party secretary's 市委 line (R62.3) and the mayor's trips (R62.10) need no new
column: their steps are approval rows. Official trips abroad (R66) record whether a trip abroad
is private and track the trip report (出访报告) due after an official one.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_COLUMNS = ("abroad_private", "trip_report_required", "trip_report_received_on", "trip_report_note")


def upgrade() -> None:
    # Plain ALTER TABLE … ADD COLUMN on both engines: no copy of the table (the foreign keys
    # pointing at it, approvals and amendments, would forbid dropping the old one on SQLite).
    op.add_column(
        "absence",
        sa.Column("abroad_private", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "absence",
        sa.Column("trip_report_required", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("absence", sa.Column("trip_report_received_on", sa.Date(), nullable=True))
    op.add_column(
        "absence", sa.Column("trip_report_note", sa.Text(), nullable=False, server_default="")
    )
    # Requests filed before this revision: an official trip abroad of the mayor or a vice mayor
    # that is not yet back owes its trip report (R66); older ones are not chased.
    absence = sa.table(
        "absence",
        sa.column("trip_report_required", sa.Boolean()),
        sa.column("category", sa.String()),
        sa.column("amends_id", sa.Integer()),
        sa.column("returned_on", sa.Date()),
        sa.column("voided_at", sa.DateTime()),
        sa.column("post_code", sa.String()),
    )
    op.execute(
        absence.update()
        .where(
            absence.c.category == "出国（境）",
            absence.c.amends_id.is_(None),
            absence.c.returned_on.is_(None),
            absence.c.voided_at.is_(None),
            absence.c.post_code.in_(("mayor", "exec_vice_mayor", "vice_mayor")),
        )
        .values(trip_report_required=True)
    )


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN on both engines (SQLite ≥ 3.35), for the same reason.
    for name in reversed(_COLUMNS):
        op.execute(f"ALTER TABLE absence DROP COLUMN {name}")
