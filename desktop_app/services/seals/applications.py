"""用印审批单: apply (numbered 用印〔年〕N号, gap-free per year), correct before approvals, void with
a reason, open one as an account may see it, and the R44 logging of a classified linked 发文 it
shows. Recording the approvals the rules require is in approvals (R45.1–R48, R14, R6.2); both
load an application the same way (`load_open_application`)."""

from __future__ import annotations

from datetime import date

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
from desktop_app.services.seals.checklist import (
    application_dto,
    check_may_link,
    linked_document,
    linked_secrecy,
)
from desktop_app.services.seals.dto import ApplicationDTO
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


def void_application(
    db: Database, user: CurrentUser, app_id: int, reason: str, expected_version: int | None
) -> ApplicationDTO:
    """作废 the whole application: it keeps its number, marked 作废 with the reason. A registered
    use must be voided first (the register shows both)."""
    require(user, "records")
    with db.uow(user.username) as s:
        # Row lock on PostgreSQL, as record_use takes it: a use registered by another clerk at
        # this moment is either seen here (refused) or waits and finds the application voided.
        s.execute(select(SealApplication.id).where(SealApplication.id == app_id).with_for_update())
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
