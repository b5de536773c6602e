"""The audit key (DESIGN.md → Data): from the chain's marker entry on, every entry is hashed
with HMAC under a key kept on the PCs (audit.key), so that rewriting the chain needs the key.

It holds which key each engine's writers use (`use_key`), the head row as stored (the tip, and
where the keyed part starts), the check an append makes that this PC holds the key the chain was
keyed with, and the messages that refuse a save when it does not. The append itself (db.audit)
writes the marker entry; db.audit_maintenance keys a chain at once (`start_keying`)."""

from __future__ import annotations

import hmac
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, literal_column, select
from sqlalchemy.orm import Session

from db.audit_hash import stored_entry_hash
from db.errors import FubanError
from db.models.system import AuditEntry, AuditHead

KEY_TABLE, KEY_ACTION = "audit_head", "key"  # the marker entry that starts the keyed part
SYSTEM_KEYING_ACTOR = "system:audit-key"


class AuditKeyError(FubanError):
    """This PC cannot append to a keyed chain: it has no audit key, or a different one."""


@dataclass(frozen=True)
class Keyring:
    """The key an engine's writers hash with (None: none on this PC), as use_key set it."""

    key: bytes | None
    where: str | None  # where this PC keeps (or should keep) its key file, for messages
    may_start: bool = True  # may key a chain that already holds plain entries


# Per engine, so every writer on it — units of work, restore, migrations recording their changes
# — uses the same key without each call site carrying it.
_KEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def use_key(engine, key: bytes | None, where: str | None = None, may_start: bool = True) -> None:
    """Make `engine`'s writers hash with `key` (db.engine.Database does this). `may_start=False`:
    a chain that holds plain entries only is not keyed by the next write but refused — for a PC
    whose key already existed, to which a keyed chain rewritten in plain form must not look like
    an old chain waiting to be keyed."""
    _KEYS[engine] = Keyring(key, where, may_start)


def keyring(session: Session) -> Keyring:
    bind = session.get_bind()
    return _KEYS.get(getattr(bind, "engine", bind)) or Keyring(None, None)


def missing_key_message(where: str | None) -> str:
    place = f"「{where}」" if where else "本机 fuban 设置文件夹中的 audit.key"
    return (
        "本机缺少审计密钥 audit.key：审计链已启用密钥保护，没有密钥不能保存（以免留下无法核验的记录）。"
        "请管理员从保管密钥的电脑（共享数据库的服务器，或最先使用新版本的那台电脑）的 fuban 设置"
        f"文件夹复制 audit.key 到{place}（Windows 为 %LOCALAPPDATA%\\fuban\\audit.key），"
        "然后重新打开府办台账。"
    )


def unkeyed_message(last_seq: int) -> str:
    return (
        f"审计链的 {last_seq} 条记录都未用密钥保护，而本机早已有审计密钥：审计链可能被人绕过程序改写成了"
        "不加密钥的形式，为保证每条记录可追溯，暂停保存。请管理员运行 fuban check 查明，并用最近的备份"
        "恢复；如本机的 audit.key 原属另一个数据库，请管理员移走它后重新打开府办台账。"
    )


def wrong_key_message(where: str | None, keyed_from: int) -> str:
    place = f"（{where}）" if where else ""
    return (
        f"本机的审计密钥{place}与审计链自第 {keyed_from} 条起所用的密钥不同，不能保存。"
        "请管理员从保管密钥的电脑复制正确的 audit.key 替换本机的这一文件，然后重新打开府办台账。"
    )


# Read with `*` so the same code works on a schema from before keyed_from existed (migrations
# record their changes while upgrading from such a schema). Built once: every save reads it.
_HEAD: Select[Any] = (
    select(literal_column("*")).select_from(AuditHead.__table__).where(AuditHead.id == 1)
)
_HEAD_LOCKED = _HEAD.with_for_update()


def head_row(conn, lock: bool = False):
    """The head row as stored: (last_seq, last_hash, keyed_from or None on an old schema)."""
    row = conn.execute(_HEAD_LOCKED if lock else _HEAD).first()
    if row is None:
        return None
    m = row._mapping
    # keyed_from None: a schema from before keyed chains (the entry is then written plain).
    keyed = int(m["keyed_from"] or 0) if "keyed_from" in m else None
    return m["last_seq"], m["last_hash"], keyed


# Per engine: the (keyed_from, key) whose marker entry this process has verified. The marker is
# an entry of the chain (append-only), so once it verified with this PC's key it need not be read
# again at every save; it is read again whenever the head names another keyed_from, or the key
# changes, and at the first save of every process. (`fuban check` verifies the marker itself.)
_VERIFIED_MARKER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _marker_verified(session: Session, keyed_from: int, key: bytes) -> bool:
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    if _VERIFIED_MARKER.get(engine) == (keyed_from, key):
        return True
    if not _marker_matches(session.connection(), keyed_from, key):
        return False
    _VERIFIED_MARKER[engine] = (keyed_from, key)
    return True


def _marker_matches(conn, keyed_from: int, key: bytes) -> bool:
    e = conn.execute(select(*AuditEntry.__table__.c).where(AuditEntry.seq == keyed_from)).first()
    if e is None or (e.table_name, e.action) != (KEY_TABLE, KEY_ACTION):
        return False
    digest = stored_entry_hash(e, key)
    return hmac.compare_digest(digest, e.hash)


def key_matches(session: Session, key: bytes) -> bool:
    """Was the chain's keyed part started with `key`? (Its marker entry verifies with it.)"""
    keyed = keyed_from(session)
    return bool(keyed) and _marker_matches(session.connection(), keyed, key)


def keyed_from(session: Session) -> int:
    """Where the keyed part of the chain starts (0: not keyed yet)."""
    head = head_row(session.connection())
    return (head[2] or 0) if head else 0


def check_key(session: Session, ring: Keyring, keyed: int | None) -> None:
    """A keyed chain is appended to only with the key its marker entry verifies with."""
    if keyed:
        if ring.key is None:
            raise AuditKeyError(missing_key_message(ring.where))
        if not _marker_verified(session, keyed, ring.key):
            raise AuditKeyError(wrong_key_message(ring.where, keyed))
