"""Benchmark: several clerks saving at once on the shared PostgreSQL server.

Run on demand:  python -m tests.bench.shared_clients [--clients 1,2,5,10] [--saves 100]
                [--think-ms 50] [--designs held,lockfirst,last] [--repeat 2] [--pg ADMIN_URL]

A scratch database is made (and dropped) on the server at FUBAN_TEST_PG_URL, or
postgres@127.0.0.1. For each number of clients N, N processes (each its own interpreter and
connection, as N PCs would be) save through the real services, one 收文 after another: 登记
(numbered 收文〔年〕N号), 拟办, 分送 to the vice mayor in charge, and his 阅批 — four saves per
document, `--saves` saves per client. Two rounds per N:

- with think time: a random pause of 0–`--think-ms` ms between a clerk's saves; each save's time
  from the call to its return gives the p50 and p95 (target at 10 clients: p95 ≤ 50 ms);
- without think time: every client saves as fast as it can; saves per second against the
  machine's CPU count (target: throughput grows with clients up to the core count).

Each round runs once per design, the designs taking turns (`--repeat` turns each), so all are
measured under the same load: `last`, the app as it is (db.commit_order: the counter and the
audit head are locked by a save's final statements only; on this server the head is
locked and read in one round trip, the append sent with the COMMIT in the next — db.audit_commit);
`lockfirst`, the design before that (the head locked by a SELECT … FOR UPDATE of its own, then
the append, then COMMIT); and `held`, the design before db.commit_order, reproduced in the client
processes (audit entries appended at each flush, so the head row is locked from the first flush
to COMMIT; the 收文 number taken as soon as asked).

CPU per save, both sides: each client's own CPU time over its timed saves, and the CPU time of
its server backend over the same span (read from /proc/<backend pid>/stat: the server runs on
this machine; Linux only, otherwise not shown). Their sum against the cores bounds the saves per
second of this machine; the server's part alone is what the server would need with the clients
on their own PCs.

Meanwhile the main process samples pg_stat_activity every 10 ms: how many of the database's
backends wait on a lock (wait_event_type 'Lock'; target ≤ 0.5 on average) and how many sit idle
in transaction. The machine's load average is printed beside the figures.

What a client process does is shared_clients_work.py; this module holds the run: the scratch
database, the sampler, the rounds and the table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid

from sqlalchemy.engine import make_url

from tests.bench import machine
from tests.bench.shared_clients_work import worker

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


# ---- the run ---------------------------------------------------------------------------------


class Sampler(threading.Thread):
    """Counts, every 10 ms, the bench database's backends waiting on a lock and those idle in
    a transaction."""

    def __init__(self, admin_url: str, dbname: str):
        super().__init__(daemon=True)
        import psycopg

        u = make_url(admin_url)
        self.conn = psycopg.connect(
            host=u.host, port=u.port or 5432, user=u.username, dbname=u.database, autocommit=True
        )
        self.dbname = dbname
        self.samples: list[tuple[int, int, int]] = []
        self.running = threading.Event()
        self.stopped = threading.Event()

    def run(self) -> None:
        sql = (
            "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),"
            " count(*) FILTER (WHERE state = 'idle in transaction'),"
            " count(*) FILTER (WHERE state <> 'idle')"
            " FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        )
        while not self.stopped.is_set():
            if self.running.is_set():
                row = self.conn.execute(sql, (self.dbname,)).fetchone()
                assert row is not None
                self.samples.append((row[0], row[1], row[2]))
            time.sleep(0.01)
        self.conn.close()

    def take(self) -> tuple[float, float]:
        got, self.samples = self.samples, []
        if not got:
            return 0.0, 0.0
        return statistics.fmean(s[0] for s in got), statistics.fmean(s[1] for s in got)


def _pg_exec(admin_url: str, sql: str) -> None:
    import psycopg

    u = make_url(admin_url)
    with psycopg.connect(
        host=u.host, port=u.port or 5432, user=u.username, dbname=u.database, autocommit=True
    ) as conn:
        conn.execute(sql)


def _prepare(url: str) -> int:
    """Migrate the scratch database and enter the directory a route needs; the leader's id."""
    from db import migrate
    from db.engine import Database
    from desktop_app.services.directory import commands as directory
    from desktop_app.services.system.common import CurrentUser

    db = Database(url)
    try:
        migrate.upgrade(db)
        admin = CurrentUser("admin", "管理员", "admin")
        return directory.save_person(db, admin, name="张海峰").id
    finally:
        db.dispose()


def _round(
    url: str,
    sampler: Sampler,
    clients: int,
    saves: int,
    think_ms: float,
    leader_id: int,
    design: str = "last",
) -> dict:
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.bench.shared_clients",
                "--worker",
                url,
                str(saves),
                str(think_ms),
                str(leader_id),
                design,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(clients)
    ]
    for p in procs:  # every client imported, connected and warmed before anyone starts
        assert p.stdout is not None
        if p.stdout.readline().strip() != "ready":
            raise SystemExit("a client failed to start")
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    sampler.take()
    sampler.running.set()
    outs = [p.communicate()[0] for p in procs]  # (stdin is closed by communicate)
    sampler.running.clear()
    if any(p.returncode for p in procs):
        raise SystemExit("a client failed")
    results = [json.loads(o.strip().splitlines()[-1]) for o in outs]
    lock_wait, idle_in_tx = sampler.take()
    waits = [t for r in results for _, t in r["times"]]
    span = max(r["ended"] for r in results) - min(r["began"] for r in results)
    server = [r["server_cpu"] for r in results]
    return {
        "waits": waits,
        "span": span,
        "lock_wait": lock_wait,
        "idle_in_tx": idle_in_tx,
        "client_cpu": sum(r["cpu"] for r in results),
        "server_cpu": None if None in server else sum(server),
    }


