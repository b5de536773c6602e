"""Files of the seal register (imprint scans, lifecycle documents, scans of stamped pages),
stored once in the database and referenced by the SHA-256 of their bytes (DESIGN.md → Data)."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from db.base import utcnow
from db.engine import Database
from db.errors import NotFoundError
from db.locks import insert_if_missing
from db.models.seals import SealFile
from db.text_input import check_text
from desktop_app.services.seals.dto import StoredFile
from desktop_app.services.system.common import ValidationError

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
    """A stored file by its hash (imprint, document, scan)."""
    with db.read() as s:
        f = s.get(SealFile, sha256)
        if f is None:
            raise NotFoundError("文件不存在。")
        return StoredFile(f.sha256, f.filename, f.media_type, f.size, bytes(f.content))
