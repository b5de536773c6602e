"""Recording the approval chain of an absence request (R62.2, R62.3, R62.10, R6.2, R6.3).

Each step is recorded only by someone holding the step's post on the signing day (the directory
is dated): the mayor; the party secretary (市委书记 — or, where the directory has no holder that
day, the approver's name and post as written on the paper); the vice mayor in charge of the
person's unit, or their AB partner while that vice mayor is away (「B角代签」). 抄报市委 and the
supervision office's registration are recorded by the office with what was done. The request is
approved when every step of its chain is recorded.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm.attributes import flag_modified

from db.engine import Database
from db.models.absences import Absence, AbsenceApproval
from desktop_app.rules import absences as r
from desktop_app.rules.org import SignerCheck
from desktop_app.services import directory_queries as dq
from desktop_app.services.absences_dto import (
    AbsenceDTO,
    absence_dto,
    chain_of,
    live_approvals,
)
from desktop_app.services.away import is_away
from desktop_app.services.calendar_admin import work_calendar
from desktop_app.services.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    void_record,
)


def _signer(s, row: Absence, step: r.Step, day: date, signer_id: int | None, name: str,
            post: str) -> tuple[int | None, str, str, SignerCheck]:
    """(signer id, name, post text, capacity) for `step` signed on `day`, or a RuleViolation."""
    if step.post == "mayor":
        mayor = dq.holder(s, "mayor", day)
        ent = dq.entrusted_agent(s, day)
        signer_id = signer_id if signer_id is not None else (mayor.person_id if mayor else None)
        if signer_id is None:
            r.check_mayor_signer(step.rule_id, None, 0, None)
        check = r.check_mayor_signer(step.rule_id, mayor.person_id if mayor else None,
                                     signer_id, ent.agent_id if ent else None)
        return signer_id, dq.person_name(s, signer_id), mayor.title if mayor else "", check
    if step.post == "party_secretary":
        sec = dq.holder(s, "party_secretary", day)
        if sec is not None and signer_id is None:
            signer_id = sec.person_id
        check = r.check_secretary_signer(sec.person_id if sec else None, signer_id, name, post)
        if sec is not None:
            return signer_id, sec.name, sec.title, check
        return None, name.strip()[:64], post.strip()[:128], check
    if step.post == "vm_in_charge":
        vm = dq.vice_mayor_in_charge(s, row.unit_id, day) if row.unit_id else None
        vm_id = vm.person_id if vm else None
        signer_id = signer_id if signer_id is not None else vm_id
        partner = dq.ab_partner(s, vm_id, day) if vm_id else None
        check = r.check_vm_signer(vm_id, signer_id if signer_id is not None else 0, partner,
                                  bool(vm_id) and is_away(s, vm_id, day))
        held = [h for h in dq.posts_of(s, signer_id, day) if h.post_code in
                ("exec_vice_mayor", "vice_mayor")]
        return signer_id, dq.person_name(s, signer_id), held[0].title if held else "", check
    # Recorded by the office (抄报市委, 督查室登记): what was done is the note.
    return None, (name or "").strip()[:64], (post or "").strip()[:128], SignerCheck(True, "记录")


def record_approval(db: Database, user: CurrentUser, absence_id: int, step: str,
                    signed_on: date, signer_id: int | None = None, signer_name: str = "",
                    signer_post: str = "", opinion: str = "", note: str = "",
                    expected_version: int | None = None, today: date | None = None
                    ) -> AbsenceDTO:
    """Record one step of the chain of request (or amendment) `absence_id`. With no signer
    given, the holder of the step's post that day is recorded."""
    require(user, "records")
    today = today or date.today()
    if signed_on is None:
        raise ValidationError("请填写签署日期。")
    if signed_on > today:
        raise ValidationError("签署日期不能晚于今天。")
    cal = work_calendar(db)
    with db.uow(user.username) as s:
        row = load_for_update(s, Absence, absence_id, expected_version)
        root = s.get(Absence, row.amends_id) if row.amends_id else row
        if row.voided_at is not None or (root is not None and root.voided_at is not None):
            raise ValidationError("该外出请示已作废。")
        if row.status == "approved":
            raise ValidationError("该外出请示已批准，各环节均已登记。")
        if signed_on < row.filed_on:
            raise ValidationError("签署日期不能早于请示日期。")
        chain = chain_of(row)
        recorded = {a.step: a.signed_on for a in live_approvals(s, row.id)}
        r.check_step_order(step, [st.code for st in chain], recorded, signed_on)
        st = r.STEPS[step]
        if st.post == "":
            r.check_recorded_step(step, note)
        sid, name, post, check = _signer(s, row, st, signed_on, signer_id, signer_name,
                                         signer_post)
        if sid is not None and sid == row.person_id:
            raise ValidationError("外出人员本人不能审批自己的外出请示。")
        s.add(AbsenceApproval(absence_id=row.id, step=step, signer_id=sid, signer_name=name,
                              signer_post=post, signed_on=signed_on, capacity=check.capacity,
                              opinion=(opinion or "").strip(), note=(note or "").strip()))
        recorded[step] = signed_on
        if not r.missing_steps(chain, recorded):
            row.status, row.approved_on = "approved", max(recorded.values())
        # Bump the request's version even when not yet approved: two clerks recording the
        # same step at once must not both succeed.
        flag_modified(row, "status")
        s.flush()
        return absence_dto(s, row, cal)


def void_approval(db: Database, user: CurrentUser, approval_id: int, reason: str,
                  expected_version: int | None) -> AbsenceDTO:
    """作废 a recorded step (wrongly entered); an approved request goes back to 待审批 until the
    step is recorded again. Not once the person is back."""
    require(user, "records")
    cal = work_calendar(db)
    with db.uow(user.username) as s:
        a = load_for_update(s, AbsenceApproval, approval_id, expected_version)
        row = s.get(Absence, a.absence_id)
        root = s.get(Absence, row.amends_id) if row.amends_id else row
        if root.returned_on is not None:
            raise ValidationError("已登记返回，审批记录不能再作废。")
        void_record(s, AbsenceApproval, approval_id, reason, expected_version, user)
        row.status, row.approved_on = "pending", None
        s.flush()
        return absence_dto(s, row, cal)
