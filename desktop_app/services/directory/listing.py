"""Read side of the dated directory (人员与分管): persons, units and the dated relations as the
app shows them (DTOs), the lists the panes and pick lists read, and one day at a glance."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.chunks import rows_by_id
from db.engine import Database
from db.models import AbPair, Appointment, Entrustment, Person, Portfolio, Unit
from desktop_app.rules.org import (
    POSTS,
    UNIT_KINDS,
    VICE_MAYOR_POSTS,
    post_title,
)
from desktop_app.services.directory import queries as q
from desktop_app.services.directory.name_order import person_order, unit_and_title
from desktop_app.services.system.common import (
    fmt_date,
)


@dataclass(frozen=True)
class PersonDTO:
    id: int
    version: int
    name: str
    phone: str
    note: str
    void_reason: str | None
    posts: str = ""  # posts held on the day the list was asked for, highest first


@dataclass(frozen=True)
class UnitDTO:
    id: int
    version: int
    name: str
    short_name: str
    kind: str
    kind_name: str
    note: str
    void_reason: str | None
    sort_order: int = 0


@dataclass(frozen=True)
class PeriodDTO:
    """One dated relation (任职, 分管, AB角, 委托) as the directory pane lists it."""

    kind: str
    id: int
    version: int
    person_id: int
    person_name: str
    other_id: int | None  # unit (任职/分管), partner (AB角) or agent (委托)
    other_name: str
    post_code: str
    label: str  # post title, portfolio area, or entrustment scope
    start_date: date
    end_date: date | None
    note: str
    void_reason: str | None

    @property
    def period_text(self) -> str:
        return f"{fmt_date(self.start_date)}—{fmt_date(self.end_date) or '至今'}"


def person_dto(p: Person) -> PersonDTO:
    return PersonDTO(p.id, p.version, p.name, p.phone, p.note, p.void_reason)


def list_persons(
    db: Database, include_voided: bool = False, on: date | None = None
) -> list[PersonDTO]:
    """All persons; with `on`, each carries the posts held that day (e.g. 「常务副市长、党组成员」,
    「向阳乡 · 乡镇党委书记」), highest first, and the list is in order of the highest post held
    that day, then of the name's pinyin; without `on`, in pinyin order."""
    with db.read() as s:
        stmt = select(Person).order_by(Person.name)
        if not include_voided:
            stmt = stmt.where(Person.voided_at.is_(None))
        held: dict[int, list[tuple[int, str]]] = {}
        if on is not None:
            rows = s.execute(
                select(Appointment, Unit.name)
                .outerjoin(Unit, Unit.id == Appointment.unit_id)
                .where(*q.on_day(Appointment, on))
            )
            for a, unit_name in rows:
                title = unit_and_title(unit_name or "", post_title(a.post_code, a.title))
                held.setdefault(a.person_id, []).append((POSTS[a.post_code].rank, title))
        out = []
        for p in s.scalars(stmt):
            posts = sorted(held.get(p.id, []), reverse=True)
            rank = posts[0][0] if posts else 0
            out.append((rank, replace(person_dto(p), posts="、".join(t for _, t in posts))))
        out.sort(key=lambda found: person_order(found[0], found[1].name))
        return [dto for _rank, dto in out]


def unit_dto(u: Unit) -> UnitDTO:
    return UnitDTO(
        u.id,
        u.version,
        u.name,
        u.short_name,
        u.kind,
        UNIT_KINDS.get(u.kind, u.kind),
        u.note,
        u.void_reason,
        u.sort_order,
    )


def list_units(
    db: Database, kind: str | None = None, include_voided: bool = False
) -> list[UnitDTO]:
    with db.read() as s:
        stmt = select(Unit).order_by(Unit.kind, Unit.sort_order, Unit.name)
        if kind:
            stmt = stmt.where(Unit.kind == kind)
        if not include_voided:
            stmt = stmt.where(Unit.voided_at.is_(None))
        return [unit_dto(u) for u in s.scalars(stmt)]


_UNIT_NAMES = select(Unit.id, Unit.name).where(Unit.voided_at.is_(None))


def unit_names(db: Database) -> dict[int, str]:
    """id → name of the units in use: what a register shows for a unit id (read at each of its
    loads, so a renamed unit shows its new name; the rows alone, not a DTO per unit)."""
    with db.read() as s:
        return {unit_id: name for unit_id, name in s.execute(_UNIT_NAMES).all()}


# --- DTOs for the dated relations -----------------------------------------------------------


