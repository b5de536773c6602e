"""发文 sign-off chain (R33.1–R33.3, R34, R6.2): the checklist shown to the clerk and recording one
sign-off — refused unless the signer held the needed post on the day signed, and unless the steps
before it are on record. When the last step is recorded the document is 签发 (status signed).

R6.2: a step addressed to a vice mayor may be signed by their AB partner only while that vice
mayor is away (approved absence covering the day); absences are kept by `services.away`."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Unit
from db.models.outgoing import OutgoingDocument, OutgoingSignoff
from desktop_app.rules import documents as r
from desktop_app.rules.incoming import check_classified
from desktop_app.rules.org import b_role_may_sign
from desktop_app.rules.registry import violation
from desktop_app.services import directory_queries as q
from desktop_app.services.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    void_record,
)
from desktop_app.services.outgoing_drafts import change_document, dto_of
from desktop_app.services.outgoing_dto import (
    VM_POSTS,
    OutgoingDTO,
    SignoffLine,
    facts_of,
    ids_of,
    match,
    missing_steps,
    recorded_keys,
    signoffs_of,
    step_lines,
)

NEEDED = {"office_review": "市政府办公室负责人或常务秘书", "mayor_or_exec_vice_mayor": "市长或常务副市长"}


def is_away(s: Session, person_id: int, day: date) -> bool:
    """R6.2: whether the vice mayor is away on an approved absence covering `day`. Absences are
    recorded by another part of the app; without it nobody counts as away."""
    try:
        from desktop_app.services.away import is_away as away  # noqa: PLC0415 - optional part
    except ImportError:
        return False
    return bool(away(s, person_id, day))


def _office_posts(s: Session, person_id: int, day: date) -> list[str]:
    """The posts `person_id` holds in 市政府办公室 (units of kind office) on `day`."""
    out = []
    for h in q.posts_of(s, person_id, day):
        unit = s.get(Unit, h.unit_id) if h.unit_id else None
        if unit is not None and unit.kind == "office":
            out.append(h.post_code)
    return out


def _needed(s: Session, step: r.SignOffStep, vm: int | None, day: date) -> str:
    if vm is not None:
        return f"分管副市长 {q.person_name(s, vm)}"
    if step.post in ("exec_vice_mayor", "mayor"):
        h = q.holder(s, step.post, day)
        return f"{'市长' if step.post == 'mayor' else '常务副市长'} {h.name if h else '（空缺）'}"
    return NEEDED.get(step.post, step.label)


def signoff_checklist(db: Database, user: CurrentUser, outgoing_id: int,
                      day: date | None = None) -> list[SignoffLine]:
    """The chain as a checklist, in order: one line per step (per vice mayor, where the step is
    theirs), who is needed (holders as of `day`, default today) and who signed, when and how."""
    day = day or date.today()
    with db.read() as s:
        d = s.get(OutgoingDocument, outgoing_id)
        if d is None:
            raise ValidationError("发文不存在。")
        check_classified(d.secrecy, user.can("classified"))
        signed = signoffs_of(s, [d.id]).get(d.id, [])
        out = []
        for step, vm in step_lines(d):
            x = match((step, vm), signed)
            base = dict(step_key=step.key, label=step.label, rule_id=step.rule_id,
                        needed=_needed(s, step, vm, x.signed_on if x else day), for_person_id=vm)
            if x is None:
                out.append(SignoffLine(**base, done=False))
            else:
                out.append(SignoffLine(**base, done=True, signoff_id=x.id, signer_id=x.person_id,
                                       signer_name=q.person_name(s, x.person_id),
                                       signed_on=x.signed_on, capacity=x.capacity,
                                       opinion=x.opinion))
        return out


def _check_signer(s: Session, d: OutgoingDocument, step: r.SignOffStep, person_id: int,
                  for_person_id: int | None, day: date,
                  signed: list[OutgoingSignoff]) -> tuple[int | None, str]:
    """(vice mayor the sign-off is for, capacity) — or the rule's refusal."""
    if step.post in VM_POSTS:
        vms = ids_of(d.vice_mayor_ids)
        if for_person_id is None and len(vms) == 1:
            for_person_id = vms[0]
        if for_person_id not in vms:
            raise ValidationError("请选择此签批环节对应的副市长（须为本文件涉及分管的副市长）。")
        if match((step, for_person_id), signed):
            raise ValidationError(f"{q.person_name(s, for_person_id)}的「{step.label}」已登记。")
        away = person_id != for_person_id and is_away(s, for_person_id, day)
        capacity = b_role_may_sign(for_person_id, person_id, q.ab_partner(s, for_person_id, day),
                                   away).capacity
        posts = [h.post_code for h in q.posts_of(s, person_id, day)]
        r.check_signoff(step, posts, bool(q.portfolio_of(s, for_person_id, day)))
        return for_person_id, capacity
    if any(x.step_key == step.key for x in signed):
        raise ValidationError(f"「{step.label}」已登记。")
    if step.post == "office_review":
        posts = _office_posts(s, person_id, day)
    else:
        posts = [h.post_code for h in q.posts_of(s, person_id, day)]
    agent = q.entrusted_agent(s, day)
    entrusted = agent is not None and agent.agent_id == person_id
    return None, r.check_signoff(step, posts, False, entrusted)


