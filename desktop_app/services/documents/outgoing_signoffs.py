"""发文 sign-off chain (R33.1–R33.3, R34, R6.2): the checklist shown to the clerk and recording one
sign-off — refused unless the signer held the needed post on the day signed, and unless the steps
before it are on record. When the last step is recorded the document is 签发 (status signed).

Each sign-off derives the vice mayors in charge again on its day (`outgoing_in_charge`): the
drafting unit and what the document touches decide them, never the clerk; a unit with none that
day is refused. A vice-mayor step is checked with `in_charge.check_signer`: the vice mayor in
charge himself, or his AB partner while he is away (R6.2, B角代签); a vice mayor of another
portfolio is refused under the step's own article (第三十三条/第三十四条)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from db.engine import Database
from db.models import Unit
from db.models.outgoing import OutgoingDocument, OutgoingSignoff
from desktop_app.rules import documents as r
from desktop_app.rules.incoming import check_classified
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.absences.away import signing_partner
from desktop_app.services.directory import queries as q
from desktop_app.services.documents import outgoing_in_charge as vm_of
from desktop_app.services.documents.outgoing_drafts import (
    change_document,
    dto_of,
    void_unfitting_signoffs,
)
from desktop_app.services.documents.outgoing_dto import (
    VM_POSTS,
    OutgoingDTO,
    SignoffLine,
    facts_of,
    match,
    missing_steps,
    recorded_keys,
    signoffs_of,
    step_lines,
)
from desktop_app.services.system import ledger_provenance
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    get_existing,
    load_for_update,
    require,
    void_record,
)

# Every step a chain may have (rules.documents.required_signoffs).
STEP_KEYS = ("vice_mayor_agree", "vice_mayors_review", "office_review", "sign")
# A step of an imported document with no record: it was done on paper (not checked today).
PAPER = "已在纸质文件上审批（导入的历史记录，未逐项登记）"
NEEDED = {
    "office_review": "市政府办公室负责人或常务秘书",
    "mayor_or_exec_vice_mayor": "市长或常务副市长",
}


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
        name = q.person_name(s, vm)
        partner = signing_partner(s, vm, day)
        if partner is not None:
            return f"分管副市长 {name}（外出，可由AB角{q.person_name(s, partner)}代签）"
        return f"分管副市长 {name}"
    if step.post in VM_POSTS:
        return "分管副市长（按拟稿单位及所涉单位、战线确定，签署时核定）"
    if step.post in ("exec_vice_mayor", "mayor"):
        h = q.holder(s, step.post, day)
        return f"{'市长' if step.post == 'mayor' else '常务副市长'} {h.name if h else '（空缺）'}"
    return NEEDED.get(step.post, step.label)


def signoff_checklist(
    db: Database, user: CurrentUser, outgoing_id: int, day: date | None = None
) -> list[SignoffLine]:
    """The chain as a checklist, in order: one line per step (per vice mayor, where the step is
    theirs), who is needed (holders as of `day`, default today) and who signed, when and how."""
    day = day or date.today()
    with db.read() as s:
        d = s.get(OutgoingDocument, outgoing_id)
        if d is None:
            raise ValidationError("发文不存在。")
        check_classified(d.secrecy, user.can("classified"))
        signed = signoffs_of(s, [d.id]).get(d.id, [])
        paper = bool(ledger_provenance.imported_ids(s, OutgoingDocument.__tablename__, [d.id]))
        out = []
        for step, vm in step_lines(d):
            x = match((step, vm), signed)
            line = SignoffLine(
                step_key=step.key,
                label=step.label,
                rule_id=step.rule_id,
                needed=PAPER
                if paper and x is None
                else _needed(s, step, vm, x.signed_on if x else day),
                for_person_id=vm,
                done=x is not None,
                post=step.post,
            )
            if x is not None:
                line = replace(
                    line,
                    signoff_id=x.id,
                    signer_id=x.person_id,
                    signer_name=q.person_name(s, x.person_id),
                    signed_on=x.signed_on,
                    capacity=x.capacity,
                    opinion=x.opinion,
                )
            out.append(line)
        return out


def _vice_mayor_for(
    s: Session,
    step: r.SignOffStep,
    derived: list[in_charge.InCharge],
    person_id: int,
    for_person_id: int | None,
) -> in_charge.InCharge:
    """Which derived vice mayor this sign-off is for: the one named, else the signer himself,
    else the only one, else the one the signer stands in for (B角)."""
    by_id = {x.person_id: x for x in derived}
    if for_person_id is not None:
        if for_person_id not in by_id:
            names = "、".join(x.name for x in derived)
            raise violation(
                step.rule_id,
                f"{q.person_name(s, for_person_id)}当日不分管本文件"
                f"涉及的单位或战线；「{step.label}」应由{names}签署。",
            )
        return by_id[for_person_id]
    if person_id in by_id:
        return by_id[person_id]
    if len(derived) == 1:
        return derived[0]
    stand_in = [x for x in derived if x.partner_id == person_id]
    if len(stand_in) == 1:
        return stand_in[0]
    names = "、".join(x.name for x in derived)
    raise violation(
        step.rule_id,
        f"「{step.label}」须由分管副市长（{names}）分别签署；"
        f"{q.person_name(s, person_id)}当日不分管本文件涉及的单位或战线，不能签署。",
    )


def _check_signer(
    s: Session,
    step: r.SignOffStep,
    person_id: int,
    for_person_id: int | None,
    day: date,
    signed: list[OutgoingSignoff],
    derived: list[in_charge.InCharge],
) -> tuple[int | None, str]:
    """(vice mayor the sign-off is for, capacity) — or the rule's refusal."""
    if step.post in VM_POSTS:
        who = _vice_mayor_for(s, step, derived, person_id, for_person_id)
        if match((step, who.person_id), signed):
            raise ValidationError(f"{who.name}的「{step.label}」已登记。")
        check = in_charge.check_signer(s, step.rule_id, step.label, who, person_id)
        return who.person_id, check.capacity
    if any(x.step_key == step.key for x in signed):
        raise ValidationError(f"「{step.label}」已登记。")
    if step.post == "office_review":
        posts = _office_posts(s, person_id, day)
    else:
        posts = [h.post_code for h in q.posts_of(s, person_id, day)]
    agent = q.entrusted_agent(s, day)
    entrusted = agent is not None and agent.agent_id == person_id
    return None, r.check_signoff(step, posts, False, entrusted)


