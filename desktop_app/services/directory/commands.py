"""Write side of the dated directory (人员与分管): persons, units, posts, portfolios, AB pairs,
entrustments. Every save validates, refuses overlaps that would make a dated question ambiguous,
and is audited; records are voided, never deleted. The read side (DTOs, lists, one day at a
glance) is directory.listing; callers may keep importing it from here."""

from __future__ import annotations

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
    check_portfolio_holder,
    check_post_unit,
    post_title,
)
from desktop_app.rules.registry import violation
from desktop_app.services.directory import queries as q
from desktop_app.services.directory.listing import (  # noqa: F401 - the service API
    DayView,
    LeaderOnDay,
    PeriodDTO,
    PersonDTO,
    UnitDTO,
    ab_dto,
    appointment_dto,
    day_view,
    entrustment_dto,
    list_periods,
    list_persons,
    list_units,
    period_dto,
    person_dto,
    portfolio_dto,
    unit_dto,
    unit_names,
)
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
        return appointment_dto(s, _store(s, a))


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
        return portfolio_dto(s, _store(s, p))


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
        return ab_dto(s, _store(s, pair))


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
        return entrustment_dto(s, _store(s, e))


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
