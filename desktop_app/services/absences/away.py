"""Who is away (在外人员): the one source every pane asks (R62, R6.2, R6.3, R27, R23.4.5).

A person is away on a day when an approved request's itinerary in force (the latest approved
row of the request and its amendments, R62.7) covers that day, unless the return was already
recorded: back before that day, or back on the day itself in the morning.

The session-level functions run inside the caller's unit of work so that a check and the write
it guards see the same data; ``who_is_away`` opens its own read for the board.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models.absences import Absence
from desktop_app.services.directory import queries as dq


@dataclass(frozen=True)
class AwayInfo:
    person_id: int
    name: str
    absence_id: int  # the original request (amendments link to it)
    category: str  # 出差 | 考察 | 学习培训 | 休假 | 因私 | 出国（境）
    destination: str
    start: date
    start_half: str  # 上午 | 下午 | 晚上
    end: date
    end_half: str
    acting: str  # 主持工作负责同志: 「姓名（职务）联系电话」
    ab_partner_id: int | None  # R6.2, for vice mayors
    ab_partner_name: str
    post_title: str = ""
    acting_name: str = ""
    acting_post: str = ""
    acting_contact: str = ""
    contact: str = ""
    itinerary_id: int = 0  # the row whose itinerary is in force (== absence_id unless amended)
    # R6.3: while the mayor is away, the person the mayor entrusted (usually 常务副市长)
    entrusted_id: int | None = None
    entrusted_name: str = ""


def _acting_text(a: Absence) -> str:
    text = a.acting_name
    if a.acting_post:
        text += f"（{a.acting_post}）"
    if a.acting_contact:
        text += a.acting_contact
    return text


def _root_id(a: Absence) -> int:
    return a.amends_id or a.id


def _in_force(s: Session, start: date, end: date) -> list[tuple[Absence, Absence]]:
    """(original, itinerary in force) of every request whose approved itinerary touches
    [start, end]. Ordered by departure, then name."""
    touching = s.scalars(
        select(Absence).where(
            Absence.status == "approved",
            Absence.voided_at.is_(None),
            Absence.start_date <= end,
            Absence.end_date >= start,
        )
    ).all()
    roots = {_root_id(a) for a in touching}
    if not roots:
        return []
    group = s.scalars(
        select(Absence)
        .where(
            or_(Absence.id.in_(roots), Absence.amends_id.in_(roots)),
            Absence.voided_at.is_(None),
        )
        .order_by(Absence.id)
    ).all()
    by_id = {a.id: a for a in group}
    latest: dict[int, Absence] = {}
    for a in group:  # ascending id: the last approved one wins
        if a.status == "approved":
            latest[_root_id(a)] = a
    out = []
    for root_id, eff in latest.items():
        root = by_id.get(root_id)
        if root is None:  # the original was voided: the whole request is void
            continue
        if eff.start_date <= end and eff.end_date >= start:
            out.append((root, eff))
    out.sort(key=lambda p: (p[1].start_date, p[0].person_name, p[0].id))
    return out


def _back_by(root: Absence, day: date) -> bool:
    """Return recorded before `day` (or on it, in the morning): no longer away that day."""
    if root.returned_on is None:
        return False
    return root.returned_on < day or (root.returned_on == day and root.returned_half == "上午")


def _info(s: Session, root: Absence, eff: Absence, day: date) -> AwayInfo:
    partner = dq.ab_partner(s, root.person_id, day)
    entrusted_id, entrusted_name = None, ""
    if root.post_code == "mayor":
        ent = dq.entrusted_agent(s, day)
        if ent is not None and ent.principal_id == root.person_id:
            entrusted_id, entrusted_name = ent.agent_id, dq.person_name(s, ent.agent_id)
    return AwayInfo(
        person_id=root.person_id,
        name=root.person_name,
        absence_id=root.id,
        category=eff.category,
        destination=eff.destination,
        start=eff.start_date,
        start_half=eff.start_half,
        end=eff.end_date,
        end_half=eff.end_half,
        acting=_acting_text(eff),
        ab_partner_id=partner,
        ab_partner_name=dq.person_name(s, partner),
        post_title=root.post_title,
        acting_name=eff.acting_name,
        acting_post=eff.acting_post,
        acting_contact=eff.acting_contact,
        contact=eff.contact,
        itinerary_id=eff.id,
        entrusted_id=entrusted_id,
        entrusted_name=entrusted_name,
    )


def away_on(s: Session, day: date) -> dict[int, AwayInfo]:
    """Everyone away on `day`, keyed by person id."""
    out: dict[int, AwayInfo] = {}
    for root, eff in _in_force(s, day, day):
        if not _back_by(root, day):
            out[root.person_id] = _info(s, root, eff, day)
    return out


def away_info(s: Session, person_id: int, day: date) -> AwayInfo | None:
    return away_on(s, day).get(person_id)


def is_away(s: Session, person_id: int, day: date) -> bool:
    """R6.2/R27/R23.4.5: was `person_id` away (approved absence covering `day`)?"""
    return person_id in away_on(s, day)


def cover_for(s: Session, person_id: int, day: date) -> int | None:
    """R6.2: the AB partner who may sign for `person_id` on `day`, if that person is away."""
    if not is_away(s, person_id, day):
        return None
    return dq.ab_partner(s, person_id, day)


def signing_partner(s: Session, person_id: int, day: date) -> int | None:
    """R6.2: the AB partner who signs in `person_id`'s place on `day`: only while he is away and
    the partner is not."""
    partner = cover_for(s, person_id, day)
    return partner if partner is not None and not is_away(s, partner, day) else None


def away_note(s: Session, person_id: int | None, day: date) -> str:
    """R6.2, for a printed signature box: 「（孙立新外出，可由AB角王建国代签）」 while he is away and
    his partner is not, 「（孙立新外出）」 while both are, "" while he is not away."""
    if person_id is None or not is_away(s, person_id, day):
        return ""
    partner = signing_partner(s, person_id, day)
    name = dq.person_name(s, person_id)
    if partner is None:
        return f"（{name}外出）"
    return f"（{name}外出，可由AB角{dq.person_name(s, partner)}代签）"


def away_between(s: Session, start: date, end: date) -> list[AwayInfo]:
    """Session-level form of ``who_is_away``."""
    out = []
    for root, eff in _in_force(s, start, end):
        first = max(start, eff.start_date)
        if root.returned_on is not None:
            # Only the days before the return (or the morning-return day) are away days.
            last_away = (
                root.returned_on
                if root.returned_half != "上午"
                else date.fromordinal(root.returned_on.toordinal() - 1)
            )
            if last_away < first:
                continue
        out.append(_info(s, root, eff, first))
    return out


def who_is_away(db: Database, start: date, end: date) -> list[AwayInfo]:
    """The 在外人员 board for a day (start == end) or a period: who, where, until when, who acts,
    the AB partner of an away vice mayor (R6.2) and the entrusted agent of an away mayor (R6.3)."""
    if end < start:
        start, end = end, start
    with db.read() as s:
        return away_between(s, start, end)
