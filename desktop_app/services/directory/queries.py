"""Read side of the dated directory: the questions the rest of the app asks about a given day.

Each question has one answer (or none): who held post P on day D; which vice mayor was in charge
of unit U on D; who was X's AB partner on D; whom the mayor had entrusted on D; who headed the
市政府办公室 on D; a person's highest post on D (R62.5). The write side refuses overlaps that would make an answer ambiguous.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.chunks import in_chunks
from db.models import AbPair, Appointment, Entrustment, Person, Portfolio, Unit
from desktop_app.rules.org import POSTS, VICE_MAYOR_POSTS, highest_post, post_title


def on_day(model, day: date):
    """SQL condition: the dated record covers `day` (end inclusive, open end) and is not voided."""
    return (
        model.start_date <= day,
        or_(model.end_date.is_(None), model.end_date >= day),
        model.voided_at.is_(None),
    )


@dataclass(frozen=True)
class Holder:
    person_id: int
    name: str
    post_code: str
    title: str
    unit_id: int | None
    unit_name: str


def holders(s: Session, post_code: str, day: date, unit_id: int | None = None) -> list[Holder]:
    """Who held `post_code` (in `unit_id`, for unit posts) on `day`."""
    stmt = (
        select(Appointment, Person.name, Unit.name)
        .join(Person, Person.id == Appointment.person_id)
        .outerjoin(Unit, Unit.id == Appointment.unit_id)
        .where(Appointment.post_code == post_code, *on_day(Appointment, day))
        .order_by(Appointment.start_date, Appointment.id)
    )
    if unit_id is not None:
        stmt = stmt.where(Appointment.unit_id == unit_id)
    return [
        Holder(
            a.person_id,
            name,
            a.post_code,
            post_title(a.post_code, a.title),
            a.unit_id,
            unit_name or "",
        )
        for a, name, unit_name in s.execute(stmt)
    ]


def holder(s: Session, post_code: str, day: date, unit_id: int | None = None) -> Holder | None:
    """The single holder of a single-holder post (市长, 常务副市长, a unit's head …)."""
    found = holders(s, post_code, day, unit_id)
    return found[0] if found else None


def posts_of(s: Session, person_id: int, day: date) -> list[Holder]:
    stmt = (
        select(Appointment, Person.name, Unit.name)
        .join(Person, Person.id == Appointment.person_id)
        .outerjoin(Unit, Unit.id == Appointment.unit_id)
        .where(Appointment.person_id == person_id, *on_day(Appointment, day))
    )
    rows = [
        Holder(
            a.person_id,
            name,
            a.post_code,
            post_title(a.post_code, a.title),
            a.unit_id,
            unit_name or "",
        )
        for a, name, unit_name in s.execute(stmt)
    ]
    return sorted(rows, key=lambda h: -POSTS[h.post_code].rank)


def highest_post_of(s: Session, person_id: int, day: date) -> Holder | None:
    """R62.5: the post whose procedure applies to a person holding several."""
    held = posts_of(s, person_id, day)
    code = highest_post([h.post_code for h in held])
    return next((h for h in held if h.post_code == code), None)


def is_vice_mayor(s: Session, person_id: int, day: date) -> bool:
    return any(h.post_code in VICE_MAYOR_POSTS for h in posts_of(s, person_id, day))


def in_charge(
    s: Session, day: date, *, unit_id: int | None = None, area: str = ""
) -> Holder | None:
    """R6.1: the vice mayor whose portfolio covered unit `unit_id` (or area 战线 `area`) on `day`
    — the one answer to "who is in charge of U on D"; None when the directory has none."""
    if unit_id is None and not (area or "").strip():
        return None
    where = Portfolio.unit_id == unit_id if unit_id is not None else Portfolio.area == area.strip()
    person_id = s.scalar(
        select(Portfolio.person_id)
        .where(where, *on_day(Portfolio, day))
        .order_by(Portfolio.start_date.desc(), Portfolio.id.desc())
        .limit(1)
    )
    if person_id is None:
        return None
    held = [h for h in posts_of(s, person_id, day) if h.post_code in VICE_MAYOR_POSTS]
    if held:
        return held[0]
    name = s.scalar(select(Person.name).where(Person.id == person_id)) or ""
    return Holder(person_id, name, "vice_mayor", "（已不任副市长）", None, "")


def units_in_charge(
    s: Session, asked: Iterable[tuple[int, date]]
) -> dict[tuple[int, date], Holder | None]:
    """in_charge(s, day, unit_id=unit) for each (unit, day) of `asked`, with the units'
    portfolios and their holders' posts read once (a register of years of agenda items asks it
    for each item's day). The same answers as in_charge: a test compares them day by day."""
    asked = set(asked)
    units = {unit for unit, _ in asked}
    portfolios = [
        p
        for part in in_chunks(sorted(units))
        for p in s.scalars(
            select(Portfolio).where(Portfolio.unit_id.in_(part), Portfolio.voided_at.is_(None))
        )
    ]
    people = {p.person_id for p in portfolios}
    posts: dict[int, list[tuple[Appointment, str, str]]] = {}
    for part in in_chunks(sorted(people)):
        for a, name, unit_name in s.execute(
            select(Appointment, Person.name, Unit.name)
            .join(Person, Person.id == Appointment.person_id)
            .outerjoin(Unit, Unit.id == Appointment.unit_id)
            .where(Appointment.person_id.in_(part), Appointment.voided_at.is_(None))
            .order_by(Appointment.id)
        ):
            posts.setdefault(a.person_id, []).append((a, name, unit_name or ""))
    names = person_names(s, people)
    found: dict[tuple[int, date], Holder | None] = {}
    for unit, day in asked:
        covering = [p for p in portfolios if p.unit_id == unit and _covers(p, day)]
        if not covering:
            found[(unit, day)] = None
            continue
        person_id = max(covering, key=lambda p: (p.start_date, p.id)).person_id
        held = sorted(
            (
                Holder(person_id, name, a.post_code, post_title(a.post_code, a.title), a.unit_id, u)
                for a, name, u in posts.get(person_id, [])
                if _covers(a, day) and a.post_code in VICE_MAYOR_POSTS
            ),
            key=lambda h: -POSTS[h.post_code].rank,
        )
        found[(unit, day)] = (
            held[0]
            if held
            else Holder(
                person_id, names.get(person_id, ""), "vice_mayor", "（已不任副市长）", None, ""
            )
        )
    return found


def _covers(record, day: date) -> bool:
    """on_day's condition in Python, for a record already read (voided ones are not read)."""
    return record.start_date <= day and (record.end_date is None or record.end_date >= day)


def vice_mayor_in_charge(s: Session, unit_id: int, day: date) -> Holder | None:
    """R6.1: the vice mayor whose portfolio covered `unit_id` on `day`."""
    return in_charge(s, day, unit_id=unit_id)


def unit_name(s: Session, unit_id: int | None) -> str:
    if unit_id is None:
        return ""
    return s.scalar(select(Unit.name).where(Unit.id == unit_id)) or ""


def areas_on(s: Session, day: date) -> list[str]:
    """The areas (战线) some vice mayor is in charge of on `day`, for pick lists."""
    rows = s.scalars(
        select(Portfolio.area).where(Portfolio.area != "", *on_day(Portfolio, day)).distinct()
    )
    return sorted(rows)


def portfolio_of(s: Session, person_id: int, day: date) -> list[Portfolio]:
    return list(
        s.scalars(
            select(Portfolio).where(Portfolio.person_id == person_id, *on_day(Portfolio, day))
        )
    )


def ab_partner(s: Session, person_id: int, day: date) -> int | None:
    """R6.2: the AB partner of vice mayor `person_id` on `day`."""
    pair = s.scalar(
        select(AbPair).where(
            or_(AbPair.person_a_id == person_id, AbPair.person_b_id == person_id),
            *on_day(AbPair, day),
        )
    )
    if pair is None:
        return None
    return pair.person_b_id if pair.person_a_id == person_id else pair.person_a_id


def entrusted_agent(s: Session, day: date) -> Entrustment | None:
    """R6.3: the entrustment by the mayor in force on `day`, if any."""
    return s.scalar(select(Entrustment).where(*on_day(Entrustment, day)))


def office_unit(s: Session) -> int | None:
    """The 市政府办公室 itself (not one of its 内设机构, which are office-kind units too): the unit
    named as in the organisation profile, else the first office-kind unit in the directory."""
    from desktop_app.services.system.org_profile import profile_value

    live = Unit.voided_at.is_(None)
    found = s.scalar(select(Unit.id).where(Unit.name == profile_value(s, "office_name"), live))
    if found is None:
        found = s.scalar(
            select(Unit.id)
            .where(Unit.kind == "office", live)
            .order_by(Unit.sort_order, Unit.id)
            .limit(1)
        )
    return found


def office_director(s: Session, day: date) -> Holder | None:
    """R67 (and the 办公室主任 steps elsewhere): who held the head post (unit_head) of the
    市政府办公室 on `day`; None when the unit or the post is not in the directory that day."""
    office = office_unit(s)
    return holder(s, "unit_head", day, office) if office is not None else None


def person_name(s: Session, person_id: int | None) -> str:
    if person_id is None:
        return ""
    return s.scalar(select(Person.name).where(Person.id == person_id)) or ""


def person_names(s: Session, person_ids: Collection[int]) -> dict[int, str]:
    """id → name of each of `person_ids`, read at once."""
    names: dict[int, str] = {}
    for part in in_chunks(sorted(person_ids)):
        names.update(s.execute(select(Person.id, Person.name).where(Person.id.in_(part))).all())
    return names
