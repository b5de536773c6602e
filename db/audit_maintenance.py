"""Writes to the audit chain made outside a save, for the app's start and the administrator's
commands: keying the chain at once (`start_keying`) and re-anchoring its head on the last entry
(`repair_tip`). Both append through db.audit; they sit above it, apart from the key and tip
checks the append itself makes (db.audit_key, db.audit_tip), so that those import no append."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.audit import append_entries
from db.audit_hash import GENESIS
from db.audit_key import KEY_ACTION, KEY_TABLE, head_row, keyed_from, keyring
from db.locks import insert_if_missing
from db.models.system import AuditEntry, AuditHead


def start_keying(session: Session, actor: str = "system", force: bool = False) -> int | None:
    """Key the chain now if this engine has a key and the chain is not keyed yet (the marker
    entry is written at once rather than with the next save). Returns the marker's seq.
    `force`: even on an engine whose key may not start keying a chain holding plain entries
    (the caller knows the chain is genuine: a new key, a verified restore)."""
    if keyring(session).key is None or keyed_from(session):
        return None
    append_entries(session, actor, [], _start=force)
    return keyed_from(session) or None


def repair_tip(session: Session, actor: str) -> tuple[int, int] | None:
    """Re-anchor the head on the last entry, and record that it was done — never silently.
    Returns (old head seq, new head seq), or None when nothing needed repair."""
    insert_if_missing(session, AuditHead, {"id": 1, "last_seq": 0, "last_hash": GENESIS}, ["id"])
    conn = session.connection()
    head_seq, head_hash, keyed = head_row(conn, lock=True)
    keyed = keyed or 0
    last = conn.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    last_seq, last_hash = (last.seq, last.hash) if last else (0, GENESIS)
    # A head row deleted and re-created has lost where the keyed part starts: take it from the
    # chain's own (keyed, hence unforgeable) marker entry, so the keyed part stays keyed.
    marker = (
        conn.execute(
            select(func.min(AuditEntry.seq)).where(
                AuditEntry.table_name == KEY_TABLE, AuditEntry.action == KEY_ACTION
            )
        ).scalar()
        or 0
    )
    if (head_seq, head_hash) == (last_seq, last_hash) and (keyed or not marker):
        return None
    values = dict(last_seq=last_seq, last_hash=last_hash)
    if not keyed and marker:
        values["keyed_from"] = marker
    conn.execute(update(AuditHead).where(AuditHead.id == 1).values(**values))
    append_entries(
        session,
        actor,
        [
            (
                "audit_head",
                1,
                "repair",
                {"last_seq": head_seq, "last_hash": head_hash},
                {"last_seq": last_seq, "last_hash": last_hash},
            )
        ],
    )
    return head_seq, last_seq
