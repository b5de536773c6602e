"""外借: a seal taken out of the office — approved by someone holding the right post that day, with
the person, a due-back time and the return; overdue loans go to the 工作台.

Who may approve (office practice, not an article of the rules): the government seal — the mayor
or the executive vice mayor; the office's and other seals — also the office director.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.engine import Database
from db.errors import NotFoundError
from db.models import Unit
from db.models.seals import Seal, SealLoan
from desktop_app.rules import seals as r
from desktop_app.services.directory import queries as q
from desktop_app.services.seals.dto import LoanDTO, Signer
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
    void_record,
)


def _approvers(s: Session, seal_kind: str, day: date) -> list[Signer]:
    found: list[Signer] = []
    for post in r.LOAN_APPROVER_POSTS.get(seal_kind, ()):
        if post == "office_director":
            office = q.office_unit(s)
            holders = q.holders(s, "unit_head", day, office) if office is not None else []
        else:
            holders = q.holders(s, post, day)
        found.extend(Signer(h.person_id, h.name, h.title) for h in holders)
    return found


def loan_approvers(db: Database, seal_id: int, day: date) -> list[Signer]:
    """Who may approve taking seal `seal_id` out on `day`."""
    with db.read() as s:
        seal = s.get(Seal, seal_id)
        if seal is None:
            raise NotFoundError("印章不存在。")
        return _approvers(s, seal.kind, day)


def _dto(s: Session, loan: SealLoan) -> LoanDTO:
    seal_name = s.scalar(select(Seal.name).where(Seal.id == loan.seal_id)) or ""
    unit_name = s.scalar(select(Unit.name).where(Unit.id == loan.unit_id)) if loan.unit_id else ""
    return LoanDTO(
        loan.id,
        loan.version,
        loan.seal_id,
        seal_name,
        loan.borrower,
        loan.unit_id,
        unit_name or "",
        loan.purpose,
        loan.approver_id,
        q.person_name(s, loan.approver_id),
        loan.approver_title,
        loan.approved_on,
        loan.taken_at,
        loan.due_back_at,
        loan.returned_at,
        loan.received_by,
        loan.note,
        loan.voided_at,
        loan.void_reason,
    )


def lend_seal(
    db: Database,
    user: CurrentUser,
    seal_id: int,
    *,
    borrower: str,
    purpose: str,
    approver_id: int,
    approved_on: date,
    taken_at: datetime,
    due_back_at: datetime,
    unit_id: int | None = None,
    note: str = "",
) -> LoanDTO:
    """Record a seal taken out: approved on `approved_on` by a holder of the right post."""
    require(user, "records")
    for value, label in ((taken_at, "借出时间"), (due_back_at, "应归还时间")):
        if value is None or value.tzinfo is None:
            raise ValidationError(f"请填写{label}（带时区）。")
    if due_back_at <= taken_at:
        raise ValidationError("应归还时间须晚于借出时间。")
    if approved_on is None:
        raise ValidationError("请填写批准日期。")
    with db.uow(user.username) as s:
        s.execute(select(Seal.id).where(Seal.id == seal_id).with_for_update())
        seal = s.get(Seal, seal_id)
        if seal is None:
            raise NotFoundError("印章不存在。")
        if seal.status != "active":
            raise ValidationError("该印章不在启用状态，不能外借。")
        if s.scalar(
            select(SealLoan.id)
            .where(
                SealLoan.seal_id == seal.id,
                SealLoan.returned_at.is_(None),
                SealLoan.voided_at.is_(None),
            )
            .limit(1)
        ):
            raise ValidationError("该印章已外借尚未归还。")
        allowed = {x.person_id: x for x in _approvers(s, seal.kind, approved_on)}
        r.check_loan_approver(approver_id in allowed, seal.kind)
        loan = SealLoan(
            seal_id=seal.id,
            borrower=required_text(borrower, "借用人", 64),
            unit_id=unit_id,
            purpose=required_text(purpose, "外借事由", 2000),
            approver_id=approver_id,
            approver_title=allowed[approver_id].title[:64],
            approved_on=approved_on,
            taken_at=taken_at,
            due_back_at=due_back_at,
            note=(note or "").strip(),
        )
        s.add(loan)
        s.flush()
        return _dto(s, loan)


def return_seal(
    db: Database,
    user: CurrentUser,
    loan_id: int,
    *,
    returned_at: datetime,
    received_by: str,
    expected_version: int | None,
) -> LoanDTO:
    """The seal is back: when, and who received it."""
    require(user, "records")
    if returned_at is None or returned_at.tzinfo is None:
        raise ValidationError("请填写归还时间（带时区）。")
    with db.uow(user.username) as s:
        loan = load_for_update(s, SealLoan, loan_id, expected_version)
        if loan.voided_at is not None or loan.returned_at is not None:
            raise ValidationError("该外借记录已归还或已作废。")
        if returned_at < loan.taken_at:
            raise ValidationError("归还时间不能早于借出时间。")
        loan.returned_at = returned_at
        loan.received_by = required_text(received_by, "接收人", 64)
        s.flush()
        return _dto(s, loan)


def void_loan(
    db: Database, user: CurrentUser, loan_id: int, reason: str, expected_version: int | None
) -> LoanDTO:
    require(user, "records")
    with db.uow(user.username) as s:
        void_record(s, SealLoan, loan_id, reason, expected_version, user)
        s.flush()
        loan = s.get(SealLoan, loan_id)
        assert loan is not None
        return _dto(s, loan)


def list_loans(
    db: Database,
    *,
    seal_id: int | None = None,
    open_only: bool = False,
    overdue_at: datetime | None = None,
) -> list[LoanDTO]:
    """Loans, newest first; `open_only`: not returned; `overdue_at`: not returned and due before."""
    with db.read() as s:
        stmt = select(SealLoan).order_by(SealLoan.taken_at.desc(), SealLoan.id.desc())
        if seal_id is not None:
            stmt = stmt.where(SealLoan.seal_id == seal_id)
        if open_only or overdue_at is not None:
            stmt = stmt.where(SealLoan.returned_at.is_(None), SealLoan.voided_at.is_(None))
        if overdue_at is not None:
            stmt = stmt.where(SealLoan.due_back_at < overdue_at)
        return [_dto(s, loan) for loan in s.scalars(stmt)]


def overdue_loans(db: Database, now: datetime | None = None) -> list[LoanDTO]:
    return list_loans(db, overdue_at=now or utcnow())
