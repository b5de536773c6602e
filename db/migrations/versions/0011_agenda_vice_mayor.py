"""agenda items and line meetings: the vice mayor in charge from the directory

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 13:30:00

议题 (R23.4.1a, R23.4.5). Until now the clerk picked the item's 分管副市长 freely
(`agenda_item.sponsor_id`); it is now derived from the submitting unit (`department_id`) through
the dated directory on the day it matters (the signature's day, the meeting's day), so the pick is
no longer stored. What the old column held is kept where it was evidence of something:

* An item whose 分管副市长审定签字 is recorded: the old service accepted that signature only from
  the picked sponsor himself, so the sponsor *is* the signer. He is copied to the new
  `sponsor_signed_by`, capacity 本人. The record stays readable as "signed by X on D"; if X was
  not the vice mayor in charge of the item's unit that day (the defect this fixes), placing the
  item on a 常务会议 is refused until the right vice mayor signs again — nothing is silently
  rewritten to look valid.
* An item without a recorded signature: the pick attested nothing (nobody signed); it is dropped,
  and the vice mayor shown from now on is the one the directory gives for the item's unit.

Downgrade puts the signer back as `sponsor_id` (unsigned items get no sponsor: the old build lets
the clerk pick one again) and drops the new columns.

战线会议 (R28): `meeting.area` names the area (战线) the meeting is held for; its vice mayor in
charge presides. Existing 战线会议 take the area of their presider's portfolio on the meeting day
where he was in charge of exactly one area; otherwise the area stays empty and the register shows
the meeting without one (nothing is guessed).
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CHINA = ZoneInfo("Asia/Shanghai")

agenda = sa.table(
    "agenda_item",
    sa.column("id", sa.Integer()),
    sa.column("sponsor_id", sa.Integer()),
    sa.column("sponsor_signed_on", sa.Date()),
    sa.column("sponsor_signed_by", sa.Integer()),
    sa.column("sponsor_signed_capacity", sa.String()),
)
meeting = sa.table(
    "meeting",
    sa.column("id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("starts_at", sa.DateTime(timezone=True)),
    sa.column("presider_id", sa.Integer()),
    sa.column("area", sa.String()),
)
portfolio = sa.table(
    "portfolio",
    sa.column("person_id", sa.Integer()),
    sa.column("area", sa.String()),
    sa.column("start_date", sa.Date()),
    sa.column("end_date", sa.Date()),
    sa.column("voided_at", sa.DateTime(timezone=True)),
)


def _china_day(value) -> date:
    if isinstance(value, str):  # SQLite without type processing
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # stored as UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(CHINA).date()


def upgrade() -> None:
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sponsor_signed_by", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "sponsor_signed_capacity", sa.String(length=16), nullable=False, server_default=""
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_item_sponsor_signed_by_person"),
            "person",
            ["sponsor_signed_by"],
            ["id"],
        )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("area", sa.String(length=128), nullable=False, server_default="")
        )

    bind = op.get_bind()
    bind.execute(
        agenda.update()
        .where(agenda.c.sponsor_signed_on.is_not(None), agenda.c.sponsor_id.is_not(None))
        .values(sponsor_signed_by=agenda.c.sponsor_id, sponsor_signed_capacity="本人")
    )
    sectors = bind.execute(
        sa.select(meeting.c.id, meeting.c.starts_at, meeting.c.presider_id).where(
            meeting.c.kind == "sector", meeting.c.presider_id.is_not(None)
        )
    ).all()
    for meeting_id, starts_at, presider_id in sectors:
        day = _china_day(starts_at)
        areas = set(
            bind.execute(
                sa.select(portfolio.c.area).where(
                    portfolio.c.person_id == presider_id,
                    portfolio.c.area != "",
                    portfolio.c.start_date <= day,
                    sa.or_(portfolio.c.end_date.is_(None), portfolio.c.end_date >= day),
                    portfolio.c.voided_at.is_(None),
                )
            ).scalars()
        )
        if len(areas) == 1:
            bind.execute(
                meeting.update().where(meeting.c.id == meeting_id).values(area=areas.pop())
            )

    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_constraint("fk_agenda_item_sponsor_id_person", type_="foreignkey")
        batch_op.drop_column("sponsor_id")
        batch_op.alter_column("sponsor_signed_capacity", server_default=None)
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.alter_column("area", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sponsor_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_item_sponsor_id_person"), "person", ["sponsor_id"], ["id"]
        )
    bind = op.get_bind()
    bind.execute(
        agenda.update()
        .where(agenda.c.sponsor_signed_by.is_not(None))
        .values(sponsor_id=agenda.c.sponsor_signed_by)
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_constraint("fk_agenda_item_sponsor_signed_by_person", type_="foreignkey")
        batch_op.drop_column("sponsor_signed_capacity")
        batch_op.drop_column("sponsor_signed_by")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("area")
