"""Append-only audit log with a hash chain (DESIGN.md → Data).

Every flush records, per changed row, who, when, table, id, action and the values before and
after. Each entry's hash covers its content and the previous entry's hash; the single
`audit_head` row holds the tip. Appending locks that row (SELECT … FOR UPDATE on PostgreSQL; on
SQLite the writing transaction already holds the database lock), so concurrent clerks append one
after another and the chain never forks. `verify_chain` finds edited, deleted or inserted rows.

The head row stays locked until COMMIT, so a unit of work does not append at each flush: the
entries of its flushes are queued (values taken at the flush) and appended together as the
transaction's last statements (db.commit_order). Other clerks' saves wait for the append and
the COMMIT only, not for the whole save. `append_entries` still appends at once (after what is
queued, so the chain keeps the order in which things happened).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Select,
    bindparam,
    event,
    func,
    insert,
    inspect,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

from db.base import RecordMixin, UTCDateTime, utcnow
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


def image_value(key: str, value: Any) -> Any:
    """A column's value as an entry's before/after image holds it (db.bulk builds images)."""
    return _value(key, value)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def canonical(data: dict[str, Any] | str | None) -> str:
    """The entry's text of a before/after image (a text already made by this function is
    taken as it is: `queue_inserts` keeps images as text, not as dicts)."""
    if isinstance(data, str):
        return data
    if not data:
        return ""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str,
    table: str,
    record_id: int,
    action: str,
    before_json: str,
    after_json: str,
    key: bytes | None = None,
) -> str:
    """SHA-256 of the entry's payload; with `key`, HMAC-SHA256 of the same payload."""
    payload = "\x1f".join(
        [
            prev_hash,
            str(seq),
            at.isoformat(),
            actor,
            table,
            str(record_id),
            action,
            before_json,
            after_json,
        ]
    ).encode("utf-8")
    if key is not None:
        return hmac.new(key, payload, hashlib.sha256).hexdigest()
    return hashlib.sha256(payload).hexdigest()


# --- the audit key ------------------------------------------------------------------------------

KEY_TABLE, KEY_ACTION = "audit_head", "key"  # the marker entry that starts the keyed part
SYSTEM_KEYING_ACTOR = "system:audit-key"


class AuditKeyError(FubanError):
    """This PC cannot append to a keyed chain: it has no audit key, or a different one."""


@dataclass(frozen=True)
class _Keyring:
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
    _KEYS[engine] = _Keyring(key, where, may_start)


def _keyring(session: Session) -> _Keyring:
    bind = session.get_bind()
    return _KEYS.get(getattr(bind, "engine", bind)) or _Keyring(None, None)


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


def _head_row(conn, lock: bool = False):
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


def stored_entry_hash(e: Any, key: bytes | None) -> str:
    """The hash a stored entry (a row of audit_entry) should carry, recomputed from its fields."""
    return entry_hash(
        e.prev_hash,
        e.seq,
        e.at,
        e.actor,
        e.table_name,
        e.record_id,
        e.action,
        e.before_json,
        e.after_json,
        key,
    )


def key_matches(session: Session, key: bytes) -> bool:
    """Was the chain's keyed part started with `key`? (Its marker entry verifies with it.)"""
    keyed = keyed_from(session)
    return bool(keyed) and _marker_matches(session.connection(), keyed, key)


def keyed_from(session: Session) -> int:
    """Where the keyed part of the chain starts (0: not keyed yet)."""
    head = _head_row(session.connection())
    return (head[2] or 0) if head else 0


def start_keying(session: Session, actor: str = "system", force: bool = False) -> int | None:
    """Key the chain now if this engine has a key and the chain is not keyed yet (the marker
    entry is written at once rather than with the next save). Returns the marker's seq.
    `force`: even on an engine whose key may not start keying a chain holding plain entries
    (the caller knows the chain is genuine: a new key, a verified restore)."""
    if _keyring(session).key is None or keyed_from(session):
        return None
    append_entries(session, actor, [], _start=force)
    return keyed_from(session) or None


def _row_values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {
        c.key: _value(c.key, getattr(obj, c.key))
        for c in mapper.column_attrs
        if c.key not in _SKIP_COLUMNS
    }


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
        actor = session.info.get("actor", "system")
        session.info.setdefault(QUEUE_KEY, []).extend((actor, *p) for p in pending)
        if session.info.get(APPENDED_KEY):
            append_queued(session)  # a flush after the final append (a late listener): at once


QUEUE_KEY = "fuban_audit_queue"  # (actor, table, record id, action, before, after), in order
APPENDED_KEY = "fuban_audit_appended"  # set by db.commit_order once the queue went on the chain
_APPEND_BATCH = 2000  # entries per INSERT statement


def queue_inserts(
    session: Session, actor: str, table: str, rows: Iterable[tuple[int, dict[str, Any]]]
) -> None:
    """Queue one `insert` entry per (record id, after-image) for the transaction's end, as a
    flush queues its new objects' (db.bulk: rows written with Core, not through the ORM). The
    image is kept as its entry text, which takes less memory than the dict over a large import."""
    session.info.setdefault(QUEUE_KEY, []).extend(
        (actor, table, record_id, "insert", "", canonical(after)) for record_id, after in rows
    )


