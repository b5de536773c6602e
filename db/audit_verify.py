"""Checking the audit chain (DESIGN.md → Data): every entry recomputed from the first, and every
one that does not fit reported in Chinese, for the integrity check (`fuban check`, 设置 → 维护 → 完整性检查) and the
maintenance commands. db.audit writes the chain; this module only reads it."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.audit_hash import GENESIS, stored_entry_hash
from db.audit_key import KEY_ACTION, KEY_TABLE, head_row
from db.models.system import AuditEntry, AuditHead


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


NO_KEY = "无法核验（本机没有审计密钥）"


def verify_chain(
    session: Session, key: bytes | None = None, batch: int = 5000
) -> list[ChainProblem]:
    """Recompute the whole chain; report every entry that does not fit (messages in Chinese).

    Entries before `audit_head.keyed_from` verify by SHA-256; from it on, by HMAC with `key`.
    Without the key those cannot be verified, and are reported so rather than passed. With the
    key, a chain holding entries but not keyed is reported too: this PC's key says the chain
    should be (bootstrap keys it on opening), so it was most likely rewritten in plain form.

    The entries are streamed in a unit of work or a `Database.snapshot()` (on the shared
    server a plain read session has no transaction for the stream's cursor: it reads them at
    once)."""
    problems: list[ChainProblem] = []
    head = head_row(session.connection())
    keyed = (head[2] or 0) if head else 0
    prev, expected_seq = GENESIS, 1
    last_seq = 0
    markers: list[int] = []
    unverifiable: list[int] = []
    stmt = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    for e in session.scalars(stmt):
        if e.seq != expected_seq:
            problems.append(
                ChainProblem(e.seq, f"审计记录缺失：第 {expected_seq}–{e.seq - 1} 条不存在")
            )
        if e.prev_hash != prev:
            problems.append(
                ChainProblem(e.seq, f"审计记录第 {e.seq} 条与前一条不衔接（前一条被改动或删除）")
            )
        if (e.table_name, e.action) == (KEY_TABLE, KEY_ACTION):
            markers.append(e.seq)
        in_keyed_part = bool(keyed) and e.seq >= keyed
        if in_keyed_part and key is None:
            unverifiable.append(e.seq)
        else:
            digest = stored_entry_hash(e, key if in_keyed_part else None)
            if not hmac.compare_digest(digest, e.hash):
                problems.append(ChainProblem(e.seq, f"审计记录第 {e.seq} 条内容被改动"))
        prev, expected_seq, last_seq = e.hash, e.seq + 1, e.seq
    if head is not None and (head[0] != last_seq or head[1] != prev):
        problems.append(
            ChainProblem(
                head[0], f"审计记录末尾被删除或改动：应有 {head[0]} 条，实有 {last_seq} 条"
            )
        )
    if head is None and last_seq:
        problems.append(ChainProblem(0, "审计链头记录缺失"))
    # Only row 1 is ever read or written; any other was put there behind the app.
    extra_heads = session.scalar(
        select(func.count()).select_from(AuditHead).where(AuditHead.id != 1)
    )
    if extra_heads:
        problems.append(ChainProblem(0, f"审计链头表有 {extra_heads} 行多余记录（绕过程序写入）"))
    if keyed and markers != [keyed]:
        problems.append(
            ChainProblem(
                keyed,
                f"审计链记为自第 {keyed} 条起用密钥保护，但该条不是启用密钥的"
                "记录（链头或审计记录被改动）",
            )
        )
    if not keyed and markers:
        problems.append(
            ChainProblem(
                markers[0],
                f"审计链第 {markers[0]} 条记录了启用密钥，链头却记为未启用（链头被改动）",
            )
        )
    if unverifiable:
        problems.append(
            ChainProblem(
                unverifiable[0],
                f"审计记录第 {unverifiable[0]}–{unverifiable[-1]} 条"
                f"{NO_KEY}：请在保管审计密钥 audit.key 的电脑上运行检查",
            )
        )
    if key is not None and not keyed and not markers and last_seq:
        problems.append(
            ChainProblem(
                0,
                f"审计链的 {last_seq} 条记录都未用密钥保护，而本机有审计密钥：审计链"
                "可能被人绕过程序改写成了不加密钥的形式",
            )
        )
    return problems
