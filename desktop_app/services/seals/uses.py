"""用印登记 (LOG): the seal applied, entered in the register with its own gap-free number per
year; never edited or deleted — a mistake is voided with a reason and a new entry is made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from db.engine import Database
from db.errors import NotFoundError
from db.models.outgoing import OutgoingDocument
from db.models.seals import Seal, SealApplication, SealUse
from db.sequences import number_at_commit
from desktop_app.formatting import CHINA
from desktop_app.rules import seals as r
from desktop_app.rules.registry import violation
from desktop_app.services.seals.checklist import (
    active_approvals,
    checklist,
    formal_problem,
    use_dto,
)
from desktop_app.services.seals.dto import UseDTO
from desktop_app.services.seals.files import store_file
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    void_record,
)


def record_use(
    db: Database,
    user: CurrentUser,
    app_id: int,
    *,
    used_at: datetime,
    copies_stamped: int,
    supervisor: str,
    no_blank_paper: bool,
    copies_spoiled: int = 0,
    scan: bytes | None = None,
    scan_filename: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> UseDTO:
    """Register the use of the seal (LOG). Refused unless the seal is 启用, every checklist item is
    on record (R45.1–R48, R14; the party seal first, R47), copies stamped ≤ copies approved and
    「未在空白文件上用印」 is confirmed. The entry is numbered in the register (gap-free per year)."""
    require(user, "records")
    if used_at is None or used_at.tzinfo is None:
        raise ValidationError("请填写用印时间（带时区）。")
    if not isinstance(copies_stamped, int) or not isinstance(copies_spoiled, int):
        raise ValidationError("份数须为整数。")
    with db.uow(user.username) as s:
        # Lock the application row on PostgreSQL: two clerks cannot register it twice at once.
        s.execute(select(SealApplication.id).where(SealApplication.id == app_id).with_for_update())
        app = load_for_update(s, SealApplication, app_id, expected_version)
        seal = s.get(Seal, app.seal_id)
        assert seal is not None
        used_on = used_at.astimezone(CHINA).date()
        approvals = active_approvals(s, app.id)
        items = checklist(s, app, seal.kind, approvals, used_on, user)
        already = s.scalar(
            select(func.count())
            .select_from(SealUse)
            .where(SealUse.application_id == app.id, SealUse.voided_at.is_(None))
        )
        missing = [r.Requirement(i.code, i.rule_id, i.label) for i in items if not i.done]
        r.check_use(
            seal_status=seal.status,
            voided=app.voided_at is not None,
            already_used=bool(already),
            missing=missing,
            copies_approved=app.copies,
            copies_stamped=copies_stamped,
            copies_spoiled=copies_spoiled,
            no_blank_paper=bool(no_blank_paper),
            supervisor=supervisor or "",
            formal_problem=formal_problem(s, app, seal.kind, user),
        )
        if app.is_formal and app.outgoing_id is not None:  # R45.1: after the 签发, not before
            doc = s.get(OutgoingDocument, app.outgoing_id)
            r.check_sealed_after_signing(doc.signed_on if doc else None, used_on)
        party = next((a for a in approvals if a.kind == "party_seal"), None)
        r.check_party_seal_first(party.done_at if party else None, used_at)
        required = {i.code for i in items}
        r.check_approvals_before_use(
            max((a.signed_on for a in approvals if a.kind in required), default=None), used_on
        )
        if used_on < app.applied_on:
            raise violation("LOG", "用印时间不能早于申请日期：先申请、审批，后用印。")
        year = used_on.year
        use = SealUse(
            application_id=app.id,
            year=year,
            used_at=used_at,
            copies_stamped=copies_stamped,
            copies_spoiled=copies_spoiled,
            supervisor=supervisor.strip()[:64],
            no_blank_paper=True,
            scan_sha256=store_file(s, scan, scan_filename, actor=user.username) if scan else None,
            note=(note or "").strip(),
        )
        # Numbered as the save's last statement, after the scan is stored: the year's counter
        # is locked from then until COMMIT (db.commit_order).
        number_at_commit(s, f"seal_use:{year}", use)
    return use_dto(use)


def void_use(
    db: Database, user: CurrentUser, use_id: int, reason: str, expected_version: int | None
) -> UseDTO:
    """作废 a register entry: it stays, with its number, marked 作废 with who, when and why; a new
    entry can then be made for the same application."""
    require(user, "records")
    with db.uow(user.username) as s:
        void_record(s, SealUse, use_id, reason, expected_version, user)
        s.flush()
        use = s.get(SealUse, use_id)
        assert use is not None
        return use_dto(use)


def get_use(db: Database, use_id: int) -> UseDTO:
    with db.read() as s:
        use = s.get(SealUse, use_id)
        if use is None:
            raise NotFoundError("用印登记不存在。")
        return use_dto(use)


def attach_scan(
    db: Database,
    user: CurrentUser,
    use_id: int,
    data: bytes,
    filename: str,
    expected_version: int | None,
) -> UseDTO:
    """The scan of the stamped pages, added once after the entry (the only later addition; it
    changes nothing already recorded, and the audit log keeps it)."""
    require(user, "records")
    with db.uow(user.username) as s:
        use = load_for_update(s, SealUse, use_id, expected_version)
        if use.scan_sha256 is not None:
            raise violation(
                "LOG", "该登记已附扫描件，登记不能改写；如有错误，请作废该登记后重新登记。"
            )
        if use.voided_at is not None:
            raise violation("LOG", "已作废的登记不能再附扫描件。")
        use.scan_sha256 = store_file(s, data, filename, actor=user.username)
        s.flush()
        return use_dto(use)
