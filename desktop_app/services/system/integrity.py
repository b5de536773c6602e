"""What `fuban check` compares besides the audit chain itself: every audited row against the
replay of its audit entries, stored files against their hashes, number counters against the
numbers issued, and the search index against the documents it is built from.

Every table with a RecordMixin is written only through the app's units of work, so each row must
equal the replay of its audit entries (the insert's after-image with each later change's
after-values applied) and its `created_by` must be the actor of its insert. A row that differs
was edited directly in the database; one that is gone was deleted (the app never deletes).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import Date, DateTime, func, select
from sqlalchemy.orm import Session

from db.audit import _REDACT, _SKIP_COLUMNS, REDACTED_LEGACY, redacted
from db.base import Base, RecordMixin, UTCDateTime
from db.models import AuditEntry
from db.models.documents import IncomingDocument
from db.models.meetings import Meeting, MinutesRecord
from db.models.outgoing import OutgoingDocument
from db.models.seals import SealApplication, SealUse
from db.models.search import DocumentSearch, entry_tokens
from db.models.system import SequenceCounter
from desktop_app.services.system.numbering import paper_points

_BATCH = 2000


def record_mappers() -> list:
    return [m for m in Base.registry.mappers if issubclass(m.class_, RecordMixin)]


def unaudited_rows(s: Session) -> list[str]:
    """Rows with no insert entry in the audit: written around the app."""
    problems = []
    for mapper in record_mappers():
        table = mapper.local_table
        audited = select(AuditEntry.record_id).where(
            AuditEntry.table_name == table.name, AuditEntry.action == "insert"
        )
        missing = s.scalar(
            select(func.count()).select_from(table).where(table.c.id.not_in(audited))
        )
        if missing:
            problems.append(f"表 {table.name} 有 {missing} 行没有审计记录（绕过程序写入）")
    return problems


# --- rows changed behind the app's back --------------------------------------------------------


def _kind(column) -> str:
    if isinstance(column.type, UTCDateTime | DateTime):
        return "datetime"
    if isinstance(column.type, Date):
        return "date"
    return "plain"


def _same(key: str, kind: str, audited, current) -> bool:
    """Does the audit log's value (as db.audit wrote it) equal the stored one? Timestamps compare
    as instants (the app may have set them in China time, the database returns UTC); secrets
    compare by digest."""
    if key in _REDACT:
        return audited == REDACTED_LEGACY or audited == (
            None if current is None else redacted(current)
        )
    if audited == current:
        return True
    if audited is None or current is None or kind == "plain":
        return False
    if kind == "date":
        return audited == current.isoformat()
    if current.isoformat() == audited:
        return True
    parsed = datetime.fromisoformat(audited)
    return parsed.tzinfo is not None and current.tzinfo is not None and parsed == current


def _replay(s: Session, table_name: str) -> tuple[dict[int, dict], dict[int, str]]:
    """(expected values, actor of the insert) per record id, from the audit entries."""
    expected: dict[int, dict] = {}
    creators: dict[int, str] = {}
    audit = (
        select(AuditEntry.record_id, AuditEntry.action, AuditEntry.actor, AuditEntry.after_json)
        .where(AuditEntry.table_name == table_name)
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=_BATCH)
    )
    for record_id, action, actor, after_json in s.execute(audit):
        after = json.loads(after_json) if after_json else {}
        if action == "insert":
            expected[record_id] = after
            creators[record_id] = actor
        else:
            expected.setdefault(record_id, {}).update(after)
    return expected, creators


def register_drift(s: Session, mapper) -> list[str]:
    """Rows of an audited table whose current values differ from the audit log's, whose
    `created_by` is not who inserted them, or that were deleted. Streams the table; memory grows
    with its row count only."""
    table = mapper.local_table
    columns = {a.key: a.columns[0] for a in mapper.column_attrs if a.key not in _SKIP_COLUMNS}
    kinds = {key: _kind(col) for key, col in columns.items()}
    expected, creators = _replay(s, table.name)
    append_only = getattr(mapper.class_, "__append_only__", False)
    label = f"{'登记簿' if append_only else ''}表 {table.name}"
    problems = []
    rows = select(table.c.created_by, *columns.values()).execution_options(yield_per=_BATCH)
    for row in s.execute(rows):
        created_by, values = row[0], dict(zip(columns, row[1:], strict=True))
        audited = expected.pop(values["id"], None)
        if audited is None:
            continue  # reported by `check` as a row without an audit record
        changed = [
            key
            for key, kind in kinds.items()
            if key in audited and not _same(key, kind, audited[key], values[key])
        ]
        if changed:
            detail = "、".join(
                f"{k}（{'已被替换' if k in _REDACT else f'审计记录为 {audited[k]!r}，现为 {values[k]!r}'}）"
                for k in changed[:5]
            )
            problems.append(f"{label} 第 {values['id']} 行被绕过程序修改：{detail}")
        creator = creators.get(values["id"])
        if creator is not None and created_by != creator:
            problems.append(
                f"{label} 第 {values['id']} 行的创建人被改动：审计记录为 {creator!r}，"
                f"现为 {created_by!r}"
            )
    for record_id in sorted(expected):
        problems.append(
            f"{label} 第 {record_id} 行已被删除"
            f"（{'登记簿' if append_only else '记录'}只能作废，不能删除）"
        )
    return problems


def file_hash_problems(s: Session, mapper) -> list[str]:
    """Stored files are keyed by the SHA-256 of their bytes: re-hash each one."""
    key_name, content_name = mapper.class_.__content_addressed__
    table = mapper.local_table
    stmt = select(table.c[key_name], table.c[content_name]).execution_options(yield_per=50)
    return [
        f"文件表 {table.name} 中的文件 {key[:12]}… 内容被改动（与其校验值不符）"
        for key, content in s.execute(stmt)
        if hashlib.sha256(bytes(content)).hexdigest() != key
    ]


def dangling_references(s: Session) -> list[str]:
    """Rows naming a row that is gone. PostgreSQL enforces foreign keys, but whoever holds the
    server's superuser password can switch them off (session_replication_role) and delete, say, a
    stored scan that a 用印 record names; SQLite's own `foreign_key_check` covers the file."""
    problems = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            target = fk.column.table.alias()
            exists = select(target.c[fk.column.key]).where(target.c[fk.column.key] == fk.parent)
            missing = s.scalar(
                select(func.count())
                .select_from(table)
                .where(fk.parent.is_not(None), ~exists.exists())
            )
            if missing:
                problems.append(
                    f"外键不一致：表 {table.name} 有 {missing} 行的 {fk.parent.name}"
                    f" 所指的 {fk.column.table.name} 记录不存在"
                )
    return problems


