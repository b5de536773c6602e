"""Append-only audit log with a hash chain (DESIGN.md → Data).

Every flush records, per changed row, who, when, table, id, action and the values before and
after. Each entry's hash covers its content and the previous entry's hash; the single
`audit_head` row holds the tip. Appending locks that row (SELECT … FOR UPDATE on PostgreSQL; on
SQLite the writing transaction already holds the database lock), so concurrent clerks append one
after another and the chain never forks. `verify_chain` finds edited, deleted or inserted rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, func, insert, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.base import RecordMixin, utcnow
from db.errors import FubanError
from db.locks import insert_if_missing
from db.models.system import AuditEntry, AuditHead

GENESIS = "0" * 64
_SKIP_COLUMNS = {"created_at", "updated_at", "created_by", "updated_by", "version"}
# Secrets are recorded as changed, never by value: the log keeps a digest of the stored secret
# (itself already a salted hash), enough for `fuban check` to notice a hash swapped behind the app.
_REDACT = {"password_hash"}
REDACTED_LEGACY = "***"  # what entries written before the digest hold


def redacted(value: Any) -> str:
    return "sha256:" + hashlib.sha256(str(value).encode("utf-8")).hexdigest()


def _value(key: str, value: Any) -> Any:
    return redacted(value) if key in _REDACT and value is not None else _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def canonical(data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, seq: int, at: datetime, actor: str, table: str, record_id: int,
               action: str, before_json: str, after_json: str) -> str:
    payload = "\x1f".join(
        [prev_hash, str(seq), at.isoformat(), actor, table, str(record_id), action,
         before_json, after_json]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _row_values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {c.key: _value(c.key, getattr(obj, c.key)) for c in mapper.column_attrs
            if c.key not in _SKIP_COLUMNS}


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIP_COLUMNS:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            before[attr.key] = _value(attr.key, hist.deleted[0]) if hist.deleted else None
            after[attr.key] = _value(attr.key, hist.added[0]) if hist.added else None
    return before, after


def _stamp(session: Session, _ctx, _instances) -> None:
    """Fill created/updated by+at from the unit of work's actor before anything is written."""
    actor = session.info.get("actor", "system")
    now = utcnow()
    for obj in session.new:
        if isinstance(obj, RecordMixin):
            obj.created_at = obj.updated_at = now
            obj.created_by = obj.updated_by = actor
    for obj in session.dirty:
        if isinstance(obj, RecordMixin) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now
            obj.updated_by = actor
    for obj in session.deleted:
        if isinstance(obj, RecordMixin):
            # Registers are append-only; the only way out is voiding (作废).
            raise RuntimeError(f"deleting {type(obj).__name__} rows is not allowed; void it")


def _record(session: Session, _ctx) -> None:
    """After the rows are written (ids known), append one audit entry per changed row."""
    pending: list[tuple[str, int, str, dict, dict]] = []
    for obj in session.new:
        if isinstance(obj, RecordMixin):
            pending.append((obj.__tablename__, obj.id, "insert", {}, _row_values(obj)))
    for obj in session.dirty:
        if isinstance(obj, RecordMixin):
            before, after = _changes(obj)
            if after:
                action = "void" if after.get("voided_at") else "update"
                pending.append((obj.__tablename__, obj.id, action, before, after))
    if pending:
        append_entries(session, session.info.get("actor", "system"), pending)


def append_entries(session: Session, actor: str,
                   pending: list[tuple[str, int, str, dict, dict]]) -> None:
    # The first writers on a fresh database may race to create the head row: create it in a way
    # that cannot fail, then lock it.
    insert_if_missing(session, AuditHead, {"id": 1, "last_seq": 0, "last_hash": GENESIS}, ["id"])
    conn = session.connection()
    head = conn.execute(
        select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1).with_for_update()
    ).one()
    seq, prev = head.last_seq, head.last_hash
    check_tip(conn, seq)
    at = utcnow()
    rows = []
    for table, record_id, action, before, after in pending:
        seq += 1
        b, a = canonical(before), canonical(after)
        digest = entry_hash(prev, seq, at, actor, table, record_id, action, b, a)
        rows.append(dict(seq=seq, at=at, actor=actor, table_name=table, record_id=record_id,
                         action=action, before_json=b, after_json=a, prev_hash=prev, hash=digest))
        prev = digest
    conn.execute(insert(AuditEntry), rows)
    conn.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=seq, last_hash=prev))


