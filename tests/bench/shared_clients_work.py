"""What one client process of the shared-clients benchmark (shared_clients.py) does: a clerk's
program, its own interpreter and connection, saving 收文 through the real services (登记, 拟办,
分送, 阅批) and reporting each save's time and the CPU time of both sides as one JSON line. The
earlier designs the benchmark compares with the app are reproduced here, in the client only.

It stands apart from the run (shared_clients.py: the scratch database, the processes started,
the server sampled, the table printed) because it runs in another process and shares no state
with it: the main process starts it as `python -m tests.bench.shared_clients --worker URL SAVES
THINK_MS LEADER_ID DESIGN`, waits for its 「ready」 line, then writes 「go」 to its standard input.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import date, datetime

from sqlalchemy.engine import make_url

DAY = date(2026, 3, 2)


def _locks_held_throughout() -> None:
    """The design before db.commit_order, for the comparison in the same run: the audit entries
    of a flush are appended at that flush (the head row locked from the save's first flush to
    its COMMIT) and a 收文 takes its number as soon as it asks (the counter locked from there on)."""
    from db import audit, sequences
    from desktop_app.services.documents import incoming

    def record_at_flush(session, ctx) -> None:
        queued = len(session.info.get(audit.QUEUE_KEY, []))
        original_record(session, ctx)
        if len(session.info.get(audit.QUEUE_KEY, [])) > queued:
            audit.append_queued(session)

    def number_at_once(session, name, record, attribute="seq") -> None:
        setattr(record, attribute, sequences.allocate(session, name))
        session.add(record)

    original_record = audit._record
    audit._record = record_at_flush  # read by audit.install when the Database is made
    incoming.number_at_commit = number_at_once  # type: ignore[assignment]


def _backend_cpu_seconds(db) -> float | None:
    """CPU time (user + system) used so far by this client's server backends (the server is on
    this machine); None where /proc is not there to read."""
    from pathlib import Path

    from sqlalchemy import text

    if not hasattr(os, "sysconf") or not Path("/proc/self/stat").exists():
        return None
    tick = os.sysconf("SC_CLK_TCK")
    with db.engine.connect() as conn:
        pids = conn.execute(
            text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND application_name = :name"
            ),
            {"name": f"bench-{os.getpid()}"},
        ).scalars()
        total = 0.0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def _head_locked_first() -> None:
    """The design before the append went with the COMMIT, for the comparison in the same run:
    the head row locked by a statement of its own (SELECT … FOR UPDATE), the entries hashed onto
    it in Python, appended by a second statement and COMMIT sent by a third — the head locked
    across two of this client's turns instead of one."""
    from db import audit_commit

    audit_commit.ENABLED = False


def worker(url: str, saves: int, think_ms: float, leader_id: int, design: str) -> None:
    if design == "held":
        _locks_held_throughout()
    elif design == "lockfirst":
        _head_locked_first()
    from db.engine import Database
    from desktop_app.formatting import CHINA
    from desktop_app.services.documents import incoming
    from desktop_app.services.system.common import CurrentUser

    clerk = CurrentUser("wenmi", "文秘甲", "clerk")
    # its backends are found by this name (CPU per save on the server's side)
    url = (
        make_url(url)
        .update_query_dict({"application_name": f"bench-{os.getpid()}"})
        .render_as_string(hide_password=False)
    )
    db = Database(url)
    rng = random.Random(os.getpid())
    received = datetime(2026, 3, 2, 9, tzinfo=CHINA)
    times: list[tuple[str, float]] = []

    def timed(kind: str, call):
        t0 = time.perf_counter()
        dto = call()
        times.append((kind, time.perf_counter() - t0))
        if think_ms:
            time.sleep(rng.uniform(0, think_ms / 1000))
        return dto

    def cycle(n: int, saves: int) -> None:
        """One document through 登记, 拟办, 分送 and 阅批 (stopping at `saves` saves)."""
        d = timed(
            "register",
            lambda: incoming.register_document(
                db,
                clerk,
                received_at=received,
                sender="市农业农村局",
                title=f"关于秸秆禁烧工作的请示（{os.getpid()}-{n}）",
                doc_type="请示",
                nature="request",
            ),
        )
        steps = [
            (
                "propose",
                lambda d=d: incoming.propose(
                    db, clerk, d.id, "呈分管副市长阅示。", expected_version=d.version
                ),
            ),
            (
                "route",
                lambda: incoming.route(
                    db,
                    clerk,
                    d.id,
                    to="vice_mayor",
                    today=DAY,
                    leader_id=leader_id,
                    expected_version=None,
                ),
            ),
            (
                "reading",
                lambda: incoming.record_reading(
                    db,
                    clerk,
                    d.id,
                    read_on=DAY,
                    opinion="同意，请农业农村局抓好落实。",
                    person_id=leader_id,
                ),
            ),
        ]
        for kind, call in steps:
            if len(times) >= saves:
                break
            timed(kind, call)

    # A clerk's program has saved before: one document first, untimed (statements compiled,
    # connection open), then wait for every client to be ready.
    cycle(0, 4)
    times.clear()
    server_before = _backend_cpu_seconds(db)
    print("ready", flush=True)
    sys.stdin.readline()
    began, cpu_before = time.time(), time.process_time()
    n = 0
    while len(times) < saves:
        n += 1
        cycle(n, saves)
    ended, cpu = time.time(), time.process_time() - cpu_before
    server_after = _backend_cpu_seconds(db)
    server = None if server_before is None or server_after is None else server_after - server_before
    db.dispose()
    print(
        json.dumps(
            {
                "began": began,
                "ended": ended,
                "times": times,
                "cpu": cpu,
                "server_cpu": server,
            }
        )
    )
