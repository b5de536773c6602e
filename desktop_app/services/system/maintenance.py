"""Backup, restore and integrity check (`fuban db backup|restore`, `fuban check`).

A backup is a ZIP with a manifest and one JSON-lines file per table, so the same file restores on
either engine (a clerk's SQLite or the shared PostgreSQL). Restore refuses anything that is not a
fuban backup of the current schema, keeps a safety copy of the current data first, and replaces
everything in one transaction: it either fully happens or not at all.
"""

from __future__ import annotations

import base64
import json
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import (
    Date,
    DateTime,
    LargeBinary,
    MetaData,
    Table,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

import db.models  # noqa: F401 - all tables on the metadata
from db import migrate
from db.audit_key import SYSTEM_KEYING_ACTOR, key_matches, keyed_from
from db.audit_maintenance import repair_tip, start_keying
from db.audit_verify import verify_chain
from db.base import Base, UTCDateTime, utcnow
from db.engine import Database
from db.errors import FubanError
from db.models import AuditEntry
from desktop_app.config import owner_only
from desktop_app.services.system import backup_signature as signature
from desktop_app.services.system import integrity

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


def backup(
    database: Database, dest: Path, as_stored: bool = False, key: bytes | None = None
) -> dict:
    """Write a backup of every table to `dest` (ZIP). Returns the manifest.

    `as_stored`: read the tables as the database holds them rather than as this build's models
    describe them — for the copy taken before a schema upgrade, which the previous version of
    fuban restores. The manifest is signed with this computer's backup key (or `key`)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    tmp = dest.with_name(dest.name + ".part")
    try:
        return _write_backup(database, tmp, dest, counts, as_stored, key or signature.machine_key())
    finally:
        tmp.unlink(missing_ok=True)  # an interrupted backup leaves no .part behind


def _write_backup(
    database: Database, tmp: Path, dest: Path, counts: dict[str, int], as_stored: bool, key: bytes
) -> dict:
    # One snapshot for every table: the audit, the counters and the registers of one moment.
    with database.snapshot() as s:
        return _write_tables(s, database.dialect, tmp, dest, counts, as_stored, key)


def _write_tables(
    s: Session,
    dialect: str,
    tmp: Path,
    dest: Path,
    counts: dict[str, int],
    as_stored: bool,
    key: bytes,
) -> dict:
    """Every table as `s` sees it, into the ZIP at `tmp`, then moved to `dest`."""
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        if as_stored:
            stored = MetaData()
            stored.reflect(s.connection())
            tables = [t for t in stored.sorted_tables if t.name != "alembic_version"]
        else:
            tables = Base.metadata.sorted_tables
        digests: dict[str, str] = {}
        for table in tables:
            lines = []
            for row in s.execute(select(table)).mappings():
                lines.append(
                    json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False)
                )
            counts[table.name] = len(lines)
            data = "\n".join(lines).encode("utf-8")
            digests[table.name] = signature.table_digest(data)
            zf.writestr(f"tables/{table.name}.jsonl", data)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_revision": _revision(s),
            "created_at": utcnow().isoformat(),
            "source": dialect,
            "tables": counts,
            "tables_sha256": digests,
            # The chain's head, outside the database: a later check of the live chain
            # against this (signed) copy shows whether entries up to it were rewritten.
            "audit_head": _audit_head(s),
        }
        manifest["signature"] = signature.sign(manifest, key)
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    owner_only(tmp)  # a backup holds every record, classified ones included
    tmp.replace(dest)
    return manifest


def _audit_head(s) -> dict:
    row = s.execute(text("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")).first()
    return {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": ""}


def _revision(s) -> str | None:
    """The schema revision as the snapshot sees it."""
    return s.execute(text("SELECT version_num FROM alembic_version")).scalar()


def read_manifest(path: Path) -> dict:
    path = Path(path)
    if not path.exists():
        raise BackupError(
            f"找不到备份文件：{path.absolute()}，未做任何改动。请检查文件名和所在文件夹。"
        )
    if path.is_dir():
        raise BackupError(f"{path.absolute()} 是一个文件夹，请给出备份文件（.zip）的文件名。")
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


def restore(
    database: Database,
    src: Path,
    safety_dir: Path | None,
    key: bytes | None = None,
    allow_unsigned: bool = False,
) -> Path | None:
    """Replace all data with the backup's. Returns the path of the safety backup of the old data
    (`safety_dir` None: none is made — the database is a new, empty one).

    Refused before anything is replaced: a backup whose signature does not verify with this
    computer's key (or `key`, another computer's) — an unsigned one from an older version only
    with `allow_unsigned`; and, inside the restoring transaction, a backup whose audit chain,
    rows or counters do not agree (an edited line in it), which is then rolled back."""
    manifest = read_manifest(src)
    if manifest.get("schema_revision") != migrate.current_revision(database):
        raise BackupError(
            f"备份的数据结构版本（{manifest.get('schema_revision')}）与当前数据库"
            f"（{migrate.current_revision(database)}）不同，请用相同版本的府办台账恢复。"
        )
    files = _read_tables(Path(src))
    wrong = signature.verify(manifest, files, key or signature.machine_key())
    if wrong and not (allow_unsigned and not manifest.get("signature")):
        raise BackupError(
            f"{wrong}，不能恢复，未做任何改动。如备份由另一台电脑生成，请提供那台电脑的"
            "备份密钥文件（fuban db restore 文件 --key-file 密钥文件）。"
        )
    safety_path = None
    tables = Base.metadata.sorted_tables
    with database.engine.begin() as conn:
        # The safety backup is read in the replacing transaction, with every table held against
        # writes (SQLite: BEGIN IMMEDIATE already holds the file): a record another clerk saves
        # meanwhile either is in the safety backup or waits and is saved after the restore —
        # never replaced unseen between the two.
        if conn.dialect.name == "postgresql":
            names = ", ".join(conn.dialect.identifier_preparer.format_table(t) for t in tables)
            conn.execute(text(f"LOCK TABLE {names} IN EXCLUSIVE MODE"))
        if safety_dir is not None:
            safety_path = Path(safety_dir) / f"恢复前自动备份-{utcnow():%Y%m%d-%H%M%S}.zip"
            _safety_backup(conn, safety_path)
        for table in reversed(tables):
            conn.execute(delete(table))
        for table in tables:
            raw = files[table.name].decode("utf-8")  # the bytes verified above
            rows = [_decode(table, json.loads(line)) for line in raw.splitlines() if line]
            if rows:
                conn.execute(insert(table), rows)
        # The search index is derived data: recomputed here, whichever engine made the backup.
        from db import search_index

        search_index.rebuild(conn)
        if conn.dialect.name == "postgresql":
            for table in tables:
                if "id" in table.c and table.c.id.autoincrement is not False:
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )
        problems = _restored_problems(conn, database.audit_key, database.audit_key_path)
        if problems:  # raising rolls the whole restore back: the old data stays
            raise BackupError(
                "备份内容与其审计记录不符，不能恢复，未做任何改动：" + "；".join(problems[:5])
            )
    return safety_path


def _read_tables(src: Path) -> dict[str, bytes]:
    """Every table file of the backup, read once (what is verified is what is restored); a
    damaged or incomplete ZIP is refused before anything is replaced."""
    try:
        with zipfile.ZipFile(src) as zf:
            files = {
                name[len("tables/") : -len(".jsonl")]: zf.read(name)
                for name in zf.namelist()
                if name.startswith("tables/")
            }
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise BackupError(
            f"备份文件「{src.name}」已损坏，无法读取，不能恢复，未做任何改动。"
        ) from None
    missing = [t.name for t in Base.metadata.sorted_tables if t.name not in files]
    if missing:
        raise BackupError(
            f"备份文件「{src.name}」不完整（缺少表 {'、'.join(missing[:5])}），"
            "不能恢复，未做任何改动。"
        )
    return files


def _safety_backup(conn, dest: Path) -> None:
    """A signed backup of the data about to be replaced, read through the restore's own
    connection (its transaction holds the tables: nothing changes under it)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    session = Session(bind=conn)
    try:
        _write_tables(session, conn.dialect.name, tmp, dest, {}, False, signature.machine_key())
    finally:
        session.close()
        tmp.unlink(missing_ok=True)