def record_signoff(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    *,
    step_key: str,
    person_id: int,
    signed_on: date,
    for_person_id: int | None = None,
    opinion: str = "",
    expected_version: int | None = None,
) -> OutgoingDTO:
    """Record that `person_id` signed step `step_key` on `signed_on` (for vice mayor
    `for_person_id` where the step is a vice mayor's; optional when the signer is one of them,
    when only one is involved, or when the signer is the AB partner of exactly one).
    The vice mayors in charge are derived again on `signed_on` (R33.1/R33.2/R34): a unit or
    area with none that day is refused; sign-offs of vice mayors no longer in charge are voided.
    Refused (the step's rule ID) if the signer did not hold the needed post that day or an
    earlier step is missing; R6.2 for the AB partner while the vice mayor is not away."""

    def change(s: Session, d: OutgoingDocument) -> None:
        if d.status != "draft":
            raise ValidationError("签批程序已经完成。")
        if not isinstance(signed_on, date) or signed_on < d.drafted_on:
            raise ValidationError("签署日期不能早于拟稿日期。")
        before = d.vice_mayor_ids
        derived = vm_of.derive(s, d, signed_on)
        if d.vice_mayor_ids != before:
            void_unfitting_signoffs(
                s,
                d,
                user,
                "签署当日按分管登记确定的分管副市长与此签批不符（分管调整或所涉单位变化），此签批不再适用。",
            )
            s.flush()
        steps = r.required_signoffs(facts_of(d))
        step = next((x for x in steps if x.key == step_key), None)
        if step is None and step_key not in STEP_KEYS:
            raise ValidationError("请选择签批步骤。")
        if step is None:  # the article of this document's chain decides which steps it has
            raise violation(
                steps[0].rule_id,
                f"本文件的签批程序中没有这一步；应为：{'→'.join(x.label for x in steps)}。",
            )
        if not q.person_name(s, person_id):
            raise ValidationError("签署人不存在。")
        signed = signoffs_of(s, [d.id]).get(d.id, [])
        done = recorded_keys(d, signed)
        earlier_steps = steps[: steps.index(step)]
        for earlier in earlier_steps:
            if earlier.key not in done:
                raise violation(
                    step.rule_id, f"请先完成「{earlier.label}」，再登记「{step.label}」。"
                )
        labels = {x.key: x.label for x in earlier_steps}
        r.check_signoff_date(
            step,
            signed_on,
            [(labels[x.step_key], x.signed_on) for x in signed if x.step_key in labels],
        )
        vm, capacity = _check_signer(s, step, person_id, for_person_id, signed_on, signed, derived)
        x = OutgoingSignoff(
            document_id=d.id,
            step_key=step.key,
            person_id=person_id,
            for_person_id=vm,
            signed_on=signed_on,
            capacity=capacity,
            opinion=(opinion or "").strip(),
        )
        s.add(x)
        if not missing_steps(d, [*signed, x]):
            d.status, d.signed_on = "signed", signed_on  # the last step is 签发
        # Bump the document's version even before 签发: two clerks recording the same step at
        # once must not both succeed.
        flag_modified(d, "status")

    return change_document(db, user, outgoing_id, expected_version, change)


def void_signoff(
    db: Database, user: CurrentUser, signoff_id: int, reason: str, expected_version: int | None
) -> OutgoingDTO:
    """作废 a sign-off recorded by mistake (before the number is given); a 签发 document goes
    back to 签批中."""
    require(user, "records")
    with db.uow(user.username) as s:
        x = load_for_update(s, OutgoingSignoff, signoff_id, expected_version)
        d = get_existing(s, OutgoingDocument, x.document_id)
        check_classified(d.secrecy, user.can("classified"))
        if d.voided_at is not None:
            raise ValidationError("已作废的发文不能修改。")
        if d.status not in ("draft", "signed"):  # a number is given only to a signed document
            raise violation(
                "NUM",
                "发文已编号印发（签发后方可编号），签批记录不能再作废；"
                "如签批有误，请作废该发文后重新拟稿（原文号保留在登记中，不再使用）。",
            )
        void_record(s, OutgoingSignoff, signoff_id, reason, expected_version, user)
        s.flush()
        if d.status == "signed":
            d.status, d.signed_on = "draft", None
        return dto_of(s, d, user)
