"""Benchmark: what one sign-in's password check costs, for candidate Argon2id parameters and the
scrypt of earlier releases, interleaved in the same rounds.

Run on demand:  python -m tests.bench.password_hash [--rounds 7]

Each round checks the right password once against a hash of every candidate, in turn, so that all
meet the same load. CPU time (`time.process_time()`: user + system, every thread) is what a check
costs the machine whatever else runs; wall time is what the clerk waits for at that moment.
The production choice (desktop_app.services.system.passwords) is the dearest set whose check
stays at about 60 ms of CPU here. "MiB-passes" is memory × passes, what an attacker's guess costs
in memory over time (scrypt writes its memory once and reads it once: two passes).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time

from argon2 import PasswordHasher, Type

from desktop_app.services.system import passwords
from tests.bench import machine

# (label, memory MiB, passes, lanes)
ARGON2 = [
    ("Argon2id m=19 MiB t=2 p=1 (OWASP minimum)", 19, 2, 1),
    ("Argon2id m=46 MiB t=1 p=1 (OWASP, one pass)", 46, 1, 1),
    ("Argon2id m=32 MiB t=2 p=1", 32, 2, 1),
    ("Argon2id m=19 MiB t=4 p=1", 19, 4, 1),
    ("Argon2id m=24 MiB t=3 p=1 (chosen)", 24, 3, 1),
    ("Argon2id m=28 MiB t=3 p=1", 28, 3, 1),
    ("Argon2id m=64 MiB t=3 p=4 (RFC 9106, low memory)", 64, 3, 4),
]
SCRYPT = [("scrypt N=2^17 r=8 p=1 (previous release)", 2**17), ("scrypt N=2^14 r=8 p=1", 2**14)]
PASSWORD = b"bench-password"


def _argon2_check(m: int, t: int, p: int):
    hasher = PasswordHasher(
        time_cost=t, memory_cost=m * 1024, parallelism=p, hash_len=32, salt_len=16, type=Type.ID
    )
    stored = hasher.hash(PASSWORD)
    return lambda: hasher.verify(stored, PASSWORD)


def _scrypt_check(n: int):
    salt = bytes(16)
    maxmem = 128 * 8 * (n + 3) + 2**20
    return lambda: hashlib.scrypt(PASSWORD, salt=salt, n=n, r=8, p=1, dklen=32, maxmem=maxmem)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    machine.start("one password check per candidate and round, interleaved")
    prod = (passwords.PRODUCTION_M // 1024, passwords.T, passwords.P)
    print(f"production: Argon2id m={prod[0]} MiB t={prod[1]} p={prod[2]}")
    checks = [(label, m * t, _argon2_check(m, t, p)) for label, m, t, p in ARGON2]
    checks += [(label, n * 1024 // 2**20 * 2, _scrypt_check(n)) for label, n in SCRYPT]
    cpu: dict[str, list[float]] = {label: [] for label, _, _ in checks}
    wall: dict[str, list[float]] = {label: [] for label, _, _ in checks}
    for _ in range(args.rounds):
        for label, _, check in checks:
            c, w = time.process_time(), time.perf_counter()
            check()
            cpu[label].append(time.process_time() - c)
            wall[label].append(time.perf_counter() - w)
    machine.report("the rounds' end")
    print(f"{args.rounds} rounds; median (min–max) per check:")
    for label, cost, _ in checks:
        c, w = cpu[label], wall[label]
        print(
            f"  {label:48s} {cost:4d} MiB-passes  CPU {statistics.median(c) * 1000:6.1f} ms "
            f"({min(c) * 1000:.1f}–{max(c) * 1000:.1f})  wall {statistics.median(w) * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()
