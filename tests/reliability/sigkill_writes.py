"""Trial, run on demand: a clerk's process killed outright in the middle of saving.

    python -m tests.reliability.sigkill_writes [--sqlite 50] [--postgresql 20]

Per engine one database; each trial starts a writer process that registers 收文 (every third
classified) and people through the services without pause, kills it (SIGKILL on POSIX,
TerminateProcess on Windows: no clean-up runs) after a random moment, then reopens the database:
`check` must find nothing, every 收文 must have its search-index entry and its audit entry (no
partial record), and the 收文 numbers must run 1..N with the counter at N (no gap, none reused).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select

from db import migrate
from db.engine import Database
from db.models import AuditEntry, IncomingDocument
from db.models.search import DocumentSearch
from db.models.system import SequenceCounter
from desktop_app.services.system import maintenance

PG_ADMIN = "host=127.0.0.1 user=postgres dbname=postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"

WRITER = """
import sys
from datetime import datetime
from db.engine import Database
from desktop_app.services import directory, incoming
from desktop_app.services.system.common import CurrentUser
from desktop_app.formatting import CHINA

db = Database(sys.argv[1])
clerk = CurrentUser("jiyao", "机要员", "confidential")
n = 0
while True:
    secret = n % 3 == 0
    incoming.register_document(
        db, clerk, received_at=datetime(2026, 3, 2, 9, tzinfo=CHINA), sender="省政府办公厅",
        title=f"第{n}件来文", doc_type="通知", nature="action",
        secrecy="机密" if secret else "", secrecy_term="10年" if secret else "",
        copy_numbers="003" if secret else "")
    directory.save_person(db, clerk, name=f"人员{n}")
    n += 1
    if n == 1:
        print("ready", flush=True)
"""


def _verify(url: str) -> list[str]:
    """What is wrong with the database after a kill (empty: nothing)."""
    db = Database(url)
    try:
        problems = list(maintenance.check(db).problems)
        with db.read() as s:
            seqs = sorted(
                s.scalars(select(IncomingDocument.seq).where(IncomingDocument.year == 2026)).all()
            )
            counter = (
                s.scalar(
                    select(SequenceCounter.last_value).where(
                        SequenceCounter.name == "incoming:2026"
                    )
                )
                or 0
            )
            unindexed = s.scalar(
                select(func.count())
                .select_from(IncomingDocument)
                .where(
                    IncomingDocument.id.not_in(
                        select(DocumentSearch.record_id).where(DocumentSearch.kind == "incoming")
                    )
                )
            )
            unaudited = s.scalar(
                select(func.count())
                .select_from(IncomingDocument)
                .where(
                    IncomingDocument.id.not_in(
                        select(AuditEntry.record_id).where(
                            AuditEntry.table_name == "incoming_document",
                            AuditEntry.action == "insert",
                        )
                    )
                )
            )
        if seqs != list(range(1, len(seqs) + 1)):
            problems.append(f"收文编号不连续：{seqs[:5]}…{seqs[-5:]}")
        if counter != len(seqs):
            problems.append(f"计数器 {counter}，收文 {len(seqs)} 件")
        if unindexed or unaudited:
            problems.append(f"部分写入：{unindexed} 件无索引，{unaudited} 件无审计记录")
        return problems
    finally:
        db.dispose()


def _count(url: str) -> int:
    db = Database(url)
    try:
        with db.read() as s:
            return int(s.scalar(select(func.count()).select_from(IncomingDocument)))
    finally:
        db.dispose()


def run_trials(url: str, trials: int, rng: random.Random) -> tuple[int, int]:
    """(trials passed, records written) on the database at `url`."""
    passed = 0
    for i in range(trials):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, url], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None
        if writer.stdout.readline().strip() != "ready":
            writer.kill()
            raise SystemExit(f"writer did not start (exit {writer.wait()})")
        time.sleep(rng.uniform(0.05, 1.0))
        writer.kill()  # SIGKILL / TerminateProcess: no handler, no rollback in the process
        writer.wait()
        problems = _verify(url)
        passed += not problems
        print(f"  trial {i + 1}: {'ok' if not problems else problems[:3]}", flush=True)
    return passed, _count(url)


def _pg_database() -> tuple[str, str]:
    import psycopg

    name = f"fuban_kill_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return name, PG_URL.format(name=name)


def _drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _prepare(url: str) -> None:
    db = Database(url)
    migrate.upgrade(db)
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sqlite", type=int, default=50)
    ap.add_argument("--postgresql", type=int, default=20)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        # The trial's own key files, never the user's (the writer processes inherit these).
        os.environ["FUBAN_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["FUBAN_DATA_DIR"] = str(Path(tmp) / "data")
        if args.sqlite:
            url = f"sqlite:///{Path(tmp) / 'kill.db'}"
            _prepare(url)
            t0 = time.perf_counter()
            passed, written = run_trials(url, args.sqlite, rng)
            failed += args.sqlite - passed
            print(
                f"SQLite: {passed}/{args.sqlite} trials clean, {written} 收文 written, "
                f"{time.perf_counter() - t0:.0f} s"
            )
        if args.postgresql:
            name, url = _pg_database()
            try:
                _prepare(url)
                t0 = time.perf_counter()
                passed, written = run_trials(url, args.postgresql, rng)
                failed += args.postgresql - passed
                print(
                    f"PostgreSQL: {passed}/{args.postgresql} trials clean, {written} 收文 "
                    f"written, {time.perf_counter() - t0:.0f} s"
                )
            finally:
                _drop_pg(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