def _period(
    kind: str,
    r: Period,
    first: tuple[int, str],
    second: tuple[int | None, str],
    post_code: str,
    label: str,
) -> PeriodDTO:
    """A dated relation's DTO: its two sides (id, name), post and label, and its own dates."""
    return PeriodDTO(
        kind, r.id, r.version, *first, *second, post_code, label,
        r.start_date, r.end_date, r.note, r.void_reason,
    )  # fmt: skip


def _unit(s: Session, unit_id: int | None) -> tuple[int | None, str]:
    unit = s.get(Unit, unit_id) if unit_id else None
    return unit_id, unit.name if unit else ""


def _person(s: Session, person_id: int) -> tuple[int, str]:
    person = s.get(Person, person_id)
    return person_id, person.name if person else ""


def appointment_dto(s: Session, a: Appointment) -> PeriodDTO:
    return _period(
        "appointment",
        a,
        _person(s, a.person_id),
        _unit(s, a.unit_id),
        a.post_code,
        post_title(a.post_code, a.title),
    )


def portfolio_dto(s: Session, p: Portfolio) -> PeriodDTO:
    return _period("portfolio", p, _person(s, p.person_id), _unit(s, p.unit_id), "", p.area)


def ab_dto(s: Session, p: AbPair) -> PeriodDTO:
    pair = (_person(s, p.person_a_id), _person(s, p.person_b_id))
    return _period("ab_pair", p, *pair, "", "互为AB角")


def entrustment_dto(s: Session, e: Entrustment) -> PeriodDTO:
    sides = (_person(s, e.principal_id), _person(s, e.agent_id))
    return _period("entrustment", e, *sides, "", e.scope)


# The dated relations (start and end dates), listed by list_periods.
Period = Appointment | Portfolio | AbPair | Entrustment
_PERIODS: dict[str, type[Period]] = {
    "appointment": Appointment,
    "portfolio": Portfolio,
    "ab_pair": AbPair,
    "entrustment": Entrustment,
}


def period_dto(s: Session, r: object) -> PeriodDTO:
    if isinstance(r, Appointment):
        return appointment_dto(s, r)
    if isinstance(r, Portfolio):
        return portfolio_dto(s, r)
    if isinstance(r, AbPair):
        return ab_dto(s, r)
    if isinstance(r, Entrustment):
        return entrustment_dto(s, r)
    raise TypeError(f"not a dated relation: {type(r).__name__}")


def list_periods(db: Database, kind: str, include_voided: bool = False) -> list[PeriodDTO]:
    model = _PERIODS[kind]
    with db.read() as s:
        stmt = select(model).order_by(model.start_date.desc(), model.id.desc())
        if not include_voided:
            stmt = stmt.where(model.voided_at.is_(None))
        rows = list(s.scalars(stmt))
        # The people and units the rows name, read once and held while the DTOs are built: the
        # session keeps only weak references, and s.get in _person and _unit finds them there.
        _held = (
            rows_by_id(s, Person, {i for r in rows for a in _SIDES if (i := getattr(r, a, None))}),
            rows_by_id(s, Unit, {i for r in rows if (i := getattr(r, "unit_id", None))}),
        )
        return [period_dto(s, r) for r in rows]


_SIDES = ("person_id", "person_a_id", "person_b_id", "principal_id", "agent_id")


# --- one day at a glance ---------------------------------------------------------------------


@dataclass(frozen=True)
class LeaderOnDay:
    person_id: int
    name: str
    title: str
    portfolio: str
    ab_partner: str


@dataclass(frozen=True)
class DayView:
    day: date
    party_secretary: str
    mayor: str
    entrusted: str
    leaders: list[LeaderOnDay]


def day_view(db: Database, day: date) -> DayView:
    """人员与分管 → 按日查询: the leadership, portfolios, AB pairs and entrustment on `day`."""
    with db.read() as s:
        sec = q.holder(s, "party_secretary", day)
        mayor = q.holder(s, "mayor", day)
        ent = q.entrusted_agent(s, day)
        leaders = []
        for code in VICE_MAYOR_POSTS:
            for h in q.holders(s, code, day):
                units = []
                for p in q.portfolio_of(s, h.person_id, day):
                    unit = s.get(Unit, p.unit_id) if p.unit_id else None
                    units.append(unit.name if unit else p.area)
                leaders.append(
                    LeaderOnDay(
                        h.person_id,
                        h.name,
                        h.title,
                        "、".join(units),
                        q.person_name(s, q.ab_partner(s, h.person_id, day)),
                    )
                )
        return DayView(
            day,
            sec.name if sec else "",
            mayor.name if mayor else "",
            f"{q.person_name(s, ent.agent_id)}（{ent.scope}）" if ent else "",
            leaders,
        )
