"""Files of the seal register (imprint scans, lifecycle documents, scans of stamped pages),
stored once in the database and referenced by the SHA-256 of their bytes (DESIGN.md → Data)."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.engine import Database
from db.errors import NotFoundError
from db.locks import insert_if_missing
from db.models.outgoing import OutgoingDocument
from db.models.seals import SealApplication, SealFile, SealUse
from db.models.supervision import SupervisionItem, SupervisionReport
from db.text_input import check_text
from desktop_app.services.seals.dto import StoredFile
from desktop_app.services.system.common import PermissionDenied, ValidationError

MAX_BYTES = 50 * 1024 * 1024


def store_file(
    s: Session, data: bytes, filename: str = "", media_type: str = "", actor: str = ""
) -> str:
    """Keep `data` (once: the same bytes are stored only once) and return its SHA-256."""
    if not data:
        raise ValidationError("文件为空。")
    if len(data) > MAX_BYTES:
        raise ValidationError("文件过大（最多 50 MB）。")
    digest = hashlib.sha256(data).hexdigest()
    filename, media_type = filename[:256], media_type[:64]
    for key, text in (("filename", filename), ("media_type", media_type)):
        check_text("seal_file", key, text, None)  # as a flush would (the insert is not one)
    if s.get(SealFile, digest) is None:
        # Another clerk may be storing the same bytes at this moment (the same scan attached
        # elsewhere, on a shared server): his row wins, ours is not inserted — one file, and
        # no duplicate-key error for the second save. Not audited (SealFile), so a Core insert.
        insert_if_missing(
            s,
            SealFile,
            dict(
                sha256=digest,
                filename=filename,
                media_type=media_type,
                size=len(data),
                content=data,
                stored_at=utcnow(),
                stored_by=actor,
            ),
            ["sha256"],
        )
    return digest


def get_file(db: Database, sha256: str) -> StoredFile:
    """A stored file by its hash (imprint, document, scan). R44: not one a classified record
    holds — a written report on a classified 督办 item, the scan of a classified 发文's stamped
    pages: such a file is opened through its record, which checks the account and logs the
    view (supervision.queries.report_attachment); read here by its hash it would be neither."""
    with db.read() as s:
        f = s.get(SealFile, sha256)
        if f is None:
            raise NotFoundError("文件不存在。")
        if _held_by_classified(s, sha256):
            raise PermissionDenied(
                "该文件属于涉密记录，只能在该记录中由有权查看涉密记录的账户打开（第四十四条）。"
            )
        return StoredFile(f.sha256, f.filename, f.media_type, f.size, bytes(f.content))


def _held_by_classified(s: Session, sha256: str) -> bool:
    report = (
        select(SupervisionReport.id)
        .join(SupervisionItem, SupervisionItem.id == SupervisionReport.item_id)
        .where(SupervisionReport.attachment_sha256 == sha256, SupervisionItem.secrecy != "")
    )
    scan = (
        select(SealUse.id)
        .join(SealApplication, SealApplication.id == SealUse.application_id)
        .join(OutgoingDocument, OutgoingDocument.id == SealApplication.outgoing_id)
        .where(SealUse.scan_sha256 == sha256, OutgoingDocument.secrecy != "")
    )
    return any(s.scalar(q.limit(1)) is not None for q in (report, scan))
