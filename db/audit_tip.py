"""The audit chain's tip (DESIGN.md → Data): before appending, the head row must sit on the last
entry; if it does not, saving is refused with what to do (`fuban db repair-audit`, which
db.audit_maintenance.repair_tip carries out). Used wherever the chain is appended to: db.audit,
db.audit_append_pg and db.audit_commit."""

from __future__ import annotations

from sqlalchemy import func, select

from db.errors import FubanError
from db.models.system import AuditEntry


class AuditTipError(FubanError):
    """The chain's head does not sit on its last entry: saving would fork or break it."""


REPAIR_HINT = "请管理员运行 fuban db repair-audit 重新接续审计链（修复本身会记入审计）"


def check_tip(conn, head_seq: int) -> None:
    """Refuse to append while the head and the last entry disagree (an entry added past the
    head, or the head row deleted or moved): every later save would fail with a duplicate key,
    or silently start a second chain. Cheap: the highest seq comes from the primary key."""
    last = conn.execute(select(func.max(AuditEntry.seq))).scalar() or 0
    if last != head_seq:
        raise tip_error(head_seq, last)


def tip_error(head_seq: int, last: int) -> AuditTipError:
    return AuditTipError(
        f"审计链末尾已损坏（链头记为第 {head_seq} 条，实际最后一条为第 {last} 条），"
        f"为保证每条记录可追溯，暂停保存。{REPAIR_HINT}。"
    )
