"""Recording the approval chain of an absence request (R62.2, R62.3, R62.10, R66, R6.2, R6.3).

Each step is recorded only by someone holding the step's post on the signing day (the directory
is dated): the mayor; the party secretary (市委书记 — or, where the directory has no holder that
day, the approver's name and post as written on the paper); the vice mayor in charge of the
person's unit (`services.in_charge`: derived from the directory, never picked), or his AB partner
while he is away (「B角代签」). 抄报市委 and the supervision office's registration are recorded by
the office with what was done; a township party secretary's request (the 市委 line) with who in
the 市委 approved it and when; an official trip abroad of a government leader with the
foreign-affairs office's opinion (who, when, what) before any approval (R66). The request is
approved — for the mayor and the party line: recorded — when every step of its chain is recorded.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm.attributes import flag_modified

from db.engine import Database
from db.models.absences import Absence, AbsenceApproval
from desktop_app.rules import absences as r
from desktop_app.rules.org import POSTS, SignerCheck
from desktop_app.services.absences import in_charge
from desktop_app.services.absences.commands import follow_itinerary_in_force
from desktop_app.services.absences.dto import AbsenceDTO, absence_dto, chain_of, live_approvals
from desktop_app.services.directory import queries as dq
from desktop_app.services.system.calendar_admin import work_calendar
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    get_existing,
    load_for_update,
    require,
    void_record,
)


def _directory_signer(s, signer_id: int, day: date) -> tuple[str, str]:
    """Name and highest post title of a person picked from the directory, on `day`."""
    held = dq.posts_of(s, signer_id, day)
    title = ""
    if held:
        top = max(held, key=lambda h: POSTS[h.post_code].rank if h.post_code in POSTS else 0)
        title = f"{top.unit_name}{top.title}" if top.unit_id else top.title
    return dq.person_name(s, signer_id), title


def _signer(
    s, row: Absence, step: r.Step, day: date, signer_id: int | None, name: str, post: str
) -> tuple[int | None, str, str, SignerCheck]:
    """(signer id, name, post text, capacity) for `step` signed on `day`, or a RuleViolation."""
    if step.post == "mayor":
        mayor = dq.holder(s, "mayor", day)
        ent = dq.entrusted_agent(s, day)
        mayor_id = r.check_mayor_in_office(step.rule_id, mayor.person_id if mayor else None)
        signer_id = signer_id if signer_id is not None else mayor_id
        check = r.check_mayor_signer(
            step.rule_id, mayor_id, signer_id, ent.agent_id if ent else None
        )
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
        # R62.3 with R6.1/R6.2: the vice mayor in charge of the person's unit that day, derived
        # from the directory (never picked); his AB partner only while he is away.
        who = in_charge.require(s, step.rule_id, day, unit_id=row.unit_id)
        signer_id = signer_id if signer_id is not None else who.person_id
        check = in_charge.check_signer(s, step.rule_id, step.title, who, signer_id)
        held = [
            h
            for h in dq.posts_of(s, signer_id, day)
            if h.post_code in ("exec_vice_mayor", "vice_mayor")
        ]
        return signer_id, dq.person_name(s, signer_id), held[0].title if held else "", check
    # Recorded by the office (抄报市委, 督查室登记, 市委's approval in the party line, 外事处意见):
    # who as written on the paper, or as the directory names him when picked from it.
    if signer_id is not None:
        name, title = _directory_signer(s, signer_id, day)
        return signer_id, name, title, SignerCheck(True, "记录")
    return None, (name or "").strip()[:64], (post or "").strip()[:128], SignerCheck(True, "记录")


def signer_hint(db: Database, absence_id: int, step: str, day: date) -> str:
    """Who the step needs on `day`, for the clerk to confirm (never to choose): for 分管副市长同意
    the vice mayor in charge derived from the directory, and his AB partner while he is away.
    A unit without a vice mayor in charge that day is refused here already (R62.3)."""
    st = r.STEPS.get(step)
    if st is None:
        raise ValidationError("未知的审批环节。")
    with db.read() as s:
        row = s.get(Absence, absence_id)
        if row is None:
            raise ValidationError("外出请示记录不存在。")
        if st.post == "vm_in_charge":
            who = in_charge.require(s, st.rule_id, day, unit_id=row.unit_id)
            text = f"{row.unit_name}的分管副市长：{who.name}"
            if who.stand_in_id is not None:
                text += f"（经批准外出，可由AB角{who.partner_name}代签，记为「B角代签」）"
            elif who.away:
                text += "（经批准外出，AB角也不在，须待其返回后签署）"
            return text
        if st.post == "mayor":
            mayor = dq.holder(s, "mayor", day)
            return f"市长：{mayor.name}" if mayor else "当日没有在任市长"
        if st.post == "party_secretary":
            sec = dq.holder(s, "party_secretary", day)
            return (
                f"市委书记：{sec.name}" if sec else "名录中当日无市委书记：请照批件填写姓名和职务"
            )
        return {
            "party_line": "照市委批件填写批准人姓名、职务和批准日期",
            "fao_opinion": "填写市外事处提出意见的人员、日期和意见内容",
        }.get(step, "由办公室登记办理情况")


def record_approval(
    db: Database,
    user: CurrentUser,
    absence_id: int,
    step: str,
    signed_on: date,
    signer_id: int | None = None,
    signer_name: str = "",
    signer_post: str = "",
    opinion: str = "",
    note: str = "",
    expected_version: int | None = None,
    today: date | None = None,
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
        sid, name, post, check = _signer(s, row, st, signed_on, signer_id, signer_name, signer_post)
        if st.post == "":
            r.check_recorded_step(step, note, name, post, opinion)
        # The person going away never signs a step of his own request: the step's article
        # (R62.2/R62.3/R62.10/R66) sends the request to someone else.
        r.check_not_own_request(step, sid, row.person_id)
        s.add(
            AbsenceApproval(
                absence_id=row.id,
                step=step,
                signer_id=sid,
                signer_name=name,
                signer_post=post,
                signed_on=signed_on,
                capacity=check.capacity,
                opinion=(opinion or "").strip(),
                note=(note or "").strip(),
            )
        )
        recorded[step] = signed_on
        if not r.missing_steps(chain, recorded):
            row.status, row.approved_on = "approved", max(recorded.values())
            if root is not None and root.id != row.id:  # a change of itinerary now in force
                s.flush()
                follow_itinerary_in_force(s, root)
        # Bump the request's version even when not yet approved: two clerks recording the
        # same step at once must not both succeed.
        flag_modified(row, "status")
        s.flush()
        return absence_dto(s, row, cal)


def void_approval(
    db: Database, user: CurrentUser, approval_id: int, reason: str, expected_version: int | None
) -> AbsenceDTO:
    """作废 a recorded step (wrongly entered); an approved request goes back to 待审批 until the
    step is recorded again. Not once the person is back."""
    require(user, "records")
    cal = work_calendar(db)
    with db.uow(user.username) as s:
        a = load_for_update(s, AbsenceApproval, approval_id, expected_version)
        row = get_existing(s, Absence, a.absence_id)
        root = get_existing(s, Absence, row.amends_id) if row.amends_id else row
        if root.returned_on is not None:
            raise ValidationError("已登记返回，审批记录不能再作废。")
        void_record(s, AbsenceApproval, approval_id, reason, expected_version, user)
        row.status, row.approved_on = "pending", None
        s.flush()
        if root.id != row.id:  # the itinerary in force may be an earlier one again
            follow_itinerary_in_force(s, root)
            s.flush()
        return absence_dto(s, row, cal)