def _restored_problems(conn, key: bytes | None = None, key_path: str | None = None) -> list[str]:
    """The audit chain, every row against it, and the counters, as restored (not yet committed).

    The backup's chain is checked with this PC's audit key. One keyed with another PC's key is
    refused with what to do (this PC could not verify it, nor add to it afterwards); an unkeyed
    one (an empty chain, or written before keys) is keyed from its next entry, at once."""
    session = Session(bind=conn)
    try:
        keyed = keyed_from(session)
        if keyed and key is None:
            place = f"「{key_path}」" if key_path else "本机 fuban 设置文件夹中的 audit.key"
            raise BackupError(
                "备份的审计链用审计密钥保护，而本机没有审计密钥 audit.key，无法核验，不能恢复，未做任何改动。"
                f"请先把生成该备份的电脑的 audit.key 复制到{place}，再恢复。"
            )
        if keyed and key is not None and not key_matches(session, key):
            place = f"「{key_path}」" if key_path else "本机 fuban 设置文件夹中的 audit.key"
            raise BackupError(
                "备份的审计链由另一台电脑的审计密钥保护，与本机的审计密钥不同，本机无法核验，不能恢复，"
                "未做任何改动。如确要在本机使用那台电脑的数据，请先把那台电脑的 audit.key 复制到"
                f"{place}（替换本机的密钥；本机现有数据随后由恢复替换），再恢复。"
            )
        problems = [p.message for p in verify_chain(session, key if keyed else None)]
        if not problems and key is not None and not keyed:
            start_keying(session, SYSTEM_KEYING_ACTOR, force=True)  # signed, verified
        problems.extend(integrity.unaudited_rows(session))
        for mapper in integrity.record_mappers():
            problems.extend(integrity.register_drift(session, mapper))
        problems.extend(integrity.counter_problems(session))
        return problems
    finally:
        session.close()


