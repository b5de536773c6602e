"""Who must approve a use of a seal, who may sign each item on a given day, and the checklist DTO.

The directory answers "who held the post that day" (directory_queries); the vice mayor in charge
of the applying unit and his AB stand-in while he is away (R45.2, R6.2) come from the one
directory question, `services.in_charge`. A formal document (R45.1) is judged from the linked
发文 record itself: issued, numbered, not voided, its chain complete, the seal its issuer's.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from db.errors import FubanError
from db.models import Unit
from db.models.outgoing import OutgoingDocument
from db.models.seals import Seal, SealApplication, SealApproval, SealUse
from desktop_app.formatting import china_today, format_doc_number
from desktop_app.rules import seals as r
from desktop_app.rules.registry import RuleViolation, violation
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import queries as q
from desktop_app.services.documents import outgoing
from desktop_app.services.seals.dto import (
    ApplicationDTO,
    ApprovalDTO,
    ChecklistItem,
    Signer,
    UseDTO,
)
from desktop_app.services.system.common import CurrentUser

NUMBER_PREFIX = "用印"


def application_number(year: int, seq: int) -> str:
    return format_doc_number(NUMBER_PREFIX, year, seq)


def _holder_signers(s: Session, post: str, day: date, unit_id: int | None = None) -> list[Signer]:
    return [Signer(h.person_id, h.name, h.title) for h in q.holders(s, post, day, unit_id)]


def signers_for(s: Session, code: str, unit_id: int, day: date) -> list[Signer]:
    """Who may record item `code` of an application of `unit_id` on `day` ([] for items the clerk
    records without a post holder: legality review, the party seal, optional opinions)."""
    if code == "vice_mayor":  # R45.2: derived from the directory, his stand-in while away
        who = in_charge.find(s, day, unit_id=unit_id)
        if who is None:
            return []
        return [
            Signer(pid, name, B_ROLE_TITLE if b_role else (who.title or "分管副市长"), b_role)
            for pid, name, b_role in who.may_sign()
        ]
    if code == "mayor":
        return _holder_signers(s, "mayor", day)
    if code == "tv":
        return _holder_signers(s, "mayor", day) + _holder_signers(s, "exec_vice_mayor", day)
    if code == "office_director":
        office = q.office_unit(s)
        return _holder_signers(s, "unit_head", day, office) if office is not None else []
    return []


B_ROLE_TITLE = "副市长（B角代签）"
POST_TEXT = {
    "vice_mayor": "分管副市长",
    "mayor": "市长",
    "tv": "市长或常务副市长",
    "office_director": "市政府办公室主任",
}


def approval_dto(s: Session, a: SealApproval) -> ApprovalDTO:
    return ApprovalDTO(
        a.id,
        a.version,
        a.kind,
        r.APPROVAL_KINDS.get(a.kind, a.kind),
        a.person_id,
        a.signer_name,
        a.signer_title,
        a.b_role,
        a.signed_on,
        a.done_at,
        a.opinion,
        a.created_by,
        a.for_person_id,
        q.person_name(s, a.for_person_id) if a.for_person_id else "",
    )


def use_dto(u: SealUse) -> UseDTO:
    return UseDTO(
        u.id,
        u.version,
        u.application_id,
        u.year,
        u.seq,
        u.used_at,
        u.copies_stamped,
        u.copies_spoiled,
        u.supervisor,
        u.no_blank_paper,
        u.scan_sha256,
        u.note,
        u.created_by,
        u.voided_at,
        u.voided_by,
        u.void_reason,
    )


def requirements_of(app: SealApplication | Row, seal_kind: str) -> list[r.Requirement]:
    """The approvals `app` needs (a record, or a row of its columns: seals.queries)."""
    return r.required_approvals(
        seal_kind=seal_kind,
        is_formal=app.is_formal,
        important=app.important,
        is_contract=app.is_contract,
        joint_with_party=app.joint_with_party,
        tv_announcement=app.tv_announcement,
    )


def _bare(message: str) -> str:
    """A cited message without its 「依据…（R45.1）：」 head, to quote it inside another."""
    head, sep, rest = message.partition("）：")
    return rest if sep and head.startswith("依据") else message


def _number(d: OutgoingDocument) -> str:
    return format_doc_number(d.prefix, d.year, d.seq) if d.prefix and d.year and d.seq else ""


# R44: what an account without the 机要 permission sees in place of a classified 发文's number
# and title (in the application, its list, the register, the printed form and messages).
HIDDEN = "（涉密文件，标题不显示）"


def may_see(viewer: CurrentUser | None, secrecy: str) -> bool:
    """R44: a classified record's number and title only for accounts with the classified
    permission; `viewer` None (the 工作台, exports without an account) sees none."""
    return not secrecy or (viewer is not None and viewer.can("classified"))


def _label(d: OutgoingDocument, viewer: CurrentUser | None) -> str:
    if not may_see(viewer, d.secrecy):
        return HIDDEN
    return f"{_number(d) or '（未编号）'}《{d.title}》"


def linked_secrecy(s: Session, outgoing_id: int | None) -> str:
    """The 密级 of the linked 发文 ("" when none is linked or it is not classified)."""
    if outgoing_id is None:
        return ""
    return (
        s.scalar(select(OutgoingDocument.secrecy).where(OutgoingDocument.id == outgoing_id)) or ""
    )


def hides_title(s: Session, app: SealApplication, viewer: CurrentUser | None) -> bool:
    """R44: an application linked to a classified 发文 is about a classified document: its
    文件名称 (the document's title) is not shown to accounts that may not see it."""
    return not may_see(viewer, linked_secrecy(s, app.outgoing_id))


def check_may_link(s: Session, user: CurrentUser, outgoing_id: int | None) -> None:
    """R44: only an account with the classified permission links a classified 发文 (or changes
    an application linked to one): the others may not learn which document it is."""
    if outgoing_id is not None and not may_see(user, linked_secrecy(s, outgoing_id)):
        raise violation(
            "R44",
            "涉密发文只能由机要人员关联或办理；请由机要人员登录后关联，"
            "其他人员看不到其文号和标题。",
        )


def linked_document(
    s: Session, outgoing_id: int | None, viewer: CurrentUser | None = None
) -> r.LinkedDocument | None:
    """The facts R45.1 asks of the linked 发文 record (None when none is linked); its label
    hidden from a `viewer` who may not see a classified record (R44)."""
    d = s.get(OutgoingDocument, outgoing_id) if outgoing_id is not None else None
    if d is None:
        return None
    issued = d.voided_at is None and d.status in r.ISSUED_STATUSES and d.seq is not None
    chain = ""
    if issued:  # the register's own answer on the chain (R33/R34), as it stands today
        try:
            outgoing.check_ready_to_seal(s, d.id)
        except RuleViolation as exc:
            chain = _bare(exc.message)
        except FubanError as exc:
            chain = exc.message
    if chain and not may_see(viewer, d.secrecy):
        chain = "（详情仅机要人员可见）"
    return r.LinkedDocument(
        _label(d, viewer), d.issuer, d.status, d.seq is not None, d.voided_at is not None, chain
    )


def formal_problem(
    s: Session, app: SealApplication | Row, seal_kind: str, viewer: CurrentUser | None = None
) -> str | None:
    """R45.1: why a formal application may not be sealed now (None when it may, or when it is
    not marked formal)."""
    if not app.is_formal:
        return None
    return r.formal_document_problem(seal_kind, linked_document(s, app.outgoing_id, viewer))


def outgoing_facts(
    s: Session, outgoing_id: int | None, viewer: CurrentUser | None = None
) -> tuple[str, str]:
    """(「同政发〔2018〕34号《标题》」, 市政府 | 市政府办公室) of the linked 发文 ("", "" if none);
    R44: 「（涉密文件，标题不显示）」 for a classified one the viewer may not see."""
    d = s.get(OutgoingDocument, outgoing_id) if outgoing_id is not None else None
    if d is None:
        return "", ""
    return _label(d, viewer), r.ISSUER_NAMES.get(d.issuer, d.issuer)


def _expected_from(s: Session, code: str, unit_id: int, day: date) -> str:
    """「分管副市长 孙立新、周志强（B角代签）」: who may sign item `code` on `day`."""
    if code not in POST_TEXT:
        return ""
    names = "、".join(
        x.name + ("（B角代签）" if x.b_role else "") for x in signers_for(s, code, unit_id, day)
    )
    if names:
        return f"{POST_TEXT[code]} {names}"
    if code == "vice_mayor":  # R45.2: never dropped; the directory must answer first
        return f"{POST_TEXT[code]}（未登记：请在「人员与分管 → 分管」中登记）"
    return f"{POST_TEXT[code]}（未登记）"


def checklist(
    s: Session,
    app: SealApplication,
    seal_kind: str,
    approvals: list[SealApproval],
    day: date,
    viewer: CurrentUser | None = None,
) -> list[ChecklistItem]:
    """The computed checklist: one item per requirement, done or not, with whom it is expected
    from on `day`."""
    by_kind = {a.kind: a for a in approvals}
    items = []
    for req in requirements_of(app, seal_kind):
        if req.code == "sign_off":  # R45.1: read from the linked 发文 record, never recorded
            problem = formal_problem(s, app, seal_kind, viewer)
            detail = problem or (
                f"{outgoing_facts(s, app.outgoing_id, viewer)[0]}已编号印发，签批程序已完成"
            )
            items.append(
                ChecklistItem(req.code, req.rule_id, req.label, "", problem is None, None, detail)
            )
            continue
        recorded = by_kind.get(req.code)
        items.append(
            ChecklistItem(
                req.code,
                req.rule_id,
                req.label,
                _expected_from(s, req.code, app.unit_id, day),
                recorded is not None,
                approval_dto(s, recorded) if recorded else None,
            )
        )
    return items


def active_approvals(s: Session, app_id: int) -> list[SealApproval]:
    return list(
        s.scalars(
            select(SealApproval)
            .where(SealApproval.application_id == app_id, SealApproval.voided_at.is_(None))
            .order_by(SealApproval.id)
        )
    )


def uses_of(s: Session, app_id: int) -> list[SealUse]:
    return list(
        s.scalars(
            select(SealUse)
            .where(SealUse.application_id == app_id)
            .order_by(SealUse.year, SealUse.seq)
        )
    )


def status_of(app: SealApplication, items: list[ChecklistItem], uses: list[SealUse]) -> str:
    if app.voided_at is not None:
        return "voided"
    if any(u.voided_at is None for u in uses):
        return "used"
    return "approved" if all(i.done for i in items) else "pending"


def application_dto(
    s: Session, app: SealApplication, day: date | None = None, viewer: CurrentUser | None = None
) -> ApplicationDTO:
    """The application as `viewer` may see it: R44, an application linked to a classified 发文
    shows neither that document's number and title nor its own 文件名称 to an account without
    the classified permission (None: no account, e.g. the 工作台)."""
    seal = s.get(Seal, app.seal_id)
    assert seal is not None
    approvals = active_approvals(s, app.id)
    items = checklist(s, app, seal.kind, approvals, day or china_today(), viewer)
    uses = uses_of(s, app.id)
    unit_name = s.scalar(select(Unit.name).where(Unit.id == app.unit_id)) or ""
    return ApplicationDTO(
        app.id,
        app.version,
        application_number(app.year, app.seq),
        app.year,
        app.seq,
        app.applied_on,
        app.unit_id,
        unit_name,
        app.handler,
        app.contact,
        HIDDEN if hides_title(s, app, viewer) else app.title,
        app.copies,
        seal.id,
        seal.name,
        seal.kind,
        seal.status,
        app.purpose,
        app.is_formal,
        app.outgoing_id,
        app.important,
        app.important_category,
        app.is_contract,
        app.joint_with_party,
        app.tv_announcement,
        app.note,
        status_of(app, items, uses),
        app.voided_at,
        app.void_reason,
        tuple(items),
        tuple(approval_dto(s, a) for a in approvals),
        tuple(use_dto(u) for u in uses),
        *outgoing_facts(s, app.outgoing_id, viewer),
    )
