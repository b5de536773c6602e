"""Read side of the seal register: the applications list (filters), the 用印登记簿 rows for a date
range (voided entries included), the reconciliation per seal and month, and the DTO of the printed
用印审批单. Each query costs a fixed number of statements, whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.audit import head_anchor
from db.chunks import in_chunks
from db.engine import Database
from db.errors import NotFoundError
from db.models import Person, Unit
from db.models.outgoing import OutgoingDocument, OutgoingSignoff
from db.models.seals import Seal, SealApplication, SealApproval, SealUse
from desktop_app.formatting import CHINA, format_date
from desktop_app.rules import seals as r
from desktop_app.services.seals.applications import audit_outgoing
from desktop_app.services.seals.checklist import (
    HIDDEN,
    application_dto,
    application_number,
    formal_problem,
    linked_secrecy,
    may_see,
    requirements_of,
)
from desktop_app.services.seals.dto import (
    ApplicationForm,
    ApplicationRow,
    FormBox,
    ReconciliationRow,
    RegisterRow,
)
from desktop_app.services.system import ledger_provenance
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.org_profile import profile_value

SIGNING_KINDS = ("vice_mayor", "mayor", "office_director", "tv")
_FLAGS = (
    ("is_formal", "正式公文"),
    ("important", "重要用印"),
    ("is_contract", "合同协议"),
    ("joint_with_party", "联合用印"),
    ("tv_announcement", "电视公告"),
)


def _flags(app: SealApplication) -> tuple[str, ...]:
    flags = tuple(label for attr, label in _FLAGS if getattr(app, attr))
    if app.is_formal and app.outgoing_id is None:  # R45.1: saved before the link was required
        flags += (r.UNLINKED,)
    return flags


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=CHINA)


def _approvals_by_app(s: Session, app_ids: list[int]) -> dict[int, list[SealApproval]]:
    found: dict[int, list[SealApproval]] = defaultdict(list)
    for part in in_chunks(app_ids):
        for a in s.scalars(
            select(SealApproval)
            .where(SealApproval.application_id.in_(part), SealApproval.voided_at.is_(None))
            .order_by(SealApproval.id)
        ):
            found[a.application_id].append(a)
    return found


def list_applications(
    db: Database,
    *,
    seal_id: int | None = None,
    unit_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    outgoing_id: int | None = None,
    text: str = "",
    status: str | None = None,
    include_voided: bool = True,
    user: CurrentUser | None = None,
) -> list[ApplicationRow]:
    """Applications, newest first, filtered by seal, unit, period (申请日期), outgoing document,
    words (文件名称/事由/经办人) and status (pending | approved | used | voided; open: pending or
    approved, i.e. not used yet). R44: every application is listed (the register has no gaps),
    but one linked to a classified 发文 shows its 文件名称 as 「（涉密文件，标题不显示）」 and is
    not found by its words unless `user` has the classified permission (None: no account, e.g.
    the 工作台)."""
    sees_all = may_see(user, "classified")
    with db.read() as s:
        active_use = (
            select(SealUse.application_id, SealUse.copies_stamped)
            .where(SealUse.voided_at.is_(None))
            .subquery()
        )
        stmt = (
            select(
                SealApplication,
                Unit.name,
                Seal.name,
                Seal.kind,
                active_use.c.copies_stamped,
                OutgoingDocument.secrecy,
            )
            .join(Unit, Unit.id == SealApplication.unit_id)
            .join(Seal, Seal.id == SealApplication.seal_id)
            .outerjoin(active_use, active_use.c.application_id == SealApplication.id)
            .outerjoin(OutgoingDocument, OutgoingDocument.id == SealApplication.outgoing_id)
            .order_by(
                SealApplication.applied_on.desc(),
                SealApplication.year.desc(),
                SealApplication.seq.desc(),
            )
        )
        if seal_id is not None:
            stmt = stmt.where(SealApplication.seal_id == seal_id)
        if unit_id is not None:
            stmt = stmt.where(SealApplication.unit_id == unit_id)
        if start is not None:
            stmt = stmt.where(SealApplication.applied_on >= start)
        if end is not None:
            stmt = stmt.where(SealApplication.applied_on <= end)
        if outgoing_id is not None:
            stmt = stmt.where(SealApplication.outgoing_id == outgoing_id)
        if not include_voided:
            stmt = stmt.where(SealApplication.voided_at.is_(None))
        # What a status needs in SQL (whether a pending one's approvals are complete is decided
        # below): the 工作台 and a filtered list read the applications still open, not years.
        live, unused = SealApplication.voided_at.is_(None), active_use.c.copies_stamped.is_(None)
        stmt = stmt.where(
            *{
                "voided": (SealApplication.voided_at.is_not(None),),
                "used": (live, active_use.c.copies_stamped.is_not(None)),
                "pending": (live, unused),
                "approved": (live, unused),
                "open": (live, unused),
            }.get(status or "", ())
        )
        if text.strip():
            like = f"%{text.strip()}%"
            words = or_(
                SealApplication.title.like(like),
                SealApplication.purpose.like(like),
                SealApplication.handler.like(like),
            )
            if not sees_all:  # R44: no search oracle for a classified document's title
                words = words & or_(
                    OutgoingDocument.secrecy.is_(None), OutgoingDocument.secrecy == ""
                )
            stmt = stmt.where(words)
        rows = list(s.execute(stmt))
        approvals = _approvals_by_app(s, [a.id for a, *_ in rows])
        out = []
        for app, unit_name, seal_name, seal_kind, stamped, secrecy in rows:
            reqs = requirements_of(app, seal_kind)
            signed = [a.signed_on for a in approvals[app.id] if a.kind in {q.code for q in reqs}]
            if app.voided_at is not None:
                state = "voided"
            elif stamped is not None:
                state = "used"
            else:
                done = {a.kind for a in approvals[app.id]}
                ready = all(
                    formal_problem(s, app, seal_kind) is None
                    if q.code == "sign_off"
                    else q.code in done
                    for q in reqs
                )
                state = "approved" if ready else "pending"
            if status not in (None, "open", state):
                continue
            out.append(
                ApplicationRow(
                    app.id,
                    app.version,
                    application_number(app.year, app.seq),
                    app.applied_on,
                    app.unit_id,
                    unit_name,
                    app.handler,
                    app.title if may_see(user, secrecy or "") else HIDDEN,
                    app.seal_id,
                    seal_name,
                    app.copies,
                    stamped or 0,
                    app.outgoing_id,
                    _flags(app),
                    state,
                    app.void_reason,
                    (max(signed, default=None) or app.applied_on) if state != "pending" else None,
                )
            )
        return out


def _approvers(approvals: list[SealApproval], chain: str) -> str:
    """批准人: the signatures recorded on the form; for a formal document (R45.1) first those of
    its 发文 chain, 「发文签批：…」."""
    text = _approvers_text(approvals)
    if not chain:
        return text
    return "；".join(x for x in (f"发文签批：{chain}", text) if x)


def _approvers_text(approvals: list[SealApproval]) -> str:
    parts = []
    for a in approvals:
        if a.kind not in SIGNING_KINDS:
            continue
        if a.b_role:  # R6.2: the partner signed in the vice mayor's place
            parts.append(f"{a.signer_name}（B角代签）")
        else:
            parts.append(
                f"{a.signer_name}（{a.signer_title}）" if a.signer_title else a.signer_name
            )
    return "、".join(parts)


def _chain_signers(s: Session, outgoing_ids: set[int]) -> dict[int, str]:
    """R45.1: who signed each linked 发文's chain (the approvers of a formal document's use),
    「张海峰、孙立新（B角代签）」, in the order signed."""
    found: dict[int, list[str]] = defaultdict(list)
    if outgoing_ids:
        rows = s.execute(
            select(OutgoingSignoff.document_id, Person.name, OutgoingSignoff.capacity)
            .join(Person, Person.id == OutgoingSignoff.person_id)
            .where(
                OutgoingSignoff.document_id.in_(sorted(outgoing_ids)),
                OutgoingSignoff.voided_at.is_(None),
            )
            .order_by(OutgoingSignoff.signed_on, OutgoingSignoff.id)
        )
        for doc_id, name, capacity in rows:
            text = f"{name}（B角代签）" if capacity == "B角代签" else name
            if text not in found[doc_id]:
                found[doc_id].append(text)
    return {k: "、".join(v) for k, v in found.items()}


def register_rows(
    db: Database,
    start: date,
    end: date,
    *,
    seal_id: int | None = None,
    unit_id: int | None = None,
    user: CurrentUser | None = None,
) -> list[RegisterRow]:
    """用印登记簿 for uses from `start` to `end` (China dates, inclusive), in register order;
    voided entries are included and marked 作废 with the reason. R44: the 文件名称 of a use
    for a classified 发文 reads 「（涉密文件，标题不显示）」 unless `user` may see it."""
    with db.read() as s:
        return _register_rows(s, start, end, seal_id, unit_id, user)


def register_to_print(
    db: Database,
    start: date,
    end: date,
    *,
    seal_id: int | None = None,
    unit_id: int | None = None,
    user: CurrentUser | None = None,
) -> tuple[list[RegisterRow], str]:
    """register_rows and the audit chain's head (db.audit.head_anchor), both as of one moment:
    the head is printed on every page of the 用印登记簿 so the paper can later prove the record."""
    with db.snapshot() as s:
        anchor = head_anchor(s)
        return _register_rows(s, start, end, seal_id, unit_id, user), anchor


def _register_rows(
    s: Session,
    start: date,
    end: date,
    seal_id: int | None,
    unit_id: int | None,
    user: CurrentUser | None,
) -> list[RegisterRow]:
    stmt = (
        select(SealUse, SealApplication, Unit.name, Seal.name, OutgoingDocument.secrecy)
        .join(SealApplication, SealApplication.id == SealUse.application_id)
        .join(Unit, Unit.id == SealApplication.unit_id)
        .join(Seal, Seal.id == SealApplication.seal_id)
        .outerjoin(OutgoingDocument, OutgoingDocument.id == SealApplication.outgoing_id)
        .where(
            SealUse.used_at >= _day_start(start),
            SealUse.used_at < _day_start(end + timedelta(days=1)),
        )
        .order_by(SealUse.year, SealUse.seq)
    )
    if seal_id is not None:
        stmt = stmt.where(SealApplication.seal_id == seal_id)
    if unit_id is not None:
        stmt = stmt.where(SealApplication.unit_id == unit_id)
    rows = list(s.execute(stmt))
    approvals = _approvals_by_app(s, sorted({app.id for _, app, *_ in rows}))
    chains = _chain_signers(
        s, {app.outgoing_id for _, app, *_ in rows if app.is_formal and app.outgoing_id is not None}
    )
    imported = ledger_provenance.provenance_texts(
        s, SealUse.__tablename__, [u.id for u, *_ in rows]
    )
    out = []
    for use, app, unit_name, seal_name, secrecy in rows:
        local = use.used_at.astimezone(CHINA)
        remarks = []
        if use.voided_at is not None:
            remarks.append(f"作废：{use.void_reason}")
        if use.copies_spoiled:
            remarks.append(f"废页 {use.copies_spoiled} 份")
        if use.note:
            remarks.append(use.note)
        out.append(
            RegisterRow(
                use.id,
                app.id,
                use.seq,
                use.year,
                use.used_at,
                f"{format_date(local.date())} {local:%H:%M}",
                application_number(app.year, app.seq),
                unit_name,
                app.title if may_see(user, secrecy or "") else HIDDEN,
                app.purpose,
                seal_name,
                use.copies_stamped,
                use.copies_spoiled,
                app.copies,
                app.handler,
                _approvers(approvals[app.id], chains.get(app.outgoing_id or 0, "")),
                use.supervisor,
                "；".join(remarks),
                use.voided_at is not None,
                use.void_reason,
                app.outgoing_id,
                imported.get(use.id, ""),
            )
        )
    return out


def reconciliation(
    db: Database, year: int, *, seal_id: int | None = None
) -> list[ReconciliationRow]:
    """Per seal and month of `year` (month of use, China time): register entries, copies approved
    (of the applications used), stamped and spoiled; voided entries counted apart."""
    with db.read() as s:
        stmt = (
            select(
                SealApplication.seal_id,
                Seal.name,
                SealUse.used_at,
                SealApplication.copies,
                SealUse.copies_stamped,
                SealUse.copies_spoiled,
                SealUse.voided_at,
            )
            .join(SealApplication, SealApplication.id == SealUse.application_id)
            .join(Seal, Seal.id == SealApplication.seal_id)
            .where(SealUse.year == year)
        )
        if seal_id is not None:
            stmt = stmt.where(SealApplication.seal_id == seal_id)
        sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        names: dict[int, str] = {}
        for sid, name, used_at, approved, stamped, spoiled, voided_at in s.execute(stmt):
            names[sid] = name
            acc = sums[(sid, used_at.astimezone(CHINA).month)]
            if voided_at is not None:
                acc[4] += 1
                continue
            acc[0] += 1
            acc[1] += approved
            acc[2] += stamped
            acc[3] += spoiled
        return [
            ReconciliationRow(sid, names[sid], year, month, *acc)
            for (sid, month), acc in sorted(sums.items(), key=lambda kv: (names[kv[0][0]], kv[0]))
        ]


BOXES = (
    ("unit_head", "承办单位负责人意见"),
    ("office_review", "市政府办公室审核意见"),
    ("vice_mayor", "分管副市长审批意见"),
    ("office_director", "办公室主任意见"),
    ("mayor", "市长审批意见（重要用印）"),
    ("tv", "市长或常务副市长签发意见"),
)


def print_application_form(db: Database, user: CurrentUser, app_id: int) -> ApplicationForm:
    """The 用印审批单 to print (UI: 「打印审批单」). R44: linked to a classified 发文, the
    document's number and title (and the 文件名称) are printed only for an account with the
    classified permission, and that print is written to the audit log, like the 发文 register's
    own prints; for other accounts they print as 「（涉密文件，标题不显示）」."""
    form = application_form(db, app_id, user=user)
    with db.read() as s:
        app = s.get(SealApplication, app_id)
        assert app is not None
        classified, outgoing_id = linked_secrecy(s, app.outgoing_id) != "", app.outgoing_id
    if classified and user.can("classified"):
        audit_outgoing(db, user, [outgoing_id], "print", f"用印审批单{form.application.number}")
    return form


def record_output(
    db: Database, user: CurrentUser, rows: list[RegisterRow], what: str = "用印登记簿"
) -> None:
    """R44: call when the 用印登记簿 is printed or exported for `user`: the uses of classified
    发文 among `rows` that the account sees (the classified permission) are logged as prints."""
    if user.can("classified"):
        audit_outgoing(db, user, [x.outgoing_id for x in rows], "print", what)


def application_form(
    db: Database, app_id: int, *, user: CurrentUser | None = None
) -> ApplicationForm:
    """Everything the printed 用印审批单 needs: before approval the boxes are empty (for wet
    signatures); afterwards they carry the recorded approvals; the footer the register entry.
    As `user` may see it (R44, see application_dto); printing goes through
    print_application_form, which logs the print of a classified one."""
    with db.read() as s:
        app = s.get(SealApplication, app_id)
        if app is None:
            raise NotFoundError("用印审批单不存在。")
        dto = application_dto(s, app, viewer=user)
        org = profile_value(s, "org_name")
    required = {i.code for i in dto.checklist}
    recorded = {a.kind: a for a in dto.approvals}
    # Only the boxes this application's rules ask for (and any recorded): a formal document
    # (R45.1) is signed in its 发文 chain, so it has no 分管副市长 or 市长 box unless R45.3
    # asks for the mayor; the joint 承办单位 / 办公室 boxes belong to an other use (R45.2).
    joint = () if dto.is_formal else ("unit_head", "office_review")
    shown = [
        (code, label)
        for code, label in BOXES
        if code in joint or code in required or code in recorded
    ]
    legality = recorded.get("legality")
    if not dto.is_contract:
        legality_text = "否"
    elif legality is not None:
        legality_text = (
            f"是；合法性审查已完成（{legality.signer_name}，"
            f"{format_date(legality.signed_on)}：{legality.opinion}）"
        )
    else:
        legality_text = "是；合法性审查未完成"
    use = dto.active_use
    return ApplicationForm(
        title=f"{org}用印审批单",
        application=dto,
        seal_ticks=(
            ("市政府印章", dto.seal_kind == "gov"),
            ("市政府办公室印章", dto.seal_kind == "office"),
            ("其他", dto.seal_kind == "other"),
        ),
        other_seal_name=dto.seal_name if dto.seal_kind == "other" else "",
        legality_text=legality_text,
        important_text=(f"是（{dto.important_category}）" if dto.important_category else "是")
        if dto.important
        else "否",
        boxes=tuple(
            FormBox(code, label, code in required, recorded.get(code)) for code, label in shown
        ),
        supervisor=use.supervisor if use else "",
        used_at=use.used_at if use else None,
        copies_stamped=use.copies_stamped if use else None,
    )


def waiting_applications(
    db: Database, *, approved_before: date | None = None, user: CurrentUser | None = None
) -> list[ApplicationRow]:
    """For the 工作台: applications still waiting for approvals, and (with `approved_before`)
    those whose approvals were complete before that day and that are still not used. The 工作台
    has no account: R44, classified 文件名称 hidden (see list_applications)."""
    rows = list_applications(db, status="open", user=user)
    return [
        x
        for x in rows
        if x.status == "pending"
        or (
            x.status == "approved"
            and approved_before is not None
            and x.approved_on is not None
            and x.approved_on < approved_before
        )
    ]