# --- number counters ---------------------------------------------------------------------------
# Numbers are gap-free (NUM, LOG): a counter equals the highest number issued under it. Behind it,
# the next number would repeat one already issued; ahead of it, issued numbers were deleted or the
# counter was moved.

NUMBERED = ("incoming", "doc", "seal_application", "seal_use", "minutes", "meeting")


def _issued(s: Session) -> Iterator[tuple[str, int]]:
    """(sequence name, a number issued under it) for every numbered record."""
    for year, seq in s.execute(select(IncomingDocument.year, IncomingDocument.seq)):
        yield f"incoming:{year}", seq
    for prefix, doc_year, doc_seq in s.execute(
        select(OutgoingDocument.prefix, OutgoingDocument.year, OutgoingDocument.seq).where(
            OutgoingDocument.seq.is_not(None)
        )
    ):
        if doc_seq is not None:  # always, by the query; the column itself is nullable
            yield f"doc:{prefix}:{doc_year}", doc_seq
    for year, seq in s.execute(select(SealApplication.year, SealApplication.seq)):
        yield f"seal_application:{year}", seq
    for year, seq in s.execute(select(SealUse.year, SealUse.seq)):
        yield f"seal_use:{year}", seq
    for kind, issued_on, number in s.execute(
        select(Meeting.kind, MinutesRecord.issued_on, MinutesRecord.issue_number)
        .join(Meeting, Meeting.id == MinutesRecord.meeting_id)
        .where(MinutesRecord.issue_number.is_not(None), MinutesRecord.issued_on.is_not(None))
    ):
        if issued_on is not None and number is not None:  # always, by the query
            yield f"minutes:{kind}:{issued_on.year}", number


