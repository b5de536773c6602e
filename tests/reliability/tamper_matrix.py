"""Trial, run on demand: every audited table × edit / delete / insert made with SQL behind the app
must be reported by `fuban check`.

    python -m tests.reliability.tamper_matrix [--engines sqlite postgresql]

One database per engine is filled through the audited unit of work with a row in every table
(`seed_every_table`); it must check clean. Each tamper then runs on a fresh copy of it (a file
copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL), with foreign keys switched off as
someone editing the file or holding the server password could, and `check` must report something.
Besides the register tables: the audit entries and head, the number counters, the search index
and the seal scan files. Prints the matrix and the detection rate; exit code 1 below 100 %.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    create_engine,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Connection

from db import migrate
from db.base import Base, RecordMixin
from db.engine import Database
from db.models.seals import SealFile
from db.sequences import allocate
from desktop_app.services.system import maintenance

_BOOKKEEPING = {"created_at", "updated_at", "created_by", "updated_by", "version"}
# (year, seq) numbered tables: their numbers come from the allocator, as the app's do.
_NUMBERED = {
    "incoming_document": "incoming:2026",
    "seal_application": "seal_application:2026",
    "seal_use": "seal_use:2026",
    "outgoing_document": "doc:同政发:2026",
}
# Not audited on purpose: sign-in failures are bookkeeping, recorded as audit entries instead.
UNAUDITED = {"sign_in_attempt"}
EXTRA_TABLES = ["audit_entry", "audit_head", "sequence_counter", "document_search", "seal_file"]
ACTIONS = ["edit", "delete", "insert"]


def _kind(column) -> type | None:
    t = getattr(column.type, "impl", column.type)  # TypeDecorators (UTCDateTime) by their impl
    for k in (Boolean, DateTime, Date, Integer, String):
        if isinstance(t, k):
            return k
    return None


def _value(table: Table, column) -> object:
    kind = _kind(column)
    if column.key == "year":
        return 2026
    if kind is Boolean:
        return False
    if kind is Integer:
        return 1
    if kind is DateTime:
        return datetime(2026, 3, 2, 1, tzinfo=UTC)
    if kind is Date:
        return date(2026, 3, 2)
    if kind is String:
        return (
            ""
            if column.key == "secrecy"
            else f"{table.name[:4]}-{column.key}"[: column.type.length or 20]
        )
    return None


def seed_every_table(db: Database) -> list[str]:
    """A row in every audited table, written through the audited unit of work (parents first).
    Returns the tables that could not be filled."""
    mappers = {
        m.local_table.name: m for m in Base.registry.mappers if issubclass(m.class_, RecordMixin)
    }
    made: dict[str, object] = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "seal_file":  # content-addressed, not audited: re-hashed by check
            content = b"%PDF-1.4 scan of a signed form"
            made[table.name] = hashlib.sha256(content).hexdigest()  # type: ignore[assignment]
            with db.uow("admin") as s:
                s.add(
                    SealFile(
                        sha256=made[table.name],
                        filename="scan.pdf",
                        size=len(content),
                        content=content,
                        stored_at=datetime(2026, 3, 2, tzinfo=UTC),
                    )
                )
            continue
        mapper = mappers.get(table.name)
        if mapper is None:
            continue
        values: dict[str, object] = {}
        for col in table.columns:
            if col.primary_key or col.key in _BOOKKEEPING:
                continue
            if col.foreign_keys:
                ref = next(iter(col.foreign_keys)).column.table.name
                if ref in made:
                    values[col.key] = made[ref]
                continue
            has_default = col.default is not None or col.server_default is not None
            if (col.nullable or has_default) and _kind(col) is not String:
                continue
            values[col.key] = _value(table, col)
        with db.uow("admin") as s:
            if table.name in _NUMBERED:
                values["year"], values["seq"] = 2026, allocate(s, _NUMBERED[table.name])
            if table.name == "outgoing_document":
                values["prefix"] = "同政发"
            obj = mapper.class_(**{k: v for k, v in values.items() if k in mapper.attrs})
            s.add(obj)
            s.flush()
            made[table.name] = obj.id
    return sorted(set(mappers) - set(made))


# --- the tampers ---------------------------------------------------------------------------------


def _foreign_keys_off(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
    else:
        conn.exec_driver_sql("SET session_replication_role = replica")


def _first_row(conn: Connection, table: Table) -> dict | None:
    key = next(iter(table.primary_key.columns))
    row = conn.execute(select(table).order_by(key).limit(1)).mappings().first()
    return dict(row) if row else None


def _edited_values(table: Table, row: dict) -> list[tuple[str, object]]:
    """Candidate (column, new value) edits, the likeliest to succeed first."""
    out: list[tuple[str, object]] = []
    for col in table.columns:
        if col.primary_key or col.key in _BOOKKEEPING - {"created_by"}:
            continue
        old, kind = row[col.key], _kind(col)
        if kind is String:
            limit = col.type.length or 1000
            new = (old or "")[: limit - 1] + ("X" if not (old or "").endswith("X") else "Y")
            out.append((col.key, new))
        elif kind is Boolean and old is not None:
            out.append((col.key, not old))
        elif kind is Integer and old is not None and not col.foreign_keys:
            out.append((col.key, old + 1))
        elif kind is Date and old is not None:
            out.append((col.key, date.fromordinal(old.toordinal() + 1)))
    order = {String: 0, Boolean: 1, Integer: 2, Date: 3}
    return sorted(out, key=lambda kv: order.get(_kind(table.c[kv[0]]), 9))


def tamper(conn: Connection, table: Table, action: str) -> str:
    """Make one edit behind the app; returns what was done ('' when it could not be made)."""
    row = _first_row(conn, table)
    if row is None:
        return ""
    key = next(iter(table.primary_key.columns))
    where = key == row[key.key]
    if action == "delete":
        if table.name == "audit_entry":  # a middle entry: the tip has its own tests
            seqs = conn.execute(select(key).order_by(key)).scalars().all()
            where = key == seqs[len(seqs) // 2]
        conn.execute(table.delete().where(where))
        return f"delete {key.key}={row[key.key]}"
    if action == "edit":
        edits = _edited_values(table, row)
        if table.name == "seal_file":  # the scan itself, not its file name
            edits = [("content", bytes(row["content"]) + b" forged")]
        for column, value in edits:
            try:
                with conn.begin_nested():
                    conn.execute(table.update().where(where).values({column: value}))
                return f"{column} → {value!r}"
            except Exception:  # a constraint refused this edit: try the next column
                continue
        return ""
    copy = dict(row)
    if table.name == "audit_entry":
        copy[key.key] = conn.scalar(select(func.max(key))) + 1
        copy["prev_hash"] = copy["hash"]
    elif isinstance(row[key.key], int):
        copy[key.key] = conn.scalar(select(func.max(key))) + 1000
    else:
        copy[key.key] = (
            "f" * len(row[key.key])
            if table.name == "seal_file"  # not its hash
            else f"{row[key.key]}:2"
        )
    for col in table.columns:  # keep UNIQUE columns unique
        if (
            col.key in ("seq", "year", "record_id", "username", "name", "key")
            and col.key != key.key
        ):
            v = copy.get(col.key)
            copy[col.key] = (
                v + 1000 if isinstance(v, int) else f"{v}-2" if isinstance(v, str) else v
            )
    conn.execute(insert(table).values(copy))
    return f"insert {key.key}={copy[key.key]}"


# --- the matrix ---------------------------------------------------------------------------------


class _Copies:
    """Fresh copies of the seeded database, one per tamper."""

    def __init__(self, url: str, workdir: Path):
        self.url, self.workdir, self.made = url, workdir, []

    def fresh(self) -> str:
        if self.url.startswith("sqlite"):
            path = self.workdir / f"copy-{len(self.made)}.db"
            shutil.copyfile(self.url.removeprefix("sqlite:///"), path)
            self.made.append(str(path))
            return f"sqlite:///{path}"
        name = f"fuban_tamper_{uuid.uuid4().hex[:10]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{_pg_name(self.url)}"')
        self.made.append(name)
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def drop_all(self) -> None:
        for name in self.made:
            if not self.url.startswith("sqlite"):
                _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(sql)


def _pg_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def run_matrix(
    url: str, workdir: Path, report: Callable[[str], None] = print
) -> tuple[int, int, list[str]]:
    """(detected, made, lines of the tampers not detected or not made)."""
    db = Database(url)
    migrate.upgrade(db)
    unfilled = seed_every_table(db)
    baseline = maintenance.check(db).problems
    tables = [m.local_table for m in Base.registry.mappers if issubclass(m.class_, RecordMixin)]
    db.dispose()
    if unfilled or baseline:
        raise SystemExit(f"seeding incomplete {unfilled} or not clean {baseline[:3]}")
    tables += [Base.metadata.tables[name] for name in EXTRA_TABLES]
    copies = _Copies(url, workdir)
    detected = made = 0
    misses: list[str] = []
    try:
        for table in sorted(tables, key=lambda t: t.name):
            cells = []
            for action in ACTIONS:
                copy_url = copies.fresh()
                # A plain engine, as an SQL client would open the file or the server.
                raw = create_engine(copy_url)
                with raw.connect() as conn:
                    _foreign_keys_off(conn)  # pysqlite: no BEGIN before a PRAGMA, so it applies
                    done = tamper(conn, table, action)
                    conn.commit()
                raw.dispose()
                target = Database(copy_url)
                if not done:
                    misses.append(f"{table.name} × {action}: could not be made")
                    cells.append(f"{action}: —")
                    target.dispose()
                    continue
                made += 1
                problems = maintenance.check(target).problems
                target.dispose()
                detected += bool(problems)
                if not problems:
                    misses.append(f"{table.name} × {action} ({done}): NOT DETECTED")
                cells.append(
                    f"{action}: {'found' if problems else 'MISSED'}"
                    + (f" ({problems[0][:60]})" if problems else "")
                )
            report(f"{table.name:24} " + " | ".join(cells))
    finally:
        copies.drop_all()
    return detected, made, misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    args = ap.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FUBAN_CONFIG_DIR"] = str(Path(tmp) / "config")  # the trial's own audit key
        os.environ["FUBAN_DATA_DIR"] = str(Path(tmp) / "data")
        for engine in args.engines:
            if engine == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'seeded.db'}"
            else:
                name = f"fuban_tamper_src_{uuid.uuid4().hex[:8]}"
                _pg_admin(f'CREATE DATABASE "{name}"')
                url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
            try:
                detected, made, misses = run_matrix(url, Path(tmp))
            finally:
                if engine != "sqlite":
                    _pg_admin(f'DROP DATABASE IF EXISTS "{_pg_name(url)}" WITH (FORCE)')
            for line in misses:
                print("  " + line)
            print(
                f"{engine}: {detected}/{made} tampers detected "
                f"({len(misses) - (made - detected)} could not be made)"
            )
            ok = ok and detected == made and not misses
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
