"""A meeting's place in time and its agenda's order: the China-time day of a meeting and the next
free agenda position. Below planning, so that the modules planning builds on use them too."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.locks import serialize
from db.models import AgendaItem
from desktop_app.formatting import CHINA


def meeting_day(starts_at: datetime) -> date:
    """The meeting's date in China time: the day posts and entrustments are looked up for."""
    return starts_at.astimezone(CHINA).date()


def next_position(s: Session, meeting_id: int) -> int:
    """The next agenda position on a meeting; 0 is the law study's (R23.3), so items start at 1.
    Serialised per meeting so two clerks placing items at once do not share a position."""
    serialize(s, f"agenda:{meeting_id}")
    top = s.scalar(
        select(func.max(AgendaItem.position)).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.voided_at.is_(None)
        )
    )
    return (top or 0) + 1
