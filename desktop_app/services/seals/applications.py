"""用印审批单: apply (numbered 用印〔年〕N号, gap-free per year), correct before approvals, record the
approvals the rules require (R45.1–R48, R14, R6.2), void with a reason."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.engine import Database
from db.errors import NotFoundError
from db.models import Unit
from db.models.outgoing import OutgoingDocument
from db.models.seals import Seal, SealApplication, SealApproval, SealUse
from db.sequences import allocate
from desktop_app.rules import seals as r
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import queries as q
from desktop_app.services.seals.checklist import (
    B_ROLE_TITLE,
    POST_TEXT,
    application_dto,
    check_may_link,
    china_today,
    linked_document,
    linked_secrecy,
    requirements_of,
    signers_for,
)
from desktop_app.services.seals.dto import ApplicationDTO, Signer
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
    void_record,
)
from desktop_app.services.system.org_profile import profile_value

_FIELDS = (
    "applied_on",
    "unit_id",
    "handler",
    "contact",
    "title",
    "copies",
    "seal_id",
    "purpose",
    "is_formal",
    "outgoing_id",
    "important",
    "important_category",
    "is_contract",
    "joint_with_party",
    "tv_announcement",
    "note",
)


def _clean(s: Session, values: dict, user: CurrentUser) -> dict:
    """Validate the fields of an application; returns the values to store."""
    if values.get("applied_on") is None:
        raise ValidationError("请填写申请日期。")
    unit = s.get(Unit, values.get("unit_id") or 0)
    if unit is None or unit.voided_at is not None:
        raise ValidationError("请选择用印单位。")
    seal = s.get(Seal, values.get("seal_id") or 0)
    if seal is None or seal.voided_at is not None:
        raise ValidationError("请选择印章。")
    copies = values.get("copies")
    if not isinstance(copies, int) or copies < 1 or copies > 100000:
        raise ValidationError("申请用印份数须为正整数。")
    categories = profile_value(s, "important_seal_categories")
    category = (values.get("important_category") or "").strip()
    if category and category not in categories:
        raise ValidationError(f"重要用印类别应为：{'、'.join(categories)}。")
    is_formal = bool(values.get("is_formal"))
    outgoing_id = values.get("outgoing_id") if is_formal else None
    if outgoing_id is not None and s.get(OutgoingDocument, outgoing_id) is None:
        raise ValidationError("关联的发文不存在。")
    check_may_link(s, user, outgoing_id)  # R44: a classified 发文 is linked by a 机要 account
    # R45.1: formal only with an issued 发文 record of the seal's issuer, its chain complete
    r.check_formal_document(is_formal, seal.kind, linked_document(s, outgoing_id, user))
    return dict(
        applied_on=values["applied_on"],
        unit_id=unit.id,
        handler=required_text(values.get("handler"), "经办人", 64),
        contact=(values.get("contact") or "").strip()[:64],
        title=required_text(values.get("title"), "文件名称", 256),
        copies=copies,
        seal_id=seal.id,
        purpose=required_text(values.get("purpose"), "用印事由", 2000),
        is_formal=is_formal,
        outgoing_id=outgoing_id,
        important=r.is_important(bool(values.get("important")), category, categories),
        important_category=category,
        is_contract=bool(values.get("is_contract")),
        joint_with_party=bool(values.get("joint_with_party")),
        tv_announcement=bool(values.get("tv_announcement")),
        note=(values.get("note") or "").strip(),
    )


def apply(
    db: Database,
    user: CurrentUser,
    *,
    applied_on: date,
    unit_id: int,
    handler: str,
    title: str,
    copies: int,
    seal_id: int,
    purpose: str,
    contact: str = "",
    is_formal: bool = False,
    outgoing_id: int | None = None,
    important: bool = False,
    important_category: str = "",
    is_contract: bool = False,
    joint_with_party: bool = False,
    tv_announcement: bool = False,
    note: str = "",
) -> ApplicationDTO:
    """Fill in a 用印审批单; it is numbered 用印〔applied_on.year〕N号 when saved (gap-free)."""
    require(user, "records")
    values = dict(
        applied_on=applied_on,
        unit_id=unit_id,
        handler=handler,
        contact=contact,
        title=title,
        copies=copies,
        seal_id=seal_id,
        purpose=purpose,
        is_formal=is_formal,
        outgoing_id=outgoing_id,
        important=important,
        important_category=important_category,
        is_contract=is_contract,
        joint_with_party=joint_with_party,
        tv_announcement=tv_announcement,
        note=note,
    )
    with db.uow(user.username) as s:
        cleaned = _clean(s, values, user)
        year = cleaned["applied_on"].year
        app = SealApplication(year=year, seq=allocate(s, f"seal_application:{year}"), **cleaned)
        s.add(app)
        s.flush()
        return application_dto(s, app, viewer=user)


def load_open_application(s: Session, app_id: int, expected_version: int | None) -> SealApplication:
    # Row lock on PostgreSQL (SQLite's writer already holds the database): two clerks recording
    # on the same application take turns, so an item cannot be recorded twice.
    s.execute(select(SealApplication.id).where(SealApplication.id == app_id).with_for_update())
    app = load_for_update(s, SealApplication, app_id, expected_version)
    if app.voided_at is not None:
        raise violation("LOG", "该用印审批单已作废，不能再办理；如需用印，请重新填写审批单。")
    if s.scalar(select(SealUse.id).where(SealUse.application_id == app.id).limit(1)):
        raise violation("LOG", "该审批单已登记用印，不能修改；如有错误，请作废后重新填写。")
    return app


def update_application(
    db: Database, user: CurrentUser, app_id: int, expected_version: int | None, **changes
) -> ApplicationDTO:
    """Correct an application before any approval is recorded (afterwards: void and re-apply,
    so that no approval covers a text it did not see). The year (and number) cannot change."""
    require(user, "records")
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    with db.uow(user.username) as s:
        app = load_open_application(s, app_id, expected_version)
        if s.scalar(
            select(SealApproval.id)
            .where(SealApproval.application_id == app.id, SealApproval.voided_at.is_(None))
            .limit(1)
        ):
            raise violation(
                "LOG",
                "已有审批记录，不能再修改审批单（审批只对其所见的内容有效）；请作废后重新填写。",
            )
        # R44: the form of an application linked to a classified 发文 shows its 文件名称 hidden
        # to others; only a 机要 account may change it (or unlink it)
        check_may_link(s, user, app.outgoing_id)
        values = {k: getattr(app, k) for k in _FIELDS} | changes
        cleaned = _clean(s, values, user)
        if cleaned["applied_on"].year != app.year:
            raise violation("LOG", "申请日期不能改到另一年度：审批单按年度连续编号。")
        for key, value in cleaned.items():
            if getattr(app, key) != value:
                setattr(app, key, value)
        s.flush()
        return application_dto(s, app, viewer=user)


def eligible_signers(db: Database, app_id: int, kind: str, day: date) -> list[Signer]:
    """Who may record item `kind` of the application on `day` (for the approval dialog)."""
    with db.read() as s:
        app = s.get(SealApplication, app_id)
        if app is None:
            raise NotFoundError("用印审批单不存在。")
        return signers_for(s, kind, app.unit_id, day)


def in_charge_text(db: Database, app_id: int, day: date) -> str:
    """R45.2, for the approval dialog to show read-only: who the directory says is the vice
    mayor in charge of the applying unit on `day`, and whether his AB partner may sign."""
    with db.read() as s:
        app = s.get(SealApplication, app_id)
        if app is None:
            raise NotFoundError("用印审批单不存在。")
        who = in_charge.find(s, day, unit_id=app.unit_id)
        if who is None:
            return (
                f"「{q.unit_name(s, app.unit_id)}」当日没有登记分管副市长；"
                f"{in_charge.DIRECTORY_HINT}。"
            )
        text = f"{who.name}（{who.title or '副市长'}，分管{who.subject}）"
        if who.stand_in_id is not None:
            return f"{text}；当日经批准外出，可由AB角{who.partner_name}代签（B角代签）"
        if who.away:
            partner = (
                f"AB角{who.partner_name}也经批准外出"
                if who.partner_id is not None
                else "未登记AB角"
            )
            return f"{text}；当日经批准外出，{partner}，请待其返回后签署"
        return text


def _check_signer(
    s: Session, app: SealApplication, req: r.Requirement, person_id: int | None, day: date
) -> tuple[str, str, bool, int | None]:
    """(name, title, b_role, vice mayor in charge it is for) of someone allowed to sign `req`
    on `day`, or a RuleViolation citing the article that gives the signature."""
    # R45.2: the vice mayor in charge is derived, never chosen (a unit with none is refused
    # first, pointing to the directory); R6.2 for his AB partner
    who = (
        in_charge.require(s, "R45.2", day, unit_id=app.unit_id)
        if req.code == "vice_mayor"
        else None
    )
    if person_id is None:
        raise ValidationError("请选择签署人。")
    name = q.person_name(s, person_id)
    if not name:
        raise ValidationError("签署人不存在。")
    if who is not None:
        check = in_charge.check_signer(s, "R45.2", "分管副市长签字", who, person_id)
        b_role = check.capacity == "B角代签"
        return name, B_ROLE_TITLE if b_role else (who.title or "分管副市长"), b_role, who.person_id
    allowed = signers_for(s, req.code, app.unit_id, day)
    r.check_post_signer(req, person_id, {x.person_id for x in allowed}, POST_TEXT[req.code])
    return name, next(x.title for x in allowed if x.person_id == person_id), False, None


def record_approval(
    db: Database,
    user: CurrentUser,
    app_id: int,
    kind: str,
    *,
    signed_on: date,
    person_id: int | None = None,
    signer_name: str = "",
    opinion: str = "",
    done_at: datetime | None = None,
    expected_version: int | None = None,
) -> ApplicationDTO:
    """Record one item of the checklist (or an optional opinion box).

    vice_mayor / mayor / office_director / tv: `person_id` must hold the post on `signed_on`
    (vice mayor in charge of the applying unit, or the AB partner while away — 「B角代签」).
    legality (R14): `signer_name` = who reviewed, `opinion` = the conclusion.
    party_seal (R47): `done_at` = when the party seal was applied, `signer_name` = its unit.
    unit_head / office_review: the optional opinion boxes of the printed form.
    """
    require(user, "records")
    if kind == "sign_off":
        raise violation(
            "R45.1",
            "「公文签批程序完成」不能手工登记：正式公文的签批在发文登记中完成，由关联的发文核对。",
        )
    if kind not in r.APPROVAL_KINDS:
        raise ValidationError("没有这一审批事项。")
    if signed_on is None:
        raise ValidationError("请填写签署日期。")
    if signed_on > china_today():
        raise ValidationError("签署日期不能晚于今天。")
    with db.uow(user.username) as s:
        app = load_open_application(s, app_id, expected_version)
        if signed_on < app.applied_on:
            raise violation("LOG", "签署日期不能早于申请日期：先申请，后审批。")
        if s.scalar(
            select(SealApproval.id)
            .where(
                SealApproval.application_id == app.id,
                SealApproval.kind == kind,
                SealApproval.voided_at.is_(None),
            )
            .limit(1)
        ):
            raise violation(
                "LOG",
                f"「{r.APPROVAL_KINDS[kind]}」已登记，登记不能改写；如有错误，请先作废该记录。",
            )
        seal = s.get(Seal, app.seal_id)
        assert seal is not None
        reqs = {x.code: x for x in requirements_of(app, seal.kind)}
        b_role, title, name, for_person = False, "", (signer_name or "").strip(), None
        if kind in POST_TEXT:
            req = reqs.get(kind) or r.Requirement(kind, "LOG", r.APPROVAL_KINDS[kind])
            name, title, b_role, for_person = _check_signer(s, app, req, person_id, signed_on)
        elif kind == "legality":
            name = required_text(signer_name, "审查单位或审查人", 64)
            opinion = required_text(opinion, "合法性审查结论", 2000)
        elif kind == "party_seal":
            if done_at is None or done_at.tzinfo is None:
                raise ValidationError("请填写市委（市委办公室）用印的时间（带时区）。")
            name = name or profile_value(s, "party_committee_name")
        else:
            name = required_text(signer_name, "签署人", 64)
        s.add(
            SealApproval(
                application_id=app.id,
                kind=kind,
                person_id=person_id if kind in POST_TEXT else None,
                signer_name=name[:64],
                signer_title=title[:64],
                b_role=b_role,
                for_person_id=for_person,
                signed_on=signed_on,
                done_at=done_at,
                opinion=(opinion or "").strip(),
            )
        )
        s.flush()
        return application_dto(s, app, viewer=user)


def void_approval(
    db: Database, user: CurrentUser, approval_id: int, reason: str, expected_version: int | None
) -> ApplicationDTO:
    """Void a wrongly recorded approval (only before the use is registered)."""
    require(user, "records")
    with db.uow(user.username) as s:
        approval = s.get(SealApproval, approval_id)
        if approval is None:
            raise NotFoundError("审批记录不存在。")
        app = load_open_application(s, approval.application_id, None)
        void_record(s, SealApproval, approval_id, reason, expected_version, user)
        s.flush()
        return application_dto(s, app, viewer=user)


def void_application(
    db: Database, user: CurrentUser, app_id: int, reason: str, expected_version: int | None
) -> ApplicationDTO:
    """作废 the whole application: it keeps its number, marked 作废 with the reason. A registered
    use must be voided first (the register shows both)."""
    require(user, "records")
    with db.uow(user.username) as s:
        if s.scalar(
            select(SealUse.id)
            .where(SealUse.application_id == app_id, SealUse.voided_at.is_(None))
            .limit(1)
        ):
            raise violation(
                "LOG", "该审批单已登记用印；登记簿须同时显示两者，请先作废用印登记，再作废审批单。"
            )
        void_record(s, SealApplication, app_id, reason, expected_version, user)
        s.flush()
        app = s.get(SealApplication, app_id)
        assert app is not None
        return application_dto(s, app, viewer=user)


def get_application(
    db: Database, app_id: int, day: date | None = None, *, user: CurrentUser | None = None
) -> ApplicationDTO:
    """One application with its computed checklist (signers expected on `day`, default today),
    recorded approvals and register entries, as `user` may see it. R44: linked to a classified
    发文, its number and title (and the application's 文件名称) show only for an account with
    the classified permission, and that opening is written to the audit log."""
    with db.read() as s:
        app = s.get(SealApplication, app_id)
        if app is None:
            raise NotFoundError("用印审批单不存在。")
        dto = application_dto(s, app, day, viewer=user)
        classified = linked_secrecy(s, app.outgoing_id) != ""
    if classified and user is not None and user.can("classified"):
        audit_outgoing(db, user, [dto.outgoing_id], "view", f"用印审批单{dto.number}")
    return dto


def audit_outgoing(
    db: Database, user: CurrentUser, outgoing_ids: list[int | None], action: str, what: str
) -> None:
    """R44: every view and print of a classified 发文 is logged — also where a seal application
    or the 用印登记簿 shows it (the entry is on the 发文 record, like the 发文 register's own
    views and prints). Only the classified ones among `outgoing_ids` are logged."""
    ids = sorted({i for i in outgoing_ids if i is not None})
    if not ids:
        return
    after = {"what": what} if action == "print" else {}  # as outgoing.get_outgoing / record_print
    with db.uow(user.username) as s:
        found = list(
            s.scalars(
                select(OutgoingDocument.id).where(
                    OutgoingDocument.id.in_(ids), OutgoingDocument.secrecy != ""
                )
            )
        )
        if found:
            audit.append_entries(
                s,
                user.username,
                [(OutgoingDocument.__tablename__, i, action, {}, after) for i in found],
            )
