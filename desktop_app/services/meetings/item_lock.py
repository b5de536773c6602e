"""R29.2 for the 议题: once a meeting's minutes are issued, its items — what each was, what was
said and concluded — are part of the issued record. Voiding one, rewriting its outcome or sending
it back would change the register under the issued text; a correction is a new 勘误/补充 record.
Until the minutes are issued the register may still be corrected (the minutes' text is edited
by hand before issue)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AgendaItem, MinutesRecord
from desktop_app.formatting import format_date
from desktop_app.rules.minutes import check_item_unlocked


def minutes_issued(s: Session, meeting_id: int) -> tuple[bool, date | None]:
    """Whether the meeting's own minutes (not a 勘误/补充) are issued, and on which day."""
    row = s.execute(
        select(MinutesRecord.issued_on)
        .where(
            MinutesRecord.meeting_id == meeting_id,
            MinutesRecord.state == "issued",
            MinutesRecord.corrects_id.is_(None),
        )
        .order_by(MinutesRecord.id)
        .limit(1)
    ).first()
    return (row is not None, row[0] if row is not None else None)


def check_item_open(s: Session, item: AgendaItem, action: str) -> None:
    """Refuse (R29.2) to `action` (「作废」 …) an item of a meeting whose minutes are issued."""
    if item.meeting_id is None:
        return
    issued, on = minutes_issued(s, item.meeting_id)
    if issued:
        check_item_unlocked(format_date(on) if on is not None else "此前", action)
