"""Benchmark: the document registers with 200,000 documents (≈ 20 years of a county government).

Run on demand:  python -m tests.bench.documents_200k [--pg URL_OF_EMPTY_DB] [--whole]
Without --pg a scratch database is made (and dropped) on the test server (FUBAN_TEST_PG_URL, or
postgres@127.0.0.1); --no-pg skips PostgreSQL. 170,000 incoming documents (with proposals and
~1.2 reading opinions each) and 30,000 outgoing ones go in through SQLAlchemy Core; the search
index is built by db.search_index.refresh, the code the app's session event runs.

Measured on SQLite and PostgreSQL (analysed, as autovacuum would have): the first page of the
收文登记簿 as the screen asks for it (newest first, 100 rows; targets ≤ 150 ms), Chinese substring
searches through the full-text index (2-, 4- and 1-character queries, a document number; target
≤ 50 ms for the first page of hits), and the process's memory (target < 300 MB). --whole also
times loading the entire register through incoming.list_documents / outgoing.list_outgoing.
The documents pane's own first screen (its service calls, PAGE_SIZE rows) is timed as well.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from db import migrate
from db.engine import Database
from desktop_app.services.documents import incoming, outgoing
from desktop_app.services.documents import register as doc_register
from desktop_app.services.documents import search as doc_search
from desktop_app.services.system.common import CurrentUser
from tests.bench import documents_data, machine

INCOMING, OUTGOING = 170_000, 30_000
PANE = 200  # ui.widgets.pager.PAGE_SIZE (not imported: no Qt here)
CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
JIYAO = CurrentUser("jiyao", "机要员", "confidential")
QUERIES = [
    ("2 字", "防汛"),
    ("2 字（极常见）", "工作"),
    ("2 字", "赫哲"),
    ("4 字", "秸秆禁烧"),
    ("4 字", "安全度汛"),
    ("6 字", "森林草原防火"),
    ("文号", "黑政发〔2015〕12号"),
    ("1 字", "汛"),
]


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB: psutil where installed, else
    the operating system's own call (GetProcessMemoryInfo on Windows, /proc and getrusage on
    POSIX)."""
    try:
        import psutil

        info = psutil.Process().memory_info()
        peak = getattr(info, "peak_wset", None) or _posix_peak() or info.rss
        return info.rss / 2**20, peak / 2**20
    except ImportError:
        pass
    if sys.platform == "win32":
        return _windows_rss()
    current = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = _posix_peak()
    return current / 2**20, max(peak, current) / 2**20


def _posix_peak() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return float(peak if sys.platform == "darwin" else peak * 1024)  # macOS: bytes, Linux: KiB


def _windows_rss() -> tuple[float, float]:
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [
            ("cb", wintypes.DWORD),
            ("PageFaultCount", wintypes.DWORD),
            ("PeakWorkingSetSize", ctypes.c_size_t),
            ("WorkingSetSize", ctypes.c_size_t),
            ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
            ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
            ("PagefileUsage", ctypes.c_size_t),
            ("PeakPagefileUsage", ctypes.c_size_t),
        ]

    kernel32, psapi = ctypes.windll.kernel32, ctypes.windll.psapi
    # 64-bit handles: declare the types, or ctypes passes them as 32-bit ints
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    psapi.GetProcessMemoryInfo.argtypes = [
        wintypes.HANDLE,
        ctypes.POINTER(Counters),
        wintypes.DWORD,
    ]
    c = Counters()
    c.cb = ctypes.sizeof(c)
    psapi.GetProcessMemoryInfo(kernel32.GetCurrentProcess(), ctypes.byref(c), c.cb)
    return c.WorkingSetSize / 2**20, c.PeakWorkingSetSize / 2**20


def timed(fn, runs: int = 9) -> tuple[float, float]:
    """(median, max) in ms of `runs` calls after one warm-up call."""
    fn()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


def size_mb(db: Database) -> float:
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            return pages * conn.exec_driver_sql("PRAGMA page_size").scalar() / 2**20
        return conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar() / 2**20