@dataclass(frozen=True)
class CheckResult:
    problems: list[str]
    audit_entries: int
    tables: int

    @property
    def ok(self) -> bool:
        return not self.problems


def repair_audit(database: Database, actor: str = "system:repair-audit") -> str:
    """`fuban db repair-audit`: re-anchor the audit chain's head on its last entry after the tip
    was damaged (saving is refused until then), with an entry recording the old and new head.
    Whatever else is wrong with the chain, `check` still reports."""
    with database.uow(actor) as s:
        moved = repair_tip(s, actor)
    if moved is None:
        return "审计链末尾完好，无需修复。"
    return (
        f"已重新接续审计链：链头由第 {moved[0]} 条移到第 {moved[1]} 条，此次修复已记入审计。"
        "请运行 fuban check 检查其余记录。"
    )


DAMAGED = (
    "数据库文件已损坏，无法检查：{detail}。请不要继续在此文件上登记；用最近的备份恢复"
    "（fuban db restore 备份文件），并把损坏的文件交给管理员保存备查。"
)


def check(database: Database, audit_key: bytes | None = None) -> CheckResult:
    """Database integrity, schema version, the audit chain, rows changed or written around the
    audit, number counters and the search index — all read in one snapshot. A damaged SQLite file
    is reported as such, not as a traceback. The keyed part of the audit chain is verified with
    `audit_key` (default: the key the database was opened with, i.e. this PC's audit.key)."""
    try:
        return _check(database, audit_key if audit_key is not None else database.audit_key)
    except DatabaseError as exc:
        if database.dialect != "sqlite":
            raise
        detail = str(exc.orig or exc).splitlines()[0]
        return CheckResult([DAMAGED.format(detail=detail)], 0, 0)


def _check(database: Database, audit_key: bytes | None) -> CheckResult:
    problems: list[str] = []
    if migrate.current_revision(database) != migrate.head_revision():
        problems.append("数据库结构不是最新版本，请运行 fuban db upgrade。")
    with database.snapshot() as s:
        if database.dialect == "sqlite":
            result = s.execute(text("PRAGMA integrity_check")).scalar()
            if result != "ok":
                problems.append(f"SQLite 完整性检查失败：{result}")
            for row in s.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"外键不一致：表 {row[0]} 第 {row[1]} 行")
        else:
            problems.extend(integrity.dangling_references(s))
        problems.extend(p.message for p in verify_chain(s, audit_key))
        entries = int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)
        record_tables = integrity.record_mappers()
        problems.extend(integrity.unaudited_rows(s))
        for mapper in record_tables:
            problems.extend(integrity.register_drift(s, mapper))
        for mapper in Base.registry.mappers:
            if getattr(mapper.class_, "__content_addressed__", None):
                problems.extend(integrity.file_hash_problems(s, mapper))
        problems.extend(integrity.counter_problems(s))
        problems.extend(integrity.search_index_problems(s))
    return CheckResult(problems, entries, len(record_tables))