def record_signoff(db: Database, user: CurrentUser, outgoing_id: int, *, step_key: str,
                   person_id: int, signed_on: date, for_person_id: int | None = None,
                   opinion: str = "", expected_version: int | None = None) -> OutgoingDTO:
    """Record that `person_id` signed step `step_key` on `signed_on` (for vice mayor
    `for_person_id` where the step is a vice mayor's; optional when only one is involved).
    Refused (the step's rule ID) if the signer did not hold the needed post that day or an
    earlier step is missing; R6.2 for someone signing in a vice mayor's place."""
    def change(s: Session, d: OutgoingDocument) -> None:
        if d.status != "draft":
            raise ValidationError("签批程序已经完成。")
        steps = r.required_signoffs(facts_of(d))
        step = next((x for x in steps if x.key == step_key), None)
        if step is None:
            raise ValidationError("本文件的签批程序中没有这一步；应为："
                                  f"{'→'.join(x.label for x in steps)}。")
        if not isinstance(signed_on, date) or signed_on < d.drafted_on:
            raise ValidationError("签署日期不能早于拟稿日期。")
        if not q.person_name(s, person_id):
            raise ValidationError("签署人不存在。")
        signed = signoffs_of(s, [d.id]).get(d.id, [])
        done = recorded_keys(d, signed)
        for earlier in steps[:steps.index(step)]:
            if earlier.key not in done:
                raise violation(step.rule_id, f"请先完成「{earlier.label}」，再登记「{step.label}」。")
        vm, capacity = _check_signer(s, d, step, person_id, for_person_id, signed_on, signed)
        x = OutgoingSignoff(document_id=d.id, step_key=step.key, person_id=person_id,
                            for_person_id=vm, signed_on=signed_on, capacity=capacity,
                            opinion=(opinion or "").strip())
        s.add(x)
        if not missing_steps(d, [*signed, x]):
            d.status, d.signed_on = "signed", signed_on  # the last step is 签发

    return change_document(db, user, outgoing_id, expected_version, change)


def void_signoff(db: Database, user: CurrentUser, signoff_id: int, reason: str,
                 expected_version: int | None) -> OutgoingDTO:
    """作废 a sign-off recorded by mistake (before the number is given); a 签发 document goes
    back to 签批中."""
    require(user, "records")
    with db.uow(user.username) as s:
        x = load_for_update(s, OutgoingSignoff, signoff_id, expected_version)
        d = s.get(OutgoingDocument, x.document_id)
        check_classified(d.secrecy, user.can("classified"))
        if d.voided_at is not None or d.status not in ("draft", "signed"):
            raise ValidationError("发文已编号印发，签批记录不能再作废。")
        void_record(s, OutgoingSignoff, signoff_id, reason, expected_version, user)
        s.flush()
        if d.status == "signed":
            d.status, d.signed_on = "draft", None
        return dto_of(s, d)
