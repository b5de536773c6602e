"""纪要 review: the steps between draft and signing (R23.7.2) and the objections raised before issue
(R29.4).

Each step is dated, in order and never before the last one; the legality review is by a person of
法制办公室 and the 常务副市长 review by the day's 常务副市长, each checked against the dated
directory on the step's day. `take_step` is shared with services.meetings.minutes_issue, whose
signing and issue are the last two steps. Objections name who raised them and how they were
settled; the minutes go no further than 征求意见 while one is unsettled.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Appointment, Meeting, MinutesRecord, Unit
from desktop_app.formatting import format_date
from desktop_app.rules.minutes import (
    MINUTES_STATE_NAMES,
    check_minutes_hand,
    check_minutes_step,
    check_objection_open,
    check_objections_before_issue,
    check_objections_settled,
)
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.minutes import is_confidential, load_minutes
from desktop_app.services.meetings.minutes_dto import MinutesDTO, dto, objections_of, shown
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system.common import CurrentUser, ValidationError, require

DATE_FIELDS = {
    "draft": "drafted_on",
    "comments": "comments_on",
    "legal": "legal_on",
    "exec_review": "exec_reviewed_on",
    "signed": "signed_on",
    "issued": "issued_on",
}
LEGAL_UNIT = (
    "法制办公室",
    "法制办",
)  # the unit that reviews legality (R23.7.2), name or short name


def take_step(rec: MinutesRecord, m: Meeting, target: str, on: date | None) -> None:
    """Move to `target` on date `on` (R23.7.2): in order, and never dated before the last step."""
    check_minutes_step(m.kind, rec.state, target)
    if on is None:
        raise ValidationError(f"请填写「{MINUTES_STATE_NAMES[target]}」的日期。")
    if target != "comments":  # R29.4: objections are settled before the minutes go further
        check_objections_settled(
            [x["who"] for x in objections_of(rec) if not x.get("how", "").strip()]
        )
    if target == "issued":  # R29.4: none raised after the issue
        check_objections_before_issue(
            on, [(x["who"], date.fromisoformat(x["raised_on"])) for x in objections_of(rec)]
        )
    earlier = [
        (getattr(rec, f), MINUTES_STATE_NAMES[k])
        for k, f in DATE_FIELDS.items()
        if getattr(rec, f) is not None
    ]
    earlier.append((meeting_day(m.starts_at), "会议日期"))
    last, what = max(earlier, key=lambda x: x[0])
    if on < last:
        raise ValidationError(
            f"「{MINUTES_STATE_NAMES[target]}」日期不能早于{what}（{format_date(last)}）。"
        )
    setattr(rec, DATE_FIELDS[target], on)
    rec.state = target


def legal_unit(s: Session) -> Unit | None:
    return s.scalar(
        select(Unit).where(
            Unit.voided_at.is_(None), Unit.name.in_(LEGAL_UNIT) | Unit.short_name.in_(LEGAL_UNIT)
        )
    )


def legal_staff(s: Session, day: date) -> list[tuple[int, str]]:
    """(person, label) of everyone holding a post in 法制办公室 on `day`, its head first."""
    unit = legal_unit(s)
    if unit is None:
        return []
    rows = s.execute(
        select(Appointment.person_id, Appointment.post_code)
        .where(Appointment.unit_id == unit.id, *q.on_day(Appointment, day))
        .order_by(Appointment.post_code != "unit_head", Appointment.id)
    )
    seen: dict[int, str] = {}
    for pid, _post in rows:
        seen.setdefault(pid, f"{q.person_name(s, pid)}（{unit.name}）")
    return list(seen.items())


def _reviewer(s: Session, step: str, by: int | None, day: date) -> int:
    """R23.7.2: the legality reviewer belonged to 法制办公室 that day, the reviewer held the post
    常务副市长 that day. None given: the unit's head / the day's 常务副市长."""
    if step == "legal":
        staff = [pid for pid, _label in legal_staff(s, day)]
        chosen = by if by is not None else (staff[0] if staff else None)
    else:
        evm = q.holder(s, "exec_vice_mayor", day)
        staff = [evm.person_id] if evm else []
        chosen = by if by is not None else (evm.person_id if evm else None)
    check_minutes_hand(step, q.person_name(s, chosen), format_date(day), chosen in staff)
    assert chosen is not None  # refused above: no one (None) is in staff
    return chosen


def advance_minutes(
    db: Database,
    user: CurrentUser,
    minutes_id: int,
    to_state: str,
    on: date,
    expected_version: int | None = None,
    by_person_id: int | None = None,
) -> MinutesDTO:
    """Record a review step (R23.7.2): comments (征求汇报部门意见), legal (法制办合法性审查, by a
    person of 法制办公室) or exec_review (常务副市长审核, by the day's 常务副市长), each with its date
    and, for the reviews, who reviewed."""
    require(user, "records")
    if to_state not in ("comments", "legal", "exec_review"):
        raise ValidationError("签发和印发请使用相应操作。")
    with db.uow(user.username) as s:
        rec, m = load_minutes(s, minutes_id, expected_version)
        take_step(rec, m, to_state, on)
        if to_state == "legal":
            rec.legal_reviewer_id = _reviewer(s, "legal", by_person_id, on)
        elif to_state == "exec_review":
            rec.exec_reviewer_id = _reviewer(s, "exec_review", by_person_id, on)
        s.flush()
        return shown(dto(s, rec), user)


def record_objection(
    db: Database,
    user: CurrentUser,
    minutes_id: int,
    *,
    what: str,
    raised_on: date,
    unit_id: int | None = None,
    person_id: int | None = None,
    how: str = "",
    expected_version: int | None = None,
) -> MinutesDTO:
    """R29.4: an objection to a matter the meeting studied, raised at the meeting or before the
    minutes are issued — which unit or person, what, and how it was settled (may follow later
    through `settle_objection`). After issue none are taken."""
    require(user, "records")
    what = (what or "").strip()
    if unit_id is None and person_id is None:
        raise ValidationError("请选择提出不同意见的单位或人员。")
    if not what:
        raise ValidationError("请填写不同意见的内容。")
    if raised_on is None:
        raise ValidationError("请填写提出日期。")
    with db.uow(user.username) as s:
        rec, m = load_minutes(s, minutes_id, expected_version)
        meeting_secrecy.check_may_see(user, is_confidential(rec, m), "纪要不同意见")
        check_objection_open(m.kind, rec.state == "issued")
        if raised_on < meeting_day(m.starts_at):
            raise ValidationError("不同意见的提出日期不能早于会议日期。")
        who = f"{q.unit_name(s, unit_id) if unit_id else ''}{q.person_name(s, person_id)}"
        if not who:
            raise ValidationError("提出不同意见的单位或人员不存在。")
        rows = objections_of(rec)
        rows.append(
            {
                "who": who,
                "unit_id": unit_id,
                "person_id": person_id,
                "what": what[:500],
                "how": (how or "").strip()[:500],
                "raised_on": raised_on.isoformat(),
            }
        )
        rec.objections_json = json.dumps(rows, ensure_ascii=False)
        s.flush()
        return shown(dto(s, rec), user)


def settle_objection(
    db: Database,
    user: CurrentUser,
    minutes_id: int,
    index: int,
    how: str,
    expected_version: int | None = None,
) -> MinutesDTO:
    """R29.4: how an objection was settled (before issue)."""
    require(user, "records")
    how = (how or "").strip()
    if not how:
        raise ValidationError("请填写处理结果。")
    with db.uow(user.username) as s:
        rec, m = load_minutes(s, minutes_id, expected_version)
        meeting_secrecy.check_may_see(user, is_confidential(rec, m), "纪要不同意见")
        check_objection_open(m.kind, rec.state == "issued")
        rows = objections_of(rec)
        if not 0 <= index < len(rows):
            raise ValidationError("请选择要记录处理结果的不同意见。")
        rows[index]["how"] = how[:500]
        rec.objections_json = json.dumps(rows, ensure_ascii=False)
        s.flush()
        return shown(dto(s, rec), user)


def step_people(db: Database, step: str, day: date) -> list[tuple[int, str]]:
    """(person, label) of those who may take a minutes step on `day` (R23.7.2), for the forms:
    draft — the 常务秘书; legal — the people of 法制办公室; exec_review — the 常务副市长."""
    with db.read() as s:
        if step == "legal":
            return legal_staff(s, day)
        post = {"draft": "standing_secretary", "exec_review": "exec_vice_mayor"}[step]
        return [(h.person_id, f"{h.name}（{h.title}）") for h in q.holders(s, post, day)]
