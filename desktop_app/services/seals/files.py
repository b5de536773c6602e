"""Files of the seal register (imprint scans, lifecycle documents, scans of stamped pages),
stored once in the database and referenced by the SHA-256 of their bytes (DESIGN.md → Data)."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from db.base import utcnow
from db.engine import Database
from db.errors import NotFoundError
from db.models.seals import SealFile
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
    if s.get(SealFile, digest) is None:
        s.add(
            SealFile(
                sha256=digest,
                filename=filename[:256],
                media_type=media_type[:64],
                size=len(data),
                content=data,
                stored_at=utcnow(),
                stored_by=actor,
            )
        )
        s.flush()
    return digest


def get_file(db: Database, sha256: str) -> StoredFile:
    """A stored file by its hash (imprint, document, scan)."""
    with db.read() as s:
        f = s.get(SealFile, sha256)
        if f is None:
            raise NotFoundError("文件不存在。")
        return StoredFile(f.sha256, f.filename, f.media_type, f.size, bytes(f.content))
