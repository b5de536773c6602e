"""The catalogue of seals: name, kind, imprint, lifecycle (刻制 → 启用 → 停用 → 销毁, each dated with
its document; destruction with two witnesses) and custodian hand-overs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from db.engine import Database
from db.errors import NotFoundError
from db.models.seals import Seal, SealCustody, SealEvent, SealLoan
from desktop_app.rules import seals as r
from desktop_app.services.seals.dto import CustodyDTO, SealDTO, SealEventDTO
from desktop_app.services.seals.files import store_file
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
)

EVENT_NAMES = {"made": "刻制", "active": "启用", "suspended": "停用", "destroyed": "销毁"}


def seal_dto(s: Session, seal: Seal) -> SealDTO:
    events = s.scalars(
        select(SealEvent)
        .where(SealEvent.seal_id == seal.id, SealEvent.voided_at.is_(None))
        .order_by(SealEvent.happened_on, SealEvent.id)
    )
    custody = list(
        s.scalars(
            select(SealCustody)
            .where(SealCustody.seal_id == seal.id, SealCustody.voided_at.is_(None))
            .order_by(SealCustody.start_date.desc(), SealCustody.id.desc())
        )
    )
    on_loan = (
        s.scalar(
            select(SealLoan.id)
            .where(
                SealLoan.seal_id == seal.id,
                SealLoan.returned_at.is_(None),
                SealLoan.voided_at.is_(None),
            )
            .limit(1)
        )
        is not None
    )
    return SealDTO(
        seal.id,
        seal.version,
        seal.name,
        seal.kind,
        r.SEAL_KINDS.get(seal.kind, seal.kind),
        seal.status,
        r.SEAL_STATUS.get(seal.status, seal.status),
        seal.imprint_sha256,
        custody[0].custodian if custody else "",
        on_loan,
        seal.note,
        tuple(
            SealEventDTO(
                e.id,
                e.event,
                EVENT_NAMES[e.event],
                e.happened_on,
                e.document,
                e.file_sha256,
                e.witness_1,
                e.witness_2,
                e.note,
            )
            for e in events
        ),
        tuple(
            CustodyDTO(
                c.id, c.custodian, c.person_id, c.start_date, c.handed_over_by, c.document, c.note
            )
            for c in custody
        ),
    )


def _file(s: Session, user: CurrentUser, data: bytes | None, filename: str) -> str | None:
    return store_file(s, data, filename, actor=user.username) if data else None


def add_seal(
    db: Database,
    user: CurrentUser,
    *,
    name: str,
    kind: str,
    made_on: date,
    document: str = "",
    imprint: bytes | None = None,
    imprint_filename: str = "",
    document_file: bytes | None = None,
    document_filename: str = "",
    note: str = "",
    sort_order: int = 0,
) -> SealDTO:
    """刻制: a new seal, status 已刻制 (not usable until 启用)."""
    require(user, "records")
    if kind not in r.SEAL_KINDS:
        raise ValidationError(f"印章类别应为：{'、'.join(r.SEAL_KINDS.values())}。")
    if made_on is None:
        raise ValidationError("请填写刻制日期。")
    with db.uow(user.username) as s:
        seal = Seal(
            name=required_text(name, "印章名称"),
            kind=kind,
            status="made",
            imprint_sha256=_file(s, user, imprint, imprint_filename),
            sort_order=sort_order,
            note=(note or "").strip(),
        )
        s.add(seal)
        s.flush()
        s.add(
            SealEvent(
                seal_id=seal.id,
                event="made",
                happened_on=made_on,
                document=(document or "").strip()[:256],
                file_sha256=_file(s, user, document_file, document_filename),
            )
        )
        s.flush()
        return seal_dto(s, seal)


def set_imprint(
    db: Database,
    user: CurrentUser,
    seal_id: int,
    data: bytes,
    filename: str,
    expected_version: int | None,
) -> SealDTO:
    """印模: the imprint image kept with the seal (the earlier one stays in the audit log)."""
    require(user, "records")
    with db.uow(user.username) as s:
        seal = load_for_update(s, Seal, seal_id, expected_version)
        seal.imprint_sha256 = store_file(s, data, filename, actor=user.username)
        s.flush()
        return seal_dto(s, seal)


def change_status(
    db: Database,
    user: CurrentUser,
    seal_id: int,
    event: str,
    happened_on: date,
    document: str,
    expected_version: int | None,
    *,
    document_file: bytes | None = None,
    document_filename: str = "",
    witness_1: str = "",
    witness_2: str = "",
    note: str = "",
) -> SealDTO:
    """启用 (active) / 停用 (suspended) / 销毁 (destroyed), dated, with its document; destruction
    names two different witnesses (监销人)."""
    require(user, "records")
    if event not in ("active", "suspended", "destroyed"):
        raise ValidationError("状态变更只能是启用、停用或销毁。")
    if happened_on is None:
        raise ValidationError("请填写日期。")
    w1, w2 = (witness_1 or "").strip(), (witness_2 or "").strip()
    if event == "destroyed":
        r.check_destruction_witnesses(w1, w2)
    with db.uow(user.username) as s:
        seal = load_for_update(s, Seal, seal_id, expected_version)
        if event not in r.TRANSITIONS[seal.status]:
            raise ValidationError(
                f"印章当前为「{r.SEAL_STATUS[seal.status]}」，不能{EVENT_NAMES[event]}。"
            )
        last = s.scalar(
            select(SealEvent.happened_on)
            .where(SealEvent.seal_id == seal.id, SealEvent.voided_at.is_(None))
            .order_by(SealEvent.happened_on.desc())
            .limit(1)
        )
        if last is not None and happened_on < last:
            raise ValidationError("日期不能早于该印章上一次状态变更的日期。")
        s.add(
            SealEvent(
                seal_id=seal.id,
                event=event,
                happened_on=happened_on,
                document=required_text(document, "依据文件", 256),
                file_sha256=_file(s, user, document_file, document_filename),
                witness_1=w1,
                witness_2=w2,
                note=(note or "").strip(),
            )
        )
        seal.status = event
        s.flush()
        return seal_dto(s, seal)


def hand_over(
    db: Database,
    user: CurrentUser,
    seal_id: int,
    *,
    custodian: str,
    start_date: date,
    handed_over_by: str = "",
    person_id: int | None = None,
    document: str = "",
    note: str = "",
    expected_version: int | None,
) -> SealDTO:
    """保管人交接: from `start_date` the seal is kept by `custodian`."""
    require(user, "records")
    if start_date is None:
        raise ValidationError("请填写交接日期。")
    with db.uow(user.username) as s:
        seal = s.get(Seal, seal_id)
        if seal is None:
            raise NotFoundError("印章不存在。")
        seal = load_for_update(s, Seal, seal_id, expected_version)
        if seal.status == "destroyed":
            raise ValidationError("已销毁的印章不能交接。")
        last = s.scalar(
            select(SealCustody.start_date)
            .where(SealCustody.seal_id == seal.id, SealCustody.voided_at.is_(None))
            .order_by(SealCustody.start_date.desc())
            .limit(1)
        )
        if last is not None and start_date < last:
            raise ValidationError("交接日期不能早于上一次交接。")
        s.add(
            SealCustody(
                seal_id=seal.id,
                custodian=required_text(custodian, "保管人", 64),
                person_id=person_id,
                start_date=start_date,
                handed_over_by=(handed_over_by or "").strip()[:64],
                document=(document or "").strip()[:256],
                note=(note or "").strip(),
            )
        )
        # Bump the seal's version: two clerks entering a hand-over of the same seal cannot both
        # win, and a form filled in against the former custodian is refused.
        flag_modified(seal, "status")
        s.flush()
        return seal_dto(s, seal)


def custodian_on(db: Database, seal_id: int, day: date) -> str:
    """Who kept the seal on `day` ("" if no hand-over recorded by then)."""
    with db.read() as s:
        return (
            s.scalar(
                select(SealCustody.custodian)
                .where(
                    SealCustody.seal_id == seal_id,
                    SealCustody.start_date <= day,
                    SealCustody.voided_at.is_(None),
                )
                .order_by(SealCustody.start_date.desc(), SealCustody.id.desc())
                .limit(1)
            )
            or ""
        )


def get_seal(db: Database, seal_id: int) -> SealDTO:
    with db.read() as s:
        seal = s.get(Seal, seal_id)
        if seal is None:
            raise NotFoundError("印章不存在。")
        return seal_dto(s, seal)


def list_seals(db: Database, *, usable_only: bool = False) -> list[SealDTO]:
    """Every seal (destroyed ones too, for the record); `usable_only`: those 启用."""
    with db.read() as s:
        stmt = select(Seal).where(Seal.voided_at.is_(None)).order_by(Seal.sort_order, Seal.id)
        if usable_only:
            stmt = stmt.where(Seal.status == "active")
        return [seal_dto(s, seal) for seal in s.scalars(stmt)]