def append_queued(session: Session) -> None:
    """Append what this transaction's flushes queued (db.commit_order calls this last)."""
    queued = session.info.get(QUEUE_KEY)
    if queued:
        _append(session, queued[0][0], [])


def append_entries(
    session: Session,
    actor: str,
    pending: list[tuple[str, int, str, dict, dict]],
    *,
    _start: bool = False,
) -> None:
    """Append entries now (after those the transaction's flushes queued), locking the head row
    until the transaction ends."""
    _append(session, actor, [(actor, *p) for p in pending], _start=_start)


def _append(
    session: Session,
    actor: str,  # who keys the chain, if this append is its first keyed one
    entries: list[tuple[str, str, int, str, dict, dict]],
    *,
    _start: bool = False,
) -> None:
    entries = [*session.info.pop(QUEUE_KEY, []), *entries]
    conn = session.connection()
    head = _head_row(conn, lock=True)
    if head is None:
        # The first writers on a fresh database may race to create the head row: create it in
        # a way that cannot fail, then lock it.
        insert_if_missing(
            session, AuditHead, {"id": 1, "last_seq": 0, "last_hash": GENESIS}, ["id"]
        )
        head = _head_row(conn, lock=True)
    seq, prev, keyed = head
    # PostgreSQL: the tip is checked by the statement that appends (below), one round trip
    # fewer while the head row is locked. (Not by the statement that locks the head: under READ
    # COMMITTED a statement that waited for the lock still sees the entries as they were before
    # it waited, so max(seq) there would miss the entries of the save it waited for.)
    ring = _keyring(session)
    starts_keying = ring.key is not None and keyed == 0  # a marker entry will be appended
    tip_in_append = (
        conn.dialect.name == "postgresql"
        and 0 < len(entries) + starts_keying < _APPEND_BATCH  # else: batches, as below
    )
    if not tip_in_append:
        check_tip(conn, seq)
    key = ring.key
    _check_key(session, ring, keyed)
    if keyed is None:
        key = None  # upgrading from a schema before keyed chains: plain, as that schema was
    if key is not None and not keyed:
        if seq and not (ring.may_start or _start):
            raise AuditKeyError(unkeyed_message(seq))
        # The first keyed append: a marker entry, itself keyed, shows in the chain where the
        # keyed part starts (and that it was started by someone holding the key).
        keyed = seq + 1
        entries.insert(
            0,
            (actor, KEY_TABLE, 1, KEY_ACTION, {"keyed_from": 0}, {"keyed_from": keyed}),
        )
        conn.execute(update(AuditHead).where(AuditHead.id == 1).values(keyed_from=keyed))
    if not entries:
        return
    at = utcnow()
    if tip_in_append:
        _append_checking_tip(conn, entries, seq, prev, at, key)
        return
    rows = []
    for actor, table, record_id, action, before, after in entries:
        seq += 1
        b, a = canonical(before), canonical(after)
        digest = entry_hash(prev, seq, at, actor, table, record_id, action, b, a, key)
        rows.append(
            dict(
                seq=seq,
                at=at,
                actor=actor,
                table_name=table,
                record_id=record_id,
                action=action,
                before_json=b,
                after_json=a,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
        if len(rows) >= _APPEND_BATCH:  # a large import: its parameters are not built at once
            conn.execute(insert(AuditEntry), rows)
            rows = []
    if rows:
        conn.execute(insert(AuditEntry), rows)
    conn.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=seq, last_hash=prev))


def _check_key(session: Session, ring: _Keyring, keyed: int | None) -> None:
    """A keyed chain is appended to only with the key its marker entry verifies with."""
    if keyed:
        if ring.key is None:
            raise AuditKeyError(missing_key_message(ring.where))
        if not _marker_verified(session, keyed, ring.key):
            raise AuditKeyError(wrong_key_message(ring.where, keyed))