def documents_held(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM document_search").scalar() or 0)


def prepare(db: Database, total: int) -> None:
    """Upgrade the database and fill it, unless it already holds the documents (a database kept
    from an earlier run with --sqlite/--pg: writing 200,000 documents takes minutes)."""
    t = time.perf_counter()
    migrate.upgrade(db)
    held = documents_held(db)
    if held:
        print(
            f"  reusing a database that holds {held:,} documents (upgraded in "
            f"{time.perf_counter() - t:.1f} s); {size_mb(db):.0f} MB"
        )
        return
    t = time.perf_counter()
    n_in = total * INCOMING // (INCOMING + OUTGOING)
    documents_data.load(db, n_in, total - n_in)
    print(
        f"  {n_in:,} incoming + {total - n_in:,} outgoing written and indexed in "
        f"{time.perf_counter() - t:.0f} s; database {size_mb(db):.0f} MB"
    )
    if db.dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def run(db: Database, whole: bool, total: int = INCOMING + OUTGOING) -> None:
    prepare(db, total)
    for user in (CLERK, JIYAO):
        med, worst = timed(lambda u=user: doc_register.incoming_rows(db, u, limit=100))
        print(
            f"  收文登记簿 first page (100 rows, newest first, {user.role}): "
            f"{med:.1f} ms (max {worst:.1f})"
        )
    # what the documents pane reads for its first screen (ui/panes/documents_*.py: PAGE_SIZE
    # rows plus one to know whether there are more)
    med, worst = timed(lambda: incoming.list_documents(db, CLERK, "", False, "", limit=PANE + 1))
    print(
        f"  documents pane 收文 first screen ({PANE} rows, list_documents): "
        f"{med:.1f} ms (max {worst:.1f})"
    )
    med, worst = timed(
        lambda: outgoing.list_outgoing(db, CLERK, include_voided=False, limit=PANE + 1)
    )
    print(
        f"  documents pane 发文 first screen ({PANE} rows, list_outgoing): "
        f"{med:.1f} ms (max {worst:.1f})"
    )

    def pane_search(q: str) -> int:
        hits = doc_search.search_documents(
            db, CLERK, q, kind="incoming", limit=doc_search.MAX_LIMIT
        )
        ids = [h.record_id for h in hits]
        return len(incoming.list_documents(db, CLERK, "", False, "", ids=ids, limit=PANE + 1))

    for q in ("防汛", "工作"):
        med, worst = timed(lambda q=q: pane_search(q))
        print(
            f"  documents pane 收文 search 「{q}」 ({doc_search.MAX_LIMIT} hits, then their "
            f"page): {med:.1f} ms (max {worst:.1f})"
        )
    med, worst = timed(lambda: doc_register.count_incoming(db, CLERK))
    print(f"  收文登记簿 row count for the pager: {med:.1f} ms (max {worst:.1f})")
    for label, q in QUERIES:
        med, worst = timed(lambda q=q: doc_search.search_documents(db, CLERK, q))
        n = doc_search.count_matches(db, CLERK, q)
        cmed, _ = timed(lambda q=q: doc_search.count_matches(db, CLERK, q), 5)
        print(
            f"  search {label} 「{q}」: first 50 of {n:,} hits {med:.1f} ms (max {worst:.1f}); "
            f"count {cmed:.1f} ms"
        )
    if whole:
        t = time.perf_counter()
        n = len(incoming.list_documents(db, CLERK))
        print(
            f"  incoming.list_documents (whole register, {n:,} rows): "
            f"{time.perf_counter() - t:.1f} s"
        )
        t = time.perf_counter()
        n = len(outgoing.list_outgoing(db, CLERK))
        print(
            f"  outgoing.list_outgoing (whole register, {n:,} rows): "
            f"{time.perf_counter() - t:.1f} s"
        )
    current, peak = rss_mb()
    print(f"  memory: {current:.0f} MB now, {peak:.0f} MB peak (process so far, loading included)")


def _pg_scratch() -> tuple[str, object]:
    """A new empty database on the test server, and a function that drops it."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(
        os.environ.get("FUBAN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    )
    name = f"fuban_bench_{uuid.uuid4().hex[:8]}"

    def execute(sql: str) -> None:
        with psycopg.connect(
            host=admin.host,
            port=admin.port or 5432,
            user=admin.username,
            password=admin.password,
            dbname=admin.database,
            autocommit=True,
        ) as conn:
            conn.execute(sql)

    execute(f'CREATE DATABASE "{name}"')
    url = admin.set(database=name).render_as_string(hide_password=False)
    return url, lambda: execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--pg", default="", help="URL of a PostgreSQL database (empty, or kept from a run)"
    )
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument(
        "--sqlite", default="", help="SQLite file to use and keep (reused when it holds documents)"
    )
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--prepare-only", action="store_true", help="fill the databases, measure nothing"
    )
    parser.add_argument("--whole", action="store_true")
    parser.add_argument(
        "--total",
        type=int,
        default=INCOMING + OUTGOING,
        help="documents in all (a smaller number for a quick try)",
    )
    args = parser.parse_args()
    machine.start("document registers and search with 200,000 documents")
    bench = prepare if args.prepare_only else lambda d, total: run(d, args.whole, total)
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            print("SQLite:")
            d = Database(f"sqlite:///{Path(args.sqlite or Path(tmp) / 'bench.db')}")
            bench(d, args.total)
            d.dispose()
    if args.no_pg:
        return
    drop = None
    url = args.pg
    if not url:
        url, drop = _pg_scratch()
    try:
        print("PostgreSQL:")
        d = Database(url)
        bench(d, args.total)
        d.dispose()
    finally:
        if drop is not None:
            drop()
    machine.report("end")


if __name__ == "__main__":
    main()
