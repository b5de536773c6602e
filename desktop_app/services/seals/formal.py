"""正式公文用印 (R45.1): finding the 发文 record a formal application links, by its number, and
linking it to an application saved 「未关联发文」 (before the link was required).

A formal document is an issued (numbered), not voided 发文 record whose sign-off chain is
complete, sealed with its issuer's seal (市政府 → 政府印章, 市政府办公室 → 办公室印章); anything
else is an other use (R45.2 / R46)."""

from __future__ import annotations

from sqlalchemy import String, cast, or_, select

from db.engine import Database
from db.models.outgoing import OutgoingDocument
from db.models.seals import Seal
from desktop_app.rules import seals as r
from desktop_app.rules.registry import violation
from desktop_app.services.documents.outgoing_dto import STATUS_NAMES, number_text, visible
from desktop_app.services.seals.applications import load_open_application
from desktop_app.services.seals.checklist import application_dto, check_may_link, linked_document
from desktop_app.services.seals.dto import ApplicationDTO, LinkableDocument
from desktop_app.services.system.common import CurrentUser, ValidationError, require

SEARCH_LIMIT = 20


def _number_sql():
    d = OutgoingDocument
    return d.prefix + "〔" + cast(d.year, String) + "〕" + cast(d.seq, String) + "号"


def find_formal_documents(
    db: Database,
    user: CurrentUser,
    text: str,
    *,
    seal_kind: str | None = None,
    limit: int = SEARCH_LIMIT,
) -> list[LinkableDocument]:
    """Issued, not voided 发文 records whose number (or title) contains `text` — at most
    `limit`, newest first: the clerk picks the linked document by its number without loading
    the register. `seal_kind` narrows them to the issuer that seal belongs to (R45.1).
    Classified records (R44) only for accounts that may see them."""
    words = (text or "").strip()
    if not words:
        raise ValidationError("请输入发文字号（或其中的一部分，如 同政发〔2026〕1号、2026〕1）。")
    d = OutgoingDocument
    stmt = (
        select(d)
        .where(
            visible(user),
            d.voided_at.is_(None),
            d.status.in_(r.ISSUED_STATUSES),
            d.seq.is_not(None),
            or_(
                _number_sql().contains(words, autoescape=True),
                d.title.contains(words, autoescape=True),
            ),
        )
        .order_by(d.issued_on.desc(), d.id.desc())
        .limit(max(1, min(limit, 100)))
    )
    if seal_kind is not None:
        issuers = [k for k, v in r.ISSUER_SEAL.items() if v == seal_kind]
        stmt = stmt.where(d.issuer.in_(issuers))
    with db.read() as s:
        return [
            LinkableDocument(
                x.id,
                number_text(x),  # the query keeps numbered documents only
                x.title,
                x.issuer,
                r.ISSUER_NAMES.get(x.issuer, x.issuer),
                x.issued_on,
                STATUS_NAMES.get(x.status, x.status),
            )
            for x in s.scalars(stmt)
        ]


def link_outgoing(
    db: Database, user: CurrentUser, app_id: int, outgoing_id: int, expected_version: int | None
) -> ApplicationDTO:
    """R45.1: link the issued 发文 record to an application marked 正式公文 without one (saved
    before the link was required). Refused under 第四十五条 for a draft, unnumbered or voided
    record, an incomplete chain, or a seal that is not the issuer's. Approvals already recorded
    stay (they do not depend on which record is linked); an application that already has a link
    is corrected with update_application before its approvals, or voided and filed again.
    R44: a classified 发文 is linked only by an account with the classified permission."""
    require(user, "records")
    with db.uow(user.username) as s:
        app = load_open_application(s, app_id, expected_version)
        if not app.is_formal:
            raise violation("R45.1", "该审批单未标记为正式公文，按其他用印审批，无需关联发文。")
        if app.outgoing_id is not None:
            raise ValidationError(
                "该审批单已关联发文；如需更换，请在审批前修改审批单，或作废后重新填写。"
            )
        if s.get(OutgoingDocument, outgoing_id) is None:
            raise ValidationError("关联的发文不存在。")
        check_may_link(s, user, outgoing_id)  # R44: a classified 发文 by a 机要 account only
        seal = s.get(Seal, app.seal_id)
        assert seal is not None
        r.check_formal_document(True, seal.kind, linked_document(s, outgoing_id, user))
        app.outgoing_id = outgoing_id
        s.flush()
        return application_dto(s, app, viewer=user)