# The entries, the tip check and the head's move in one statement (PostgreSQL). `ins` runs to
# completion before `upd` (its count is in upd's condition), so the guards of the server's own
# logins (db.server_roles_sql) see the entries appended past the old head and then the head moved
# onto the last of them; `tip` reads the chain as the statement began, before these entries.
# {final}: the last line; db.audit_commit, which sends the append with the COMMIT, ends it
# differently.
_APPEND_PG_SQL = """
WITH tip AS (SELECT coalesce(max(seq), 0) AS last FROM audit_entry),
ins AS (
  INSERT INTO audit_entry
    (seq, at, actor, table_name, record_id, action, before_json, after_json, prev_hash, hash)
  SELECT e.seq, :at, e.actor, e.table_name, e.record_id, e.action, e.before_json,
         e.after_json, e.prev_hash, e.hash
  FROM unnest(CAST(:seqs AS integer[]), CAST(:actors AS text[]), CAST(:tables AS text[]),
              CAST(:record_ids AS integer[]), CAST(:actions AS text[]),
              CAST(:befores AS text[]), CAST(:afters AS text[]), CAST(:prevs AS text[]),
              CAST(:hashes AS text[]))
       AS e(seq, actor, table_name, record_id, action, before_json, after_json, prev_hash, hash)
  WHERE (SELECT last FROM tip) = :head_seq
  RETURNING 1
),
upd AS (
  UPDATE audit_head SET last_seq = :last_seq, last_hash = :last_hash
  WHERE id = 1 AND (SELECT count(*) FROM ins) = :n
  RETURNING 1
)
{final}
"""
_APPEND_PG = text(
    _APPEND_PG_SQL.format(final="SELECT (SELECT last FROM tip), (SELECT count(*) FROM upd)")
).bindparams(bindparam("at", type_=UTCDateTime()))


def _append_params(
    entries: list, head_seq: int, prev: str, at: datetime, key: bytes | None
) -> dict[str, Any]:
    """The entries hashed onto the head (head_seq, prev), as the parameters of _APPEND_PG."""
    columns: dict[str, list] = {
        c: [] for c in ("seqs", "actors", "tables", "record_ids", "actions", "befores", "afters")
    }
    prevs, hashes = [], []
    seq = head_seq
    for actor, table, record_id, action, before, after in entries:
        seq += 1
        b, a = canonical(before), canonical(after)
        digest = entry_hash(prev, seq, at, actor, table, record_id, action, b, a, key)
        for name, value in zip(columns, (seq, actor, table, record_id, action, b, a), strict=True):
            columns[name].append(value)
        prevs.append(prev)
        hashes.append(digest)
        prev = digest
    return dict(
        columns,
        at=at,
        prevs=prevs,
        hashes=hashes,
        head_seq=head_seq,
        last_seq=seq,
        last_hash=prev,
        n=len(entries),
    )


def _append_checking_tip(
    conn, entries: list, head_seq: int, prev: str, at: datetime, key: bytes | None
) -> None:
    last, moved = conn.execute(_APPEND_PG, _append_params(entries, head_seq, prev, at, key)).one()
    if last != head_seq or moved != 1:
        raise _tip_error(head_seq, last)


def head_anchor(session: Session) -> str:
    """The chain's head as one short line for paper (「审计链第 1234 条 · 3f2a9c…」): printed on a
    register page, it lets the paper copy later prove what the electronic record said then."""
    row = _head_row(session.connection())
    if row is None:
        return "审计链：尚无记录"
    return f"审计链第 {row[0]} 条 · {row[1][:16]}"


class AuditTipError(FubanError):
    """The chain's head does not sit on its last entry: saving would fork or break it."""


REPAIR_HINT = "请管理员运行 fuban db repair-audit 重新接续审计链（修复本身会记入审计）"


def check_tip(conn, head_seq: int) -> None:
    """Refuse to append while the head and the last entry disagree (an entry added past the
    head, or the head row deleted or moved): every later save would fail with a duplicate key,
    or silently start a second chain. Cheap: the highest seq comes from the primary key."""
    last = conn.execute(select(func.max(AuditEntry.seq))).scalar() or 0
    if last != head_seq:
        raise _tip_error(head_seq, last)


def _tip_error(head_seq: int, last: int) -> AuditTipError:
    return AuditTipError(
        f"审计链末尾已损坏（链头记为第 {head_seq} 条，实际最后一条为第 {last} 条），"
        f"为保证每条记录可追溯，暂停保存。{REPAIR_HINT}。"
    )


def repair_tip(session: Session, actor: str) -> tuple[int, int] | None:
    """Re-anchor the head on the last entry, and record that it was done — never silently.
    Returns (old head seq, new head seq), or None when nothing needed repair."""
    insert_if_missing(session, AuditHead, {"id": 1, "last_seq": 0, "last_hash": GENESIS}, ["id"])
    conn = session.connection()
    head_seq, head_hash, keyed = _head_row(conn, lock=True)
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


def record_migration_changes(
    conn, revision: str, table: str, changes: list[tuple[int, dict[str, Any], dict[str, Any]]]
) -> None:
    """A migration that changes existing rows of an audited table records each change (record
    id, values before, values after) in the chain, as actor 「system:migration <revision>」 —
    otherwise `fuban check`, which replays every audited table, would report the upgrade as an
    edit made behind the app."""
    if not changes:
        return
    session = Session(bind=conn)
    try:
        append_entries(
            session,
            f"system:migration {revision}",
            [
                (
                    table,
                    record_id,
                    "update",
                    {k: _plain(v) for k, v in before.items()},
                    {k: _plain(v) for k, v in after.items()},
                )
                for record_id, before, after in changes
            ],
        )
    finally:
        session.close()


def install(factory: sessionmaker) -> None:
    event.listen(factory, "before_flush", _stamp)
    event.listen(factory, "after_flush", _record)