def _meeting_numbers(s: Session, counters: dict[str, int]) -> Iterator[tuple[str, int]]:
    """Meetings are numbered per kind within the term the counter's name carries; a meeting
    belongs to the latest term that began on or before its day."""
    terms: dict[str, list[tuple[date, str]]] = {}
    for name in counters:
        parts = name.split(":")
        if parts[0] == "meeting" and len(parts) == 3:
            try:
                terms.setdefault(parts[1], []).append((date.fromisoformat(parts[2]), name))
            except ValueError:
                continue
    for kind, starts_at, number in s.execute(
        select(Meeting.kind, Meeting.starts_at, Meeting.number)
    ):
        begun = [t for t in sorted(terms.get(kind, [])) if t[0] <= starts_at.date()]
        if begun:
            yield begun[-1][1], number


def counter_problems(s: Session) -> list[str]:
    counters = {
        name: value
        for name, value in s.execute(select(SequenceCounter.name, SequenceCounter.last_value))
        if name.split(":")[0] in NUMBERED
    }  # other rows are locks (db.locks)
    # 编号续接 (numbering.py): numbers up to the point set were issued on paper, not lost
    highest: dict[str, int] = {n: v for n, v in paper_points(s).items() if n in counters}
    for name, number in [*_issued(s), *_meeting_numbers(s, counters)]:
        highest[name] = max(highest.get(name, 0), int(number))
    problems = []
    for name in sorted(set(counters) | set(highest)):
        last, top = counters.get(name), highest.get(name, 0)
        if name.startswith("meeting:") and name not in counters:
            continue
        if last is None:
            problems.append(f"编号计数器「{name}」缺失，而已发编号最大为 {top}：下一个编号将重复")
        elif last < top:
            problems.append(
                f"编号计数器「{name}」为 {last}，已发编号最大为 {top}：下一个编号将重复"
                "（计数器被绕过程序改动）"
            )
        elif last > top and not name.startswith("meeting:"):
            problems.append(
                f"编号计数器「{name}」为 {last}，已发编号最大为 {top}：第 {top + 1}–{last}"
                " 号不见了（记录被删除或计数器被改动）"
            )
    return problems


# --- the search index --------------------------------------------------------------------------


def search_index_problems(s: Session) -> list[str]:
    """Each document's search entry must match what the document now says: its 密级 (R44: a
    declassified entry would show a classified title to every account), voided flag and words.
    Read a chunk of documents at a time, so memory stays flat however large the registers."""
    from db.chunks import in_chunks
    from db.search_index import SOURCES

    conn = s.connection()
    problems = []
    for kind, source in SOURCES.items():
        ids = [record_id for _, record_id in source.keys(conn)]
        indexed = set(
            s.scalars(select(DocumentSearch.record_id).where(DocumentSearch.kind == kind))
        )
        for part in in_chunks(ids):
            stored = {
                r.record_id: r
                for r in s.execute(
                    select(
                        DocumentSearch.record_id,
                        DocumentSearch.secrecy,
                        DocumentSearch.voided,
                        DocumentSearch.tokens,
                    ).where(DocumentSearch.kind == kind, DocumentSearch.record_id.in_(part))
                )
            }
            for record_id, f in source.load(conn, part).items():
                indexed.discard(record_id)
                entry = stored.get(record_id)
                if entry is None:
                    problems.append(f"检索索引缺少 {kind} 第 {record_id} 号文件")
                    continue
                if entry.secrecy != f.secrecy or bool(entry.voided) != f.voided:
                    problems.append(
                        f"检索索引中 {kind} 第 {record_id} 号文件的密级或作废标记与文件不符"
                        f"（索引为「{entry.secrecy or '非密'}」，文件为「{f.secrecy or '非密'}」）"
                    )
                elif conn.dialect.name != "postgresql" and entry.tokens != entry_tokens(f.texts):
                    problems.append(f"检索索引中 {kind} 第 {record_id} 号文件的内容与文件不符")
        for record_id in sorted(indexed):
            problems.append(f"检索索引有 {kind} 第 {record_id} 号文件，但文件不存在")
    return problems
