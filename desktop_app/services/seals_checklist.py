"""Who must approve a use of a seal, who may sign each item on a given day, and the checklist DTO.

The directory answers "who held the post that day" (directory_queries); absences (R6.2) come from
desktop_app.services.away when that module is present, otherwise nobody is taken to be away.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.errors import FubanError
from db.models import Unit
from db.models.seals import Seal, SealApplication, SealApproval, SealUse
from desktop_app.formatting import format_doc_number
from desktop_app.rules import seals as r
from desktop_app.services import directory_queries as q
from desktop_app.services.meetings import CHINA
from desktop_app.services.org_profile import profile_value
from desktop_app.services.seals_dto import (
    ApplicationDTO,
    ApprovalDTO,
    ChecklistItem,
    Signer,
    UseDTO,
)

NUMBER_PREFIX = "用印"


def china_today() -> date:
    return datetime.now(CHINA).date()


def application_number(year: int, seq: int) -> str:
    return format_doc_number(NUMBER_PREFIX, year, seq)


def is_away(s: Session, person_id: int, day: date) -> bool:
    """R6.2: an approved absence covers `day` (False while the absences module is not there)."""
    try:
        from desktop_app.services import away  # noqa: PLC0415 - optional, written separately
    except ImportError:
        return False
    fn = getattr(away, "is_away", None)
    return bool(fn(s, person_id, day)) if fn is not None else False


def office_unit_id(s: Session) -> int | None:
    """The 市政府办公室 in the directory: the unit named as in the organisation profile, else the
    first unit of kind office."""
    name = profile_value(s, "office_name")
    found = s.scalar(select(Unit.id).where(Unit.name == name, Unit.voided_at.is_(None)))
    if found is None:
        found = s.scalar(select(Unit.id).where(Unit.kind == "office", Unit.voided_at.is_(None))
                         .order_by(Unit.sort_order, Unit.id).limit(1))
    return found


def _holder_signers(s: Session, post: str, day: date, unit_id: int | None = None) -> list[Signer]:
    return [Signer(h.person_id, h.name, h.title) for h in q.holders(s, post, day, unit_id)]


def signers_for(s: Session, code: str, unit_id: int, day: date) -> list[Signer]:
    """Who may record item `code` of an application of `unit_id` on `day` ([] for items the clerk
    records without a post holder: legality review, the party seal, optional opinions)."""
    if code == "vice_mayor":
        vm = q.vice_mayor_in_charge(s, unit_id, day)
        if vm is None:
            return []
        found = [Signer(vm.person_id, vm.name, vm.title or "分管副市长")]
        partner = q.ab_partner(s, vm.person_id, day)
        if partner is not None and is_away(s, vm.person_id, day):
            found.append(Signer(partner, q.person_name(s, partner), "副市长（B角代签）", True))
        return found
    if code == "mayor":
        return _holder_signers(s, "mayor", day)
    if code == "tv":
        return _holder_signers(s, "mayor", day) + _holder_signers(s, "exec_vice_mayor", day)
    if code == "office_director":
        office = office_unit_id(s)
        return _holder_signers(s, "unit_head", day, office) if office is not None else []
    return []


POST_TEXT = {"vice_mayor": "分管副市长", "mayor": "市长", "tv": "市长或常务副市长",
             "office_director": "市政府办公室主任"}


def approval_dto(a: SealApproval) -> ApprovalDTO:
    return ApprovalDTO(a.id, a.version, a.kind, r.APPROVAL_KINDS.get(a.kind, a.kind), a.person_id,
                       a.signer_name, a.signer_title, a.b_role, a.signed_on, a.done_at,
                       a.opinion, a.created_by)


def use_dto(u: SealUse) -> UseDTO:
    return UseDTO(u.id, u.version, u.application_id, u.year, u.seq, u.used_at, u.copies_stamped,
                  u.copies_spoiled, u.supervisor, u.no_blank_paper, u.scan_sha256, u.note,
                  u.created_by, u.voided_at, u.voided_by, u.void_reason)


def requirements_of(app: SealApplication, seal_kind: str) -> list[r.Requirement]:
    return r.required_approvals(
        seal_kind=seal_kind, is_formal=app.is_formal, outgoing_id=app.outgoing_id,
        important=app.important, is_contract=app.is_contract,
        joint_with_party=app.joint_with_party, tv_announcement=app.tv_announcement)


def sign_off_state(s: Session, outgoing_id: int | None) -> tuple[bool, str]:
    """R45.1: is the outgoing document's sign-off chain complete? (done, why not)."""
    try:
        from desktop_app.services import outgoing  # noqa: PLC0415 - written separately
        check = outgoing.check_ready_to_seal
    except (ImportError, AttributeError):
        return False, "无法核对发文签批程序（发文登记功能尚未启用），暂不能用印。"
    try:
        check(s, outgoing_id)
    except FubanError as exc:  # the R45.1 violation, or the document missing / voided
        return False, exc.message
    return True, ""