def _pooled(rounds: list[dict]) -> dict:
    """The turns of one design and N taken together: percentiles over every save, saves per
    second over the summed time, the backends' averages over the turns."""
    waits = sorted(w for r in rounds for w in r["waits"])
    server = [r["server_cpu"] for r in rounds]
    return {
        "client_ms": sum(r["client_cpu"] for r in rounds) / len(waits) * 1000,
        "server_ms": None if None in server else sum(server) / len(waits) * 1000,
        "p50": statistics.median(waits) * 1000,
        "p95": waits[max(0, int(len(waits) * 0.95) - 1)] * 1000,
        "max": waits[-1] * 1000,
        "per_s": len(waits) / sum(r["span"] for r in rounds),
        "lock_wait": statistics.fmean(r["lock_wait"] for r in rounds),
        "idle_in_tx": statistics.fmean(r["idle_in_tx"] for r in rounds),
    }


def _cpu(think: dict, flat: dict, key: str) -> str:
    """CPU per save over both rounds (think and no think) of one N and design."""
    if think[key] is None or flat[key] is None:
        return f"{'n/a':>6}"
    return f"{(think[key] + flat[key]) / 2:>6.1f}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--worker":
        url, saves, think, leader, design = argv[1:6]
        worker(url, int(saves), float(think), int(leader), design)
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", default="1,2,5,10")
    ap.add_argument("--saves", type=int, default=100, help="saves per client and round")
    ap.add_argument("--think-ms", type=float, default=50.0)
    ap.add_argument("--pg", default=os.environ.get("FUBAN_TEST_PG_URL", DEFAULT_ADMIN_URL))
    ap.add_argument(
        "--designs",
        default="held,lockfirst,last",
        help="held: locks taken at the first flush and held to COMMIT (before db.commit_order); "
        "lockfirst: taken by the final statements, the head locked by a statement of its own "
        "before the append; last: the app (the append sent with the COMMIT)",
    )
    ap.add_argument("--repeat", type=int, default=2, help="turns per design and N")
    args = ap.parse_args(argv)
    counts = [int(c) for c in args.clients.split(",")]
    designs = args.designs.split(",")

    machine.start("Shared PostgreSQL: N clerks saving 收文 (登记, 拟办, 分送, 阅批) at once")
    cores = os.cpu_count() or 1
    print(f"{args.saves} saves per client and round; think time 0–{args.think_ms:.0f} ms")
    name = f"fuban_bench_{uuid.uuid4().hex[:10]}"
    _pg_exec(args.pg, f'CREATE DATABASE "{name}"')
    url = make_url(args.pg).set(database=name).render_as_string(hide_password=False)
    sampler = Sampler(args.pg, name)
    sampler.start()
    try:
        leader_id = _prepare(url)
        _round(url, sampler, 1, 20, 0, leader_id)  # warm the server's caches, not reported
        print(
            f"{'N':>3} {'design':<6} | {'think: p50':>10} {'p95':>7} {'max':>7} {'lock-wait':>9}"
            f" {'idle-in-tx':>10} | {'no think: saves/s':>17} {'×1 client':>9}"
            f" {'lock-wait':>9} {'idle-in-tx':>10} | CPU ms/save: {'client':>6} {'server':>6}"
        )
        base: dict[str, float] = {}
        for n in counts:
            got: dict[str, list[tuple[dict, dict]]] = {d: [] for d in designs}
            for _ in range(args.repeat):  # the designs take turns, so both see the same load
                for design in designs:
                    think = _round(url, sampler, n, args.saves, args.think_ms, leader_id, design)
                    flat = _round(url, sampler, n, args.saves, 0, leader_id, design)
                    got[design].append((think, flat))
            for design in designs:
                think, flat = (
                    _pooled([t for t, _ in got[design]]),
                    _pooled([f for _, f in got[design]]),
                )
                base.setdefault(design, flat["per_s"])
                print(
                    f"{n:>3} {design:<6} | {think['p50']:>7.1f} ms {think['p95']:>4.1f} ms"
                    f" {think['max']:>4.0f} ms {think['lock_wait']:>9.2f}"
                    f" {think['idle_in_tx']:>10.2f} | {flat['per_s']:>17.0f}"
                    f" {flat['per_s'] / base[design]:>8.2f}× {flat['lock_wait']:>9.2f}"
                    f" {flat['idle_in_tx']:>10.2f} | {'':>12} {_cpu(think, flat, 'client_ms')}"
                    f" {_cpu(think, flat, 'server_ms')}",
                    flush=True,
                )
            machine.report(f"N={n}")
        print(f"cores (os.cpu_count()): {cores}")
    finally:
        sampler.stopped.set()
        sampler.join(timeout=5)
        _pg_exec(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    machine.report("end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
