"""Trial, run on demand: backups taken while a clerk keeps saving, each restored and checked.

    python -m tests.reliability.backup_under_load [--backups 10] [--url postgresql+psycopg://…]

A writer thread numbers 收文 records without pause on the source database (PostgreSQL by default,
the shared mode where the trial once found 1 of 10 backups consistent); each backup is restored
into a fresh SQLite file and `check` must find nothing. Prints one line per backup and a total.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from db import migrate
from db.engine import Database
from desktop_app.services.system import maintenance
from tests.integration.test_integrity_check import _seed, _writer

ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _fresh_pg() -> tuple[str, str]:
    import psycopg

    name = f"fuban_trial_{uuid.uuid4().hex[:10]}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return name, ADMIN.rsplit("/", 1)[0] + f"/{name}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backups", type=int, default=10)
    ap.add_argument("--url", default="")
    args = ap.parse_args(argv)
    name, url = ("", args.url) if args.url else _fresh_pg()
    source = Database(url)
    migrate.upgrade(source)
    _seed(source)
    good = 0
    with tempfile.TemporaryDirectory() as tmp:
        stop = threading.Event()
        with ThreadPoolExecutor(1) as pool:
            written = pool.submit(_writer(source, stop))
            for i in range(args.backups):
                path = Path(tmp) / f"b{i}.zip"
                t0 = time.perf_counter()
                maintenance.backup(source, path)
                took = time.perf_counter() - t0
                target = Database(f"sqlite:///{Path(tmp) / f'r{i}.db'}")
                migrate.upgrade(target)
                maintenance.restore(target, path, Path(tmp) / "safety")
                problems = maintenance.check(target).problems
                target.dispose()
                good += not problems
                print(
                    f"backup {i + 1}: {took * 1000:.0f} ms, "
                    f"{'consistent' if not problems else problems[:2]}"
                )
            stop.set()
            print(f"records written meanwhile: {written.result()}")
    source.dispose()
    if name:
        import psycopg

        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"{good} of {args.backups} backups consistent")
    return 0 if good == args.backups else 1


if __name__ == "__main__":
    sys.exit(main())
