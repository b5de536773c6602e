"""Backup, restore and integrity check (`fuban db backup|restore`, `fuban check`).

A backup is a ZIP with a manifest and one JSON-lines file per table, so the same file restores on
either engine (a clerk's SQLite or the shared PostgreSQL). Restore refuses anything that is not a
fuban backup of the current schema, keeps a safety copy of the current data first, and replaces
everything in one transaction: it either fully happens or not at all.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Date, DateTime, LargeBinary, Table, delete, func, insert, select, text

import db.models  # noqa: F401 - all tables on the metadata
from db import migrate
from db.audit import _SKIP_COLUMNS, verify_chain
from db.base import Base, RecordMixin, UTCDateTime, utcnow
from db.engine import Database
from db.errors import FubanError
from db.models import AuditEntry

FORMAT = "fuban-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class BackupError(FubanError):
    pass


def _encode(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):  # stored files (e.g. seal_file.content)
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decode(table: Table, row: dict) -> dict:
    out = {}
    for key, value in row.items():
        col_type = table.c[key].type
        if value is not None and isinstance(col_type, UTCDateTime | DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(col_type, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(col_type, LargeBinary):
            value = base64.b64decode(value)
        out[key] = value
    return out


def backup(database: Database, dest: Path) -> dict:
    """Write a backup of every table to `dest` (ZIP). Returns the manifest."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    tmp = dest.with_name(dest.name + ".part")
    with database.read() as s, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for table in Base.metadata.sorted_tables:
            lines = []
            for row in s.execute(select(table)).mappings():
                lines.append(json.dumps({k: _encode(v) for k, v in row.items()},
                                        ensure_ascii=False))
            counts[table.name] = len(lines)
            zf.writestr(f"tables/{table.name}.jsonl", "\n".join(lines))
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION,
                    "schema_revision": migrate.current_revision(database),
                    "created_at": utcnow().isoformat(), "source": database.dialect,
                    "tables": counts}
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    tmp.replace(dest)
    return manifest


def read_manifest(path: Path) -> dict:
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise BackupError(f"「{Path(path).name}」不是府办台账的备份文件，未做任何改动。") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"「{Path(path).name}」不是府办台账的备份文件，未做任何改动。")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError("该备份由更新版本的府办台账生成，请先升级本程序。")
    return manifest


def restore(database: Database, src: Path, safety_dir: Path) -> Path:
    """Replace all data with the backup's. Returns the path of the safety backup of the old data."""
    manifest = read_manifest(src)
    if manifest.get("schema_revision") != migrate.current_revision(database):
        raise BackupError(
            f"备份的数据结构版本（{manifest.get('schema_revision')}）与当前数据库"
            f"（{migrate.current_revision(database)}）不同，请用相同版本的府办台账恢复。")
    safety_path = Path(safety_dir) / f"恢复前自动备份-{utcnow():%Y%m%d-%H%M%S}.zip"
    backup(database, safety_path)
    tables = Base.metadata.sorted_tables
    with zipfile.ZipFile(src) as zf, database.engine.begin() as conn:
        for table in reversed(tables):
            conn.execute(delete(table))
        for table in tables:
            raw = zf.read(f"tables/{table.name}.jsonl").decode("utf-8")
            rows = [_decode(table, json.loads(line)) for line in raw.splitlines() if line]
            if rows:
                conn.execute(insert(table), rows)
        # The search index is derived data: recomputed here, whichever engine made the backup.
        from db import search_index

        search_index.rebuild(conn)
        if conn.dialect.name == "postgresql":
            for table in tables:
                if "id" in table.c and table.c.id.autoincrement is not False:
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
    return safety_path


@dataclass(frozen=True)
class CheckResult:
    problems: list[str]
    audit_entries: int
    tables: int

    @property
    def ok(self) -> bool:
        return not self.problems