def head_anchor(session: Session) -> str:
    """The chain's head as one short line for paper (「审计链第 1234 条 · 3f2a9c…」): printed on a
    register page, it lets the paper copy later prove what the electronic record said then."""
    row = session.execute(select(AuditHead.last_seq, AuditHead.last_hash)
                          .where(AuditHead.id == 1)).first()
    if row is None:
        return "审计链：尚无记录"
    return f"审计链第 {row.last_seq} 条 · {row.last_hash[:16]}"


class AuditTipError(FubanError):
    """The chain's head does not sit on its last entry: saving would fork or break it."""


REPAIR_HINT = "请管理员运行 fuban db repair-audit 重新接续审计链（修复本身会记入审计）"


def check_tip(conn, head_seq: int) -> None:
    """Refuse to append while the head and the last entry disagree (an entry added past the
    head, or the head row deleted or moved): every later save would fail with a duplicate key,
    or silently start a second chain. Cheap: the highest seq comes from the primary key."""
    last = conn.execute(select(func.max(AuditEntry.seq))).scalar() or 0
    if last != head_seq:
        raise AuditTipError(f"审计链末尾已损坏（链头记为第 {head_seq} 条，实际最后一条为第 {last} 条），"
                            f"为保证每条记录可追溯，暂停保存。{REPAIR_HINT}。")


def repair_tip(session: Session, actor: str) -> tuple[int, int] | None:
    """Re-anchor the head on the last entry, and record that it was done — never silently.
    Returns (old head seq, new head seq), or None when nothing needed repair."""
    insert_if_missing(session, AuditHead, {"id": 1, "last_seq": 0, "last_hash": GENESIS}, ["id"])
    conn = session.connection()
    head = conn.execute(select(AuditHead.last_seq, AuditHead.last_hash)
                        .where(AuditHead.id == 1).with_for_update()).one()
    last = conn.execute(select(AuditEntry.seq, AuditEntry.hash)
                        .order_by(AuditEntry.seq.desc()).limit(1)).first()
    last_seq, last_hash = (last.seq, last.hash) if last else (0, GENESIS)
    if (head.last_seq, head.last_hash) == (last_seq, last_hash):
        return None
    conn.execute(update(AuditHead).where(AuditHead.id == 1)
                 .values(last_seq=last_seq, last_hash=last_hash))
    append_entries(session, actor, [("audit_head", 1, "repair",
                                     {"last_seq": head.last_seq, "last_hash": head.last_hash},
                                     {"last_seq": last_seq, "last_hash": last_hash})])
    return head.last_seq, last_seq


def record_migration_changes(conn, revision: str, table: str,
                             changes: list[tuple[int, dict[str, Any], dict[str, Any]]]) -> None:
    """A migration that changes existing rows of an audited table records each change (record
    id, values before, values after) in the chain, as actor 「system:migration <revision>」 —
    otherwise `fuban check`, which replays every audited table, would report the upgrade as an
    edit made behind the app."""
    if not changes:
        return
    session = Session(bind=conn)
    try:
        append_entries(session, f"system:migration {revision}",
                       [(table, record_id, "update",
                         {k: _plain(v) for k, v in before.items()},
                         {k: _plain(v) for k, v in after.items()})
                        for record_id, before, after in changes])
    finally:
        session.close()


def install(factory: sessionmaker) -> None:
    event.listen(factory, "before_flush", _stamp)
    event.listen(factory, "after_flush", _record)


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


def verify_chain(session: Session, batch: int = 5000) -> list[ChainProblem]:
    """Recompute the whole chain; report every entry that does not fit (messages in Chinese)."""
    problems: list[ChainProblem] = []
    prev, expected_seq = GENESIS, 1
    last_seq = 0
    stmt = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    for e in session.scalars(stmt):
        if e.seq != expected_seq:
            problems.append(ChainProblem(e.seq, f"审计记录缺失：第 {expected_seq}–{e.seq - 1} 条不存在"))
        if e.prev_hash != prev:
            problems.append(ChainProblem(e.seq, f"审计记录第 {e.seq} 条与前一条不衔接（前一条被改动或删除）"))
        digest = entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.table_name, e.record_id,
                            e.action, e.before_json, e.after_json)
        if digest != e.hash:
            problems.append(ChainProblem(e.seq, f"审计记录第 {e.seq} 条内容被改动"))
        prev, expected_seq, last_seq = e.hash, e.seq + 1, e.seq
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_seq != last_seq or head.last_hash != prev):
        problems.append(ChainProblem(head.last_seq,
                                     f"审计记录末尾被删除或改动：应有 {head.last_seq} 条，实有 {last_seq} 条"))
    if head is None and last_seq:
        problems.append(ChainProblem(0, "审计链头记录缺失"))
    return problems
