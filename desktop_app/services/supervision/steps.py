"""Approval chains on 督办 items, recorded from the signed paper: fiscal spending and disposal of
important fixed assets (R13: the vice mayor in charge reviews, then the mayor approves), meeting
foreign guests or Taiwan visitors (R67), and the assignment of an NPC suggestion or CPPCC proposal
(R72: the vice mayor in charge approves). Steps in order, each by whom the article names on the
signing day; the vice mayor in charge's AB partner while he is away (R6.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from db.engine import Database
from db.models.supervision import SupervisionItem, SupervisionStep
from desktop_app.rules import supervision as rules
from desktop_app.rules import supervision_steps as step_rules
from desktop_app.services.absences import away, in_charge
from desktop_app.services.directory import queries as dq
from desktop_app.services.supervision.commands import _text, require_supervision
from desktop_app.services.system.common import ValidationError, get_existing


@dataclass(frozen=True)
class StepDTO:
    id: int
    item_id: int
    step: str
    title: str
    signer_name: str
    signed_on: date
    capacity: str
    opinion: str


def chain_of(item: SupervisionItem) -> str | None:
    if item.source_kind in ("npc", "cppcc"):
        return "proposal"
    return item.matter if item.matter in rules.CHAINS else None


def _title(chain: str, step: str) -> str:
    return next(t for c, t, _w in rules.CHAINS[chain] if c == step)


def _mayor_approval(s: Session, title: str, signer_id: int, day: date) -> str:
    """R13: the mayor in office that day; while he is away, who presides in his place (the
    absences area's entrustment) is named in the refusal, since article 13 leaves the approval
    to the mayor himself."""
    mayor = dq.holder(s, "mayor", day)
    if mayor is None:
        return rules.check_mayor_approval(title, None, "", signer_id)
    info = away.away_info(s, mayor.person_id, day)
    entrusted = dq.entrusted_agent(s, day)
    stand_in = info.entrusted_id if info is not None else None
    if stand_in is None and entrusted is not None and entrusted.principal_id == mayor.person_id:
        stand_in = entrusted.agent_id
    return rules.check_mayor_approval(
        title,
        mayor.person_id,
        mayor.name,
        signer_id,
        away=info is not None,
        stand_in_id=stand_in,
        stand_in_name=dq.person_name(s, stand_in),
    )


def record_step(
    db: Database,
    user,
    item_id: int,
    *,
    step: str,
    signed_on: date,
    signer_id: int | None = None,
    signer_name: str = "",
    opinion: str = "",
) -> StepDTO:
    require_supervision(user)
    with db.uow(user.username) as s:
        item = s.get(SupervisionItem, item_id)
        if item is None or item.voided_at is not None:
            raise ValidationError("督办事项不存在或已作废。")
        chain = chain_of(item)
        if chain is None:
            raise ValidationError("该事项没有需要登记的审批环节。")
        dated = dict(
            s.execute(
                select(SupervisionStep.step, SupervisionStep.signed_on).where(
                    SupervisionStep.item_id == item.id, SupervisionStep.voided_at.is_(None)
                )
            ).all()
        )
        title, who = rules.check_chain_step(chain, step, list(dated))
        if signed_on is None:
            raise ValidationError(f"请填写「{title}」的日期。")
        step_rules.check_step_date(
            chain, title, signed_on, [(_title(chain, c), d) for c, d in dated.items()]
        )
        capacity = "记录"
        if who:
            if signer_id is None:
                raise ValidationError(f"请选择「{title}」的签署人。")
            signer_name = dq.person_name(s, signer_id)
            if who == "vm_in_charge":
                rule_id = "R72" if chain == "proposal" else "R13"
                vm = in_charge.require(s, rule_id, signed_on, unit_id=item.unit_id)
                if chain == "proposal":
                    rules.check_proposal_assignment(signer_id, [p for p, _n, _b in vm.may_sign()])
                capacity = in_charge.check_signer(s, rule_id, title, vm, signer_id).capacity
            elif who == "mayor":
                capacity = _mayor_approval(s, title, signer_id, signed_on)
            elif who == "office_director":
                director = dq.office_director(s, signed_on)
                rules.check_office_director(
                    title,
                    director.person_id if director else None,
                    director.name if director else "",
                    signer_id,
                    signed_on,
                )
                capacity = "本人"
            else:
                held = [h.post_code for h in dq.posts_of(s, signer_id, signed_on)]
                rules.check_post_signer(chain, title, who, held, False)
                capacity = "本人"
        elif not (signer_name or "").strip():
            raise ValidationError(f"请填写出具「{title}」的部门或人员。")
        row = SupervisionStep(
            item_id=item.id,
            step=step,
            signer_id=signer_id,
            signer_name=_text(signer_name, SupervisionStep, "signer_name", "签署人"),
            signed_on=signed_on,
            capacity=capacity,
            opinion=_text(opinion, SupervisionStep, "opinion", "意见"),
        )
        s.add(row)
        # Bump the item's version: two clerks recording the same step at once must not both
        # succeed.
        flag_modified(item, "status")
        s.flush()
        return StepDTO(
            row.id, item.id, step, title, row.signer_name, signed_on, capacity, row.opinion
        )


def steps_of(db: Database, item_id: int) -> list[StepDTO]:
    with db.read() as s:
        item = s.get(SupervisionItem, item_id)
        chain = chain_of(item) if item else None
        return [
            StepDTO(
                r.id,
                r.item_id,
                r.step,
                _title(chain, r.step) if chain else r.step,
                r.signer_name,
                r.signed_on,
                r.capacity,
                r.opinion,
            )
            for r in s.scalars(
                select(SupervisionStep)
                .where(SupervisionStep.item_id == item_id, SupervisionStep.voided_at.is_(None))
                .order_by(SupervisionStep.id)
            )
        ]


def _designated(s: Session, item: SupervisionItem, who: str, day: date) -> list[tuple[int, str]]:
    """Who the directory names for a step given to `who` on `day` (id, name with capacity)."""
    if who == "vm_in_charge":
        found = in_charge.find(s, day, unit_id=item.unit_id)
        if found is None:
            return []
        return [(pid, name + ("（B角代签）" if b else "")) for pid, name, b in found.may_sign()]
    if who == "office_director":
        director = dq.office_director(s, day)
        return [(director.person_id, director.name)] if director else []
    posts = {
        "mayor": ("mayor",),
        "exec_vice_mayor": ("exec_vice_mayor",),
        "exec_or_leader": ("exec_vice_mayor", "mayor", "vice_mayor"),
    }.get(who, ())
    return [(h.person_id, h.name) for p in posts for h in dq.holders(s, p, day)]


def signer_choices(db: Database, item_id: int, day: date) -> list[tuple[int | None, str]]:
    """The step form's signer list: for each step of the item's chain, who the directory names
    on `day` (labelled with the step), then everyone else — the service checks the signing day."""
    from desktop_app.services.directory.commands import list_persons

    with db.read() as s:
        item = get_existing(s, SupervisionItem, item_id)
        chain = chain_of(item)
        first: dict[int, str] = {}
        for _code, title, who in rules.CHAINS.get(chain or "", ()):
            for pid, name in _designated(s, item, who, day):
                first.setdefault(pid, f"{name}（{title}）")
    rest = [(p.id, p.name) for p in list_persons(db) if p.id not in first]
    return [(None, "（请选择）"), *first.items(), *rest]
