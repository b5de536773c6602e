"""Write side of the dated directory (人员与分管): persons, units, posts, portfolios, AB pairs,
entrustments. Every save validates, refuses overlaps that would make a dated question ambiguous,
and is audited; records are voided, never deleted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.base import RecordMixin
from db.engine import Database
from db.locks import serialize
from db.models import AbPair, Appointment, Entrustment, Person, Portfolio, Unit
from desktop_app.rules.org import (
    POSTS,
    UNIT_KINDS,
    VICE_MAYOR_POSTS,
    check_portfolio_holder,
    check_post_unit,
    post_title,
)
from desktop_app.rules.registry import violation
from desktop_app.services.directory import queries as q
from desktop_app.services.directory.name_order import person_order, unit_and_title
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    check_period,
    fmt_date,
    load_for_update,
    require,
    required_text,
    void_record,
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


MODELS: dict[str, type[RecordMixin]] = {
    "person": Person,
    "unit": Unit,
    "appointment": Appointment,
    "portfolio": Portfolio,
    "ab_pair": AbPair,
    "entrustment": Entrustment,
}


def _fmt(d: date) -> str:
    return fmt_date(d)


def _overlapping(s: Session, model, conds, start: date, end: date | None, exclude_id: int | None):
    """The first live record of `model` matching `conds` whose period meets [start, end].

    Check-then-insert is serialised per table, so two clerks saving at once cannot both pass."""
    serialize(s, model.__tablename__)
    stmt = select(model).where(
        *conds,
        model.voided_at.is_(None),
        model.start_date <= (end or date.max),
        or_(model.end_date.is_(None), model.end_date >= start),
    )
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    return s.scalars(stmt).first()


def _open(s: Session, model, record_id: int | None, expected_version: int | None):
    if record_id is None:
        return model()  # added by _store once valid, so no half-filled row is autoflushed
    obj = load_for_update(s, model, record_id, expected_version)
    if obj.voided_at is not None:
        raise ValidationError("已作废的记录不能修改。")
    return obj


def _store(s: Session, obj):
    s.add(obj)
    s.flush()
    return obj


def _person(s: Session, person_id: int | None, label: str = "人员") -> Person:
    p = s.get(Person, person_id) if person_id else None
    if p is None or p.voided_at is not None:
        raise ValidationError(f"请选择{label}。")
    return p


# --- persons and units -----------------------------------------------------------------------


def save_person(
    db: Database,
    user: CurrentUser,
    *,
    name: str,
    phone: str = "",
    note: str = "",
    record_id: int | None = None,
    expected_version: int | None = None,
) -> PersonDTO:
    require(user, "records")
    with db.uow(user.username) as s:
        p = _open(s, Person, record_id, expected_version)
        p.name = required_text(name, "姓名", 64)
        p.phone, p.note = (phone or "").strip(), (note or "").strip()
        return person_dto(_store(s, p))


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


def save_unit(
    db: Database,
    user: CurrentUser,
    *,
    name: str,
    kind: str,
    short_name: str = "",
    note: str = "",
    sort_order: int = 0,
    record_id: int | None = None,
    expected_version: int | None = None,
) -> UnitDTO:
    require(user, "records")
    if kind not in UNIT_KINDS:
        raise ValidationError("请选择单位类别。")
    with db.uow(user.username) as s:
        u = _open(s, Unit, record_id, expected_version)
        name = required_text(name, "单位名称", 128)
        dup = s.scalar(select(Unit.id).where(Unit.name == name, Unit.id != (record_id or 0)))
        if dup:
            raise ValidationError(f"单位「{name}」已存在。")
        u.name, u.kind, u.sort_order = name, kind, sort_order
        u.short_name, u.note = (short_name or "").strip(), (note or "").strip()
        return unit_dto(_store(s, u))


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


# --- dated relations -------------------------------------------------------------------------


def save_appointment(
    db: Database,
    user: CurrentUser,
    *,
    person_id: int,
    post_code: str,
    unit_id: int | None,
    start_date: date,
    end_date: date | None = None,
    title: str = "",
    note: str = "",
    record_id: int | None = None,
    expected_version: int | None = None,
) -> PeriodDTO:
    """任职. R4: the post fits the unit; a single-holder post has one holder at a time."""
    require(user, "records")
    check_period(start_date, end_date)
    with db.uow(user.username) as s:
        person = _person(s, person_id)
        unit = s.get(Unit, unit_id) if unit_id else None
        check_post_unit(post_code, unit.kind if unit else None)
        a = _open(s, Appointment, record_id, expected_version)
        same_slot = [
            Appointment.post_code == post_code,
            Appointment.unit_id.is_(None) if unit_id is None else Appointment.unit_id == unit_id,
        ]
        if POSTS[post_code].single:
            clash = _overlapping(s, Appointment, same_slot, start_date, end_date, record_id)
            if clash is not None:
                who = q.person_name(s, clash.person_id)
                where = f"{unit.name}" if unit else ""
                raise violation(
                    "R4",
                    f"{where}{post_title(post_code)}同一时间只能有一人担任：{who}"
                    f"自{_fmt(clash.start_date)}起任此职"
                    f"{'至' + _fmt(clash.end_date) if clash.end_date else ''}。"
                    "请先为其填写离任日期。",
                )
        dup = _overlapping(
            s,
            Appointment,
            [*same_slot, Appointment.person_id == person_id],
            start_date,
            end_date,
            record_id,
        )
        if dup is not None:
            raise ValidationError(f"{person.name}在该期间已登记此职务，请勿重复登记。")
        a.person_id, a.post_code, a.unit_id = person_id, post_code, unit_id
        a.start_date, a.end_date = start_date, end_date
        a.title, a.note = (title or "").strip(), (note or "").strip()
        return _appointment_dto(s, _store(s, a))


def save_portfolio(
    db: Database,
    user: CurrentUser,
    *,
    person_id: int,
    unit_id: int | None,
    area: str = "",
    start_date: date,
    end_date: date | None = None,
    note: str = "",
    record_id: int | None = None,
    expected_version: int | None = None,
) -> PeriodDTO:
    """分管 (R6.1): held by a vice mayor; one vice mayor in charge of a unit at a time."""
    require(user, "records")
    check_period(start_date, end_date)
    if unit_id is None and not (area or "").strip():
        raise ValidationError("请选择分管单位，或填写分管战线/领域。")
    with db.uow(user.username) as s:
        _person(s, person_id, "副市长")
        check_portfolio_holder(
            [h.post_code for h in q.posts_of(s, person_id, start_date)], start_date
        )
        p = _open(s, Portfolio, record_id, expected_version)
        if unit_id is not None:
            clash = _overlapping(
                s, Portfolio, [Portfolio.unit_id == unit_id], start_date, end_date, record_id
            )
            if clash is not None:
                raise violation(
                    "R6.1",
                    f"该单位同一时间只能由一位副市长分管："
                    f"{q.person_name(s, clash.person_id)}自{_fmt(clash.start_date)}起分管。"
                    "请先为原分管填写结束日期。",
                )
        p.person_id, p.unit_id, p.area = person_id, unit_id, (area or "").strip()
        p.start_date, p.end_date, p.note = start_date, end_date, (note or "").strip()
        return _portfolio_dto(s, _store(s, p))


def save_ab_pair(
    db: Database,
    user: CurrentUser,
    *,
    person_a_id: int,
    person_b_id: int,
    start_date: date,
    end_date: date | None = None,
    note: str = "",
    record_id: int | None = None,
    expected_version: int | None = None,
) -> PeriodDTO:
    """AB角 (R6.2): two different vice mayors; each in at most one pair at a time."""
    require(user, "records")
    check_period(start_date, end_date)
    if person_a_id == person_b_id:
        raise violation("R6.2", "AB角须为两位不同的副市长。")
    with db.uow(user.username) as s:
        for pid in (person_a_id, person_b_id):
            person = _person(s, pid, "副市长")
            if not q.is_vice_mayor(s, pid, start_date):
                raise violation(
                    "R6.2", f"{person.name}在{_fmt(start_date)}不任副市长，不能结为AB角。"
                )
            either = or_(AbPair.person_a_id == pid, AbPair.person_b_id == pid)
            clash = _overlapping(s, AbPair, [either], start_date, end_date, record_id)
            if clash is not None:
                raise violation(
                    "R6.2", f"{person.name}在该期间已有AB角，一人同一时间只能有一位AB角。"
                )
        pair = _open(s, AbPair, record_id, expected_version)
        pair.person_a_id, pair.person_b_id = person_a_id, person_b_id
        pair.start_date, pair.end_date, pair.note = start_date, end_date, (note or "").strip()
        return _ab_dto(s, _store(s, pair))


def save_entrustment(
    db: Database,
    user: CurrentUser,
    *,
    principal_id: int,
    agent_id: int,
    start_date: date,
    end_date: date | None,
    scope: str = "主持市政府全面工作",
    note: str = "",
    record_id: int | None = None,
    expected_version: int | None = None,
) -> PeriodDTO:
    """委托 (R6.3): the mayor entrusts one person at a time, for a stated period."""
    require(user, "records")
    check_period(start_date, end_date)
    if end_date is None:
        raise ValidationError("委托须填写结束日期（市长外出的期间）。")
    with db.uow(user.username) as s:
        principal = _person(s, principal_id, "委托人")
        _person(s, agent_id, "受委托人")
        mayor = q.holder(s, "mayor", start_date)
        if mayor is None or mayor.person_id != principal_id:
            raise violation(
                "R6.3", f"{principal.name}在{_fmt(start_date)}不任市长，不能登记市长委托。"
            )
        if agent_id == principal_id:
            raise violation("R6.3", "市长不能委托本人。")
        clash = _overlapping(s, Entrustment, [], start_date, end_date, record_id)
        if clash is not None:
            raise violation(
                "R6.3",
                f"该期间已有委托（{_fmt(clash.start_date)}起，受委托人"
                f"{q.person_name(s, clash.agent_id)}），同一时间只能委托一人。",
            )
        e = _open(s, Entrustment, record_id, expected_version)
        e.principal_id, e.agent_id, e.start_date, e.end_date = (
            principal_id,
            agent_id,
            start_date,
            end_date,
        )
        e.scope = required_text(scope, "委托事项", 128)
        e.note = (note or "").strip()
        return _entrustment_dto(s, _store(s, e))


def void(
    db: Database,
    user: CurrentUser,
    kind: str,
    record_id: int,
    reason: str,
    expected_version: int | None,
) -> None:
    require(user, "records")
    with db.uow(user.username) as s:
        void_record(s, MODELS[kind], record_id, reason, expected_version, user)


# --- DTOs for the dated relations -----------------------------------------------------------


def _appointment_dto(s: Session, a: Appointment) -> PeriodDTO:
    unit = s.get(Unit, a.unit_id) if a.unit_id else None
    return PeriodDTO(
        "appointment",
        a.id,
        a.version,
        a.person_id,
        q.person_name(s, a.person_id),
        a.unit_id,
        unit.name if unit else "",
        a.post_code,
        post_title(a.post_code, a.title),
        a.start_date,
        a.end_date,
        a.note,
        a.void_reason,
    )


def _portfolio_dto(s: Session, p: Portfolio) -> PeriodDTO:
    unit = s.get(Unit, p.unit_id) if p.unit_id else None
    return PeriodDTO(
        "portfolio",
        p.id,
        p.version,
        p.person_id,
        q.person_name(s, p.person_id),
        p.unit_id,
        unit.name if unit else "",
        "",
        p.area,
        p.start_date,
        p.end_date,
        p.note,
        p.void_reason,
    )


def _ab_dto(s: Session, p: AbPair) -> PeriodDTO:
    return PeriodDTO(
        "ab_pair",
        p.id,
        p.version,
        p.person_a_id,
        q.person_name(s, p.person_a_id),
        p.person_b_id,
        q.person_name(s, p.person_b_id),
        "",
        "互为AB角",
        p.start_date,
        p.end_date,
        p.note,
        p.void_reason,
    )


def _entrustment_dto(s: Session, e: Entrustment) -> PeriodDTO:
    return PeriodDTO(
        "entrustment",
        e.id,
        e.version,
        e.principal_id,
        q.person_name(s, e.principal_id),
        e.agent_id,
        q.person_name(s, e.agent_id),
        "",
        e.scope,
        e.start_date,
        e.end_date,
        e.note,
        e.void_reason,
    )


# The dated relations (start and end dates), listed by list_periods.
Period = Appointment | Portfolio | AbPair | Entrustment
_PERIODS: dict[str, type[Period]] = {
    "appointment": Appointment,
    "portfolio": Portfolio,
    "ab_pair": AbPair,
    "entrustment": Entrustment,
}


def _period_dto(s: Session, r: object) -> PeriodDTO:
    if isinstance(r, Appointment):
        return _appointment_dto(s, r)
    if isinstance(r, Portfolio):
        return _portfolio_dto(s, r)
    if isinstance(r, AbPair):
        return _ab_dto(s, r)
    if isinstance(r, Entrustment):
        return _entrustment_dto(s, r)
    raise TypeError(f"not a dated relation: {type(r).__name__}")


def list_periods(db: Database, kind: str, include_voided: bool = False) -> list[PeriodDTO]:
    model = _PERIODS[kind]
    with db.read() as s:
        stmt = select(model).order_by(model.start_date.desc(), model.id.desc())
        if not include_voided:
            stmt = stmt.where(model.voided_at.is_(None))
        return [_period_dto(s, r) for r in s.scalars(stmt)]


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