def check(database: Database) -> CheckResult:
    """Database integrity, schema version, the audit chain, and rows that bypassed the audit."""
    problems: list[str] = []
    if migrate.current_revision(database) != migrate.head_revision():
        problems.append("数据库结构不是最新版本，请运行 fuban db upgrade。")
    with database.read() as s:
        if database.dialect == "sqlite":
            result = s.execute(text("PRAGMA integrity_check")).scalar()
            if result != "ok":
                problems.append(f"SQLite 完整性检查失败：{result}")
            for row in s.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"外键不一致：表 {row[0]} 第 {row[1]} 行")
        problems.extend(p.message for p in verify_chain(s))
        entries = int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)
        record_tables = [m for m in Base.registry.mappers if issubclass(m.class_, RecordMixin)]
        for mapper in record_tables:
            table = mapper.local_table
            audited = select(AuditEntry.record_id).where(AuditEntry.table_name == table.name,
                                                         AuditEntry.action == "insert")
            missing = s.scalar(select(func.count()).select_from(table)
                               .where(table.c.id.not_in(audited)))
            if missing:
                problems.append(f"表 {table.name} 有 {missing} 行没有审计记录（绕过程序写入）")
        for mapper in record_tables:
            if getattr(mapper.class_, "__append_only__", False):
                problems.extend(register_drift(s, mapper))
        for mapper in Base.registry.mappers:
            if getattr(mapper.class_, "__content_addressed__", None):
                problems.extend(file_hash_problems(s, mapper))
    return CheckResult(problems, entries, len(record_tables))


# --- Registers changed behind the app's back -------------------------------------------------
# A register table (model attribute `__append_only__ = True`) is written only through the app,
# so every row must equal the replay of its audit entries: the insert's after-image with each
# later update's after-values applied. A row that differs was changed directly in the database
# (e.g. `UPDATE seal_use SET copies_stamped = …`); one that is gone was deleted.

_BATCH = 2000


def _kind(column) -> str:
    if isinstance(column.type, UTCDateTime | DateTime):
        return "datetime"
    if isinstance(column.type, Date):
        return "date"
    return "plain"


def _same(kind: str, audited, current) -> bool:
    """Does the audit log's value (as db.audit._plain wrote it) equal the stored one? Timestamps
    compare as instants (the app may have set them in China time, the database returns UTC)."""
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


def register_drift(s, mapper) -> list[str]:
    """Rows of an append-only table whose current values differ from the audit log's, or that
    were deleted. Streams both sides in batches; memory grows with the table's row count only."""
    table = mapper.local_table
    columns = {a.key: a.columns[0] for a in mapper.column_attrs if a.key not in _SKIP_COLUMNS}
    kinds = {key: _kind(col) for key, col in columns.items()}
    expected: dict[int, dict] = {}
    audit = (select(AuditEntry.record_id, AuditEntry.action, AuditEntry.after_json)
             .where(AuditEntry.table_name == table.name).order_by(AuditEntry.seq)
             .execution_options(yield_per=_BATCH))
    for record_id, action, after_json in s.execute(audit):
        after = json.loads(after_json) if after_json else {}
        if action == "insert":
            expected[record_id] = after
        else:
            expected.setdefault(record_id, {}).update(after)
    problems = []
    label = f"登记簿表 {table.name}"
    rows = select(*columns.values()).execution_options(yield_per=_BATCH)
    for row in s.execute(rows):
        values = dict(zip(columns, row, strict=True))
        audited = expected.pop(values["id"], None)
        if audited is None:
            continue  # reported above as a row without an audit record
        changed = [key for key, kind in kinds.items()
                   if key in audited and not _same(kind, audited[key], values[key])]
        if changed:
            detail = "、".join(f"{k}（审计记录为 {audited[k]!r}，现为 {values[k]!r}）"
                              for k in changed[:5])
            problems.append(f"{label} 第 {values['id']} 行被绕过程序修改：{detail}")
    for record_id in sorted(expected):
        problems.append(f"{label} 第 {record_id} 行已被删除（登记簿只能作废，不能删除）")
    return problems


def file_hash_problems(s, mapper) -> list[str]:
    """Stored files are keyed by the SHA-256 of their bytes: re-hash each one."""
    key_name, content_name = mapper.class_.__content_addressed__
    table = mapper.local_table
    stmt = select(table.c[key_name], table.c[content_name]).execution_options(yield_per=50)
    return [f"文件表 {table.name} 中的文件 {key[:12]}… 内容被改动（与其校验值不符）"
            for key, content in s.execute(stmt)
            if hashlib.sha256(bytes(content)).hexdigest() != key]