def outgoing_label(s: Session, outgoing_id: int | None) -> str:
    """「同政发〔2018〕34号《标题》」 of the linked outgoing document ("" if none)."""
    if outgoing_id is None:
        return ""
    try:
        from desktop_app.services import outgoing  # noqa: PLC0415 - written separately
        return outgoing.outgoing_label(s, outgoing_id)
    except (ImportError, AttributeError, FubanError):
        return f"发文（编号 {outgoing_id}）"


def checklist(s: Session, app: SealApplication, seal_kind: str,
              approvals: list[SealApproval], day: date) -> list[ChecklistItem]:
    """The computed checklist: one item per requirement, done or not, with whom it is expected
    from on `day`."""
    by_kind = {a.kind: a for a in approvals}
    items = []
    for req in requirements_of(app, seal_kind):
        if req.code == "sign_off":
            done, why = sign_off_state(s, app.outgoing_id)
            items.append(ChecklistItem(req.code, req.rule_id, req.label, "", done, None, why))
            continue
        recorded = by_kind.get(req.code)
        who = ""
        if req.code in POST_TEXT:
            names = "、".join(x.name + ("（B角代签）" if x.b_role else "")
                             for x in signers_for(s, req.code, app.unit_id, day))
            who = f"{POST_TEXT[req.code]} {names}".strip() if names else \
                f"{POST_TEXT[req.code]}（未登记）"
        items.append(ChecklistItem(req.code, req.rule_id, req.label, who, recorded is not None,
                                   approval_dto(recorded) if recorded else None))
    return items


def active_approvals(s: Session, app_id: int) -> list[SealApproval]:
    return list(s.scalars(select(SealApproval).where(SealApproval.application_id == app_id,
                                                     SealApproval.voided_at.is_(None))
                          .order_by(SealApproval.id)))


def uses_of(s: Session, app_id: int) -> list[SealUse]:
    return list(s.scalars(select(SealUse).where(SealUse.application_id == app_id)
                          .order_by(SealUse.year, SealUse.seq)))


def status_of(app: SealApplication, items: list[ChecklistItem], uses: list[SealUse]) -> str:
    if app.voided_at is not None:
        return "voided"
    if any(u.voided_at is None for u in uses):
        return "used"
    return "approved" if all(i.done for i in items) else "pending"


def application_dto(s: Session, app: SealApplication, day: date | None = None) -> ApplicationDTO:
    seal = s.get(Seal, app.seal_id)
    assert seal is not None
    approvals = active_approvals(s, app.id)
    items = checklist(s, app, seal.kind, approvals, day or china_today())
    uses = uses_of(s, app.id)
    unit_name = s.scalar(select(Unit.name).where(Unit.id == app.unit_id)) or ""
    return ApplicationDTO(
        app.id, app.version, application_number(app.year, app.seq), app.year, app.seq,
        app.applied_on, app.unit_id, unit_name, app.handler, app.contact, app.title, app.copies,
        seal.id, seal.name, seal.kind, seal.status, app.purpose, app.is_formal, app.outgoing_id,
        app.important, app.important_category, app.is_contract, app.joint_with_party,
        app.tv_announcement, app.note, status_of(app, items, uses), app.voided_at,
        app.void_reason, tuple(items), tuple(approval_dto(a) for a in approvals),
        tuple(use_dto(u) for u in uses), outgoing_label(s, app.outgoing_id))
