"""Helpers of the keyed audit chain tests: the keys, a database opened with or without one, a
classified 收文 opened by the 机要 clerk (`_seed`), and the forgery that erases an entry and
re-hashes every later one with plain SHA-256 (`_erase_and_rehash`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text

from db import audit_hash
from db.engine import Database
from db.models import AuditEntry, IncomingDocument
from db.sequences import allocate
from desktop_app.formatting import CHINA
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from desktop_app.services.system.common import CurrentUser

KEY = bytes.fromhex("11" * 32)
OTHER_KEY = bytes.fromhex("22" * 32)
JIYAO = CurrentUser("jiyao", "机要员", "confidential")


def _open(url: str, key: bytes | None) -> Database:
    return Database(url, audit_key=key, audit_key_path="/pc/fuban/audit.key")


def _seed(d: Database) -> int:
    """A classified 收文, opened by the 机要 clerk (an audited `view`), then more work after it."""
    with d.uow("wenmi") as s:
        doc = IncomingDocument(
            year=2026,
            seq=allocate(s, "incoming:2026"),
            received_at=datetime(2026, 3, 2, 10, tzinfo=CHINA),
            sender="省政府办公厅",
            title="涉密文件",
            doc_type="通知",
            nature="action",
            secrecy="机密",
            secrecy_term="10年",
            copy_numbers="003",
        )
        s.add(doc)
        s.flush()
        doc_id = doc.id
    incoming.get_document(d, JIYAO, doc_id)
    directory.save_person(d, CurrentUser("wenmi", "文秘甲", "clerk"), name="李明远")
    directory.save_person(d, CurrentUser("wenmi", "文秘甲", "clerk"), name="张海峰")
    return doc_id


def _erase_and_rehash(d: Database, seq: int) -> None:
    """The forgery: delete entry `seq`, renumber and re-hash every later entry with plain
    SHA-256 (the published algorithm) and move the head — all in SQL, no key."""
    with d.engine.begin() as conn:
        rows = conn.execute(select(*AuditEntry.__table__.c).order_by(AuditEntry.seq)).all()
        conn.execute(text("DELETE FROM audit_entry WHERE seq >= :s"), {"s": seq})
        prev = rows[seq - 2].hash if seq > 1 else audit_hash.GENESIS
        new_seq = seq
        for e in rows[seq:]:
            digest = audit_hash.entry_hash(
                prev,
                new_seq,
                e.at,
                e.actor,
                e.table_name,
                e.record_id,
                e.action,
                e.before_json,
                e.after_json,
            )
            conn.execute(
                AuditEntry.__table__.insert().values(
                    seq=new_seq,
                    at=e.at,
                    actor=e.actor,
                    table_name=e.table_name,
                    record_id=e.record_id,
                    action=e.action,
                    before_json=e.before_json,
                    after_json=e.after_json,
                    prev_hash=prev,
                    hash=digest,
                )
            )
            prev, new_seq = digest, new_seq + 1
        conn.execute(
            text("UPDATE audit_head SET last_seq = :n, last_hash = :h WHERE id = 1"),
            {"n": new_seq - 1, "h": prev},
        )
